import type { PublicLanguages } from '../../languages/public-languages.js';
import type { PublicPost, StatusView } from './status-view.js';
import { xml } from './xml.js';

/** One entry's text and language: a multilingual thread gives its parts in `language` only. */
function entryOf(post: PublicPost, language: string | undefined): { text: string; locale?: string } | undefined {
  if (language === undefined) return { text: post.text, ...(post.locale === undefined ? {} : { locale: post.locale }) };
  if (post.partLocales !== undefined && post.parts !== undefined) {
    const mine = post.parts.filter((_part, i) => post.partLocales?.[i] === language);
    return mine.length === 0 ? undefined : { text: mine.join('\n\n'), locale: language };
  }
  if (post.locale !== undefined && post.locale !== language) return undefined;
  return { text: post.text, ...(post.locale === undefined ? {} : { locale: post.locale }) };
}

/**
 * The city's official posts as Atom 1.0, for other sites and apps to follow: every language in
 * one feed, or one language's posts (`/feed.atom?lang=es`) with the feed's own title in it.
 */
export function renderPostsAtom(view: StatusView, baseUrl: string, languages: PublicLanguages, language?: string): string {
  const updated = view.posts[0]?.at ?? view.generatedAt;
  const feedLanguage = language ?? languages.source;
  const tag = (code: string) => (code === 'mul' ? 'mul' : languages.pack(code).tag);
  const entries = view.posts.flatMap((post) => {
    const entry = entryOf(post, language);
    if (entry === undefined) return [];
    const title = entry.text.split('\n')[0]?.slice(0, 120) ?? '';
    return [
      [
        '  <entry>',
        `    <id>${xml(`${baseUrl}/status#post-${post.id}`)}</id>`,
        `    <title>${xml(title)}</title>`,
        `    <updated>${post.at}</updated>`,
        `    <link rel="alternate" type="text/html" href="${xml(post.links[0] ?? `${baseUrl}/status`)}"/>`,
        `    <content type="text"${entry.locale === undefined ? '' : ` xml:lang="${xml(tag(entry.locale))}"`}>${xml(entry.text)}</content>`,
        '  </entry>',
      ].join('\n'),
    ];
  });
  const self = `${baseUrl}/feed.atom${language === undefined ? '' : `?lang=${language}`}`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(language === undefined ? 'mul' : tag(language))}">`,
    `  <id>${xml(self)}</id>`,
    `  <title>${xml(languages.label(feedLanguage, 'feeds.postsTitle'))}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(languages.cityName(feedLanguage))}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${baseUrl}/status${language === undefined ? '' : `?lang=${language}`}`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
