import fs from 'node:fs';
import Handlebars from 'handlebars';
import type { PublicLanguages } from '../../languages/public-languages.js';
import type { PublicPost, StatusView } from './status-view.js';

const LONG: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** The labels the page says, from `locales/<lang>.yaml` (`labels.page`). */
const PAGE_LABELS = ['title', 'heading', 'none', 'since', 'until', 'meaning', 'posts', 'noPosts', 'ended', 'updated', 'languages', 'follow', 'postsFeed', 'alertsFeed', 'data', 'stale'] as const;

/** The parts of a post in `lang`: a one-language post whole, a multilingual thread's parts in it. */
function inLanguage(post: PublicPost, lang: string): string | undefined {
  if (post.partLocales !== undefined && post.parts !== undefined) {
    const mine = post.parts.filter((_part, i) => post.partLocales?.[i] === lang);
    return mine.length === 0 ? undefined : mine.join('\n\n');
  }
  return post.locale === undefined || post.locale === lang ? post.text : undefined;
}

/**
 * Renders the public status page in one served language: its labels, the emergencies' titles in
 * it, its dates, its direction (`dir="rtl"` for Arabic), the official posts in it, and what it
 * means in every language that has its own answers (each with its own `lang` and `dir`).
 * Handlebars here escapes HTML (unlike the post templates, which produce plain text), so nothing
 * from feeds or posts can inject markup.
 */
export class StatusPage {
  private readonly template: Handlebars.TemplateDelegate;

  constructor(templateFile: string) {
    const hbs = Handlebars.create();
    // One language's "what it means" section, with its own lang and dir.
    hbs.registerPartial('meaning', '<section class="meaning" lang="{{tag}}" dir="{{dir}}" aria-label="{{name}}">\n    <h2>{{heading}} · {{name}}</h2>\n    <dl>{{#each items}}<dt>{{label}}</dt><dd>{{text}}</dd>{{/each}}</dl>\n  </section>\n');
    this.template = hbs.compile(fs.readFileSync(templateFile, 'utf8'), { strict: false });
  }

  render(view: StatusView, options: { languages: PublicLanguages; lang: string }): string {
    const { languages, lang } = options;
    const pack = languages.pack(lang);
    const format = (isoTime: string) => languages.formatDate(isoTime, lang, LONG);
    const t = Object.fromEntries(PAGE_LABELS.map((key) => [key, languages.label(lang, `page.${key}`)]));
    const attrs = (code: string) => ({ tag: languages.pack(code).tag, dir: languages.pack(code).dir });
    const meaning = view.meaning.map((m) => ({
      code: m.locale,
      ...attrs(m.locale),
      name: languages.pack(m.locale).name,
      heading: languages.label(m.locale, 'page.meaning'),
      items: m.items.map((i) => ({ ...i, label: languages.topicLabel(m.locale, i.topic) ?? i.topic })),
    }));
    return this.template({
      ...attrs(lang),
      lang,
      t,
      city: languages.cityName(lang),
      updated: format(view.generatedAt),
      stale: view.stale !== undefined,
      languages: languages.pageLanguages().map((code) => ({ code, name: languages.pack(code).name, current: code === lang, ...attrs(code) })),
      emergencies: view.emergencies.map((e) => ({ type: e.type, title: languages.emergencyTitle(e.type, lang, e.title), since: format(e.effectiveAt), until: e.expiresAt === undefined ? undefined : format(e.expiresAt) })),
      ended: view.ended.map((e) => ({ title: languages.emergencyTitle(e.type, lang, e.title), endedLabel: format(e.endedAt ?? e.updatedAt) })),
      // The page's own language first, with its posts; the others after them, each in its own
      // lang and dir (a household may read two), never in place of this language's.
      ownMeaning: meaning.filter((m) => m.code === lang),
      otherMeaning: meaning.filter((m) => m.code !== lang),
      posts: view.posts
        .flatMap((p) => {
          const text = inLanguage(p, lang);
          return text === undefined ? [] : [{ text, links: p.links, when: format(p.at), ...(p.locale === undefined ? {} : attrs(lang)) }];
        })
        .slice(0, 15),
      dir: pack.dir,
    });
  }
}
