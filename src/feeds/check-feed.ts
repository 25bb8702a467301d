import { classifyItem, type Classification } from './classify.js';
import { sourceSchema, type FeedsConfig } from './feed-config.js';
import type { FeedFormat, FeedItem } from './feed-item.js';
import { fetchFeed } from './fetch-feed.js';
import { parseFeed } from './parse-feed.js';

export interface CheckedItem {
  item: FeedItem;
  result: Classification;
}

/** Guesses the format of a document from its first bytes. */
export function guessFormat(body: string): FeedFormat {
  const head = body.slice(0, 2000).trimStart();
  if (head.startsWith('{')) return head.includes('FeatureCollection') ? 'nws-json' : 'json';
  return /<alert[\s>]/.test(head) ? 'cap' : 'rss';
}

/** Reads or fetches a feed once and classifies every item with the configured rules. Changes nothing. */
export async function checkFeed(input: { url: string; format?: FeedFormat; config: FeedsConfig; feedsRequireApproval: boolean; baseDir: string; now: number }): Promise<{ format: FeedFormat; items: CheckedItem[] }> {
  const fetched = await fetchFeed(input.url, { userAgent: input.config.userAgent, timeoutMs: input.config.timeoutMs, maxBytes: input.config.maxBytes, baseDir: input.baseDir });
  if (fetched.status !== 'ok') throw new Error('unexpected 304 without validators');
  const format = input.format ?? guessFormat(fetched.body);
  const items = await parseFeed(fetched.body, format);
  const source = sourceSchema.parse({ id: 'check', url: input.url, format });
  return { format, items: items.map((item) => ({ item, result: classifyItem(item, source, input.config.rules, { requiresApproval: input.feedsRequireApproval, now: input.now }) })) };
}

export function formatFeedCheck(check: { format: FeedFormat; items: CheckedItem[] }): string {
  const lines = [`format: ${check.format}, ${check.items.length} item(s)`];
  for (const { item, result } of check.items) {
    lines.push('', `• ${item.title || '(no title)'}`, `  id:        ${item.id}`, `  published: ${Number.isFinite(item.publishedAt) ? new Date(item.publishedAt).toISOString() : 'unknown'}`);
    const cap = item.cap;
    if (cap !== undefined) {
      lines.push(`  cap:       ${cap.event} · status ${cap.status} · msgType ${cap.msgType} · ${cap.severity ?? ''}/${cap.urgency ?? ''}/${cap.certainty ?? ''}`);
      lines.push(`  area:      ${(cap.areaDesc ?? '').slice(0, 100)} [UGC ${cap.geocode.UGC.slice(0, 6).join(' ')}${cap.geocode.UGC.length > 6 ? ' …' : ''}]`);
      lines.push(`  times:     effective ${cap.effective ?? '?'} · expires ${cap.expires ?? '?'}`);
      if (cap.vtec.length > 0) lines.push(`  vtec:      ${cap.vtec.join(' ')}`);
      if (cap.references.length > 0) lines.push(`  refs:      ${cap.references.length} earlier alert(s)`);
    }
    if ('signal' in result) {
      const s = result.signal;
      lines.push(`  → signal:  ${s.action.toUpperCase()} ${s.type}${s.requiresApproval ? ' (needs approval)' : ''}${s.drill ? ' (drill)' : ''} keys ${s.eventKeys.slice(0, 3).join(', ')}`);
    } else {
      lines.push(`  → no signal (${result.skip})`);
    }
  }
  return lines.join('\n');
}
