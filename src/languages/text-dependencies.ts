import Handlebars from 'handlebars';

export interface TextDependencies {
  /** `city.<name>` paths the text reads. */
  facts: string[];
  /** Whether it says the emergency's title. */
  usesTitle: boolean;
}

const cache = new Map<string, TextDependencies>();

/**
 * What a template reads besides itself: the city facts and the emergency's title. A post in a
 * language may only go out when these texts may too (a reviewed template with a draft fact is
 * not reviewed as a whole).
 */
export function textDependencies(source: string): TextDependencies {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const facts = new Set<string>();
  let usesTitle = false;
  class Paths extends Handlebars.Visitor {
    override PathExpression(path: hbs.AST.PathExpression): void {
      const [head, name] = path.parts;
      if (head === 'city' && name !== undefined) facts.add(name);
      if (head === 'emergency' && name === 'title') usesTitle = true;
    }
  }
  new Paths().accept(Handlebars.parse(source));
  const found = { facts: [...facts].sort(), usesTitle };
  if (cache.size > 2000) cache.clear();
  cache.set(source, found);
  return found;
}
