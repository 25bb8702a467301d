import type { StatusView } from './status-view.js';
import { xml } from './xml.js';

/** The city's official posts as Atom 1.0, for other sites and apps to follow. */
export function renderPostsAtom(view: StatusView, baseUrl: string): string {
  const updated = view.posts[0]?.at ?? view.generatedAt;
  const entries = view.posts.map((post) => {
    const title = post.text.split('\n')[0]?.slice(0, 120) ?? '';
    return [
      '  <entry>',
      `    <id>${xml(`${baseUrl}/status#post-${post.id}`)}</id>`,
      `    <title>${xml(title)}</title>`,
      `    <updated>${post.at}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xml(post.links[0] ?? `${baseUrl}/status`)}"/>`,
      `    <content type="text"${post.locale === undefined ? '' : ` xml:lang="${xml(post.locale)}"`}>${xml(post.text)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(`${baseUrl}/feed.atom`)}</id>`,
    `  <title>${xml(`${view.city.name}: official emergency posts`)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(view.city.name)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${baseUrl}/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${baseUrl}/status`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
