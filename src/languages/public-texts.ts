import type { CompiledTemplate, TemplateContext, TemplateEngine } from '../templates/engine.js';

/**
 * The kinds of public text that exist per language, as the first part of a text's key:
 * `template:snow/status` (a campaign post), `title:snow` (a playbook's title), `label:page.heading`
 * (status page, feeds, CAP), `fact:alertsSignup` (a city fact that is words),
 * `calendar:weekdays` (day and month names `Intl` lacks), `interpreter:general` (the pointer to
 * 311 for an unserved language), `faq:snow.plowing/snow` (a FAQ answer for a state, or
 * `faq:<topic>/acknowledge`). The danger lines (`danger:`) and public statements (`statement:`)
 * take the same shape when they are added.
 */
export type TextKind = 'template' | 'title' | 'label' | 'fact' | 'calendar' | 'interpreter' | 'faq';

export const TEXT_KINDS: readonly TextKind[] = ['template', 'title', 'label', 'fact', 'calendar', 'interpreter', 'faq'];

/** One public text in one language, as shipped. */
export interface ShippedText {
  key: string;
  language: string;
  text: string;
  /** Where a person edits it, e.g. `templates/snow/status.es.hbs` or `locales/es.yaml`. */
  file: string;
  /** The field inside `file`, when the file holds many texts. */
  path?: string;
}

export function kindOf(key: string): TextKind {
  return key.slice(0, key.indexOf(':')) as TextKind;
}

/**
 * Every public text in every language, and the one place they are rendered: a reviewer's edit
 * made while the service runs (`edit`) replaces the shipped text here, so posts, pages and
 * replies use it at once. Templates are compiled once per text and recompiled only when edited.
 */
export class PublicTexts {
  private readonly shipped = new Map<string, ShippedText>();
  private readonly edits = new Map<string, string>();
  private readonly compiled = new Map<string, { source: string; template: CompiledTemplate }>();

  constructor(private readonly engine: TemplateEngine) {}

  add(entry: ShippedText): void {
    this.shipped.set(id(entry.language, entry.key), entry);
  }

  has(language: string, key: string): boolean {
    return this.shipped.has(id(language, key));
  }

  /** The text as shipped in its file. */
  shippedText(language: string, key: string): ShippedText | undefined {
    return this.shipped.get(id(language, key));
  }

  /** The text in use: a live edit, else the shipped one. */
  text(language: string, key: string): string | undefined {
    const at = id(language, key);
    return this.edits.get(at) ?? this.shipped.get(at)?.text;
  }

  isEdited(language: string, key: string): boolean {
    return this.edits.has(id(language, key));
  }

  entries(): ShippedText[] {
    return [...this.shipped.values()];
  }

  /** Every key of one kind that any language has, sorted. */
  keys(kind?: TextKind): string[] {
    const keys = new Set<string>();
    for (const entry of this.shipped.values()) if (kind === undefined || kindOf(entry.key) === kind) keys.add(entry.key);
    return [...keys].sort();
  }

  /** Compiles `text` as it would be used (throws naming the text); for checking an edit before it is kept. */
  compile(language: string, key: string, text: string): CompiledTemplate {
    return this.engine.compile(text, `${key} (${language})`);
  }

  /** Renders a text; throws when the language has no such text (never another language's). */
  render(language: string, key: string, context: TemplateContext): string {
    const at = id(language, key);
    const source = this.sourceOf(language, key);
    let cached = this.compiled.get(at);
    if (cached === undefined || cached.source !== source) {
      cached = { source, template: this.compileText(language, key, source) };
      this.compiled.set(at, cached);
    }
    return cached.template(context, language);
  }

  /**
   * Renders a text as `render` does without keeping what it compiles: the start-up checks render
   * every text once, and most are not rendered again until an emergency (compiled then, in well
   * under a millisecond). Keeping them all took ~5 MiB for the life of the process.
   */
  renderOnce(language: string, key: string, context: TemplateContext): string {
    const source = this.sourceOf(language, key);
    const cached = this.compiled.get(id(language, key));
    const template = cached !== undefined && cached.source === source ? cached.template : this.compileText(language, key, source);
    return template(context, language);
  }

  private sourceOf(language: string, key: string): string {
    const source = this.text(language, key);
    if (source === undefined) throw new Error(`no ${language} text for ${key}`);
    return source;
  }

  private compileText(language: string, key: string, source: string): CompiledTemplate {
    const file = this.shipped.get(id(language, key))?.file ?? key;
    return this.engine.compile(source, this.isEdited(language, key) ? `${file} (edited)` : file);
  }

  /** Puts a reviewer's edit in use; the caller has checked it renders. */
  edit(language: string, key: string, text: string): void {
    if (!this.has(language, key)) throw new Error(`no ${language} text for ${key} to edit`);
    this.edits.set(id(language, key), text);
  }

  /** Goes back to the shipped text (an edit made for an older shipped text no longer applies). */
  dropEdit(language: string, key: string): void {
    this.edits.delete(id(language, key));
  }
}

function id(language: string, key: string): string {
  return `${language}\u0000${key}`;
}
