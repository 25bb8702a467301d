import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/channels/mastodon/html-to-text.js';
import { rateLimitResetAt } from '../../../src/channels/mastodon/mastodon-errors.js';
import { comparableText, composeStatusText, neutraliseMentions } from '../../../src/channels/mastodon/mastodon-text.js';

describe('mastodon text handling', () => {
  it('turns status HTML into plain text', () => {
    const html =
      '<p><span class="h-card" translate="no"><a href="https://city.example/@alerts" class="u-url mention">@<span>alerts</span></a></span> Is it &lt;safe&gt; &amp; open?<br />Line two&#39;s &#x1F600;</p>' +
      '<p><a href="https://example.com/a/very/long/path/indeed/yes"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/long/path</span><span class="invisible">/indeed/yes</span></a></p>';
    expect(htmlToText(html)).toBe("@alerts Is it <safe> & open?\nLine two's 😀\n\nhttps://example.com/a/very/long/path/indeed/yes");
  });

  it('neutralises mentions but leaves e-mail addresses and URLs alone', () => {
    expect(neutraliseMentions('Ask @admin or @ops@city.example; mail a@b.example; see https://x.example/@page')).toBe(
      'Ask ＠admin or ＠ops@city.example; mail a@b.example; see https://x.example/@page',
    );
  });

  it('prefixes the asker and counts the mention without its domain', () => {
    const text = composeStatusText('z'.repeat(494), 500, 'al@very-long-domain.example');
    expect(text).toBe(`@al@very-long-domain.example ${'z'.repeat(494)}`);
    expect(composeStatusText('z'.repeat(497), 500, 'al').endsWith('…')).toBe(true);
    expect(comparableText('@al@x.example  hello\n\nworld')).toBe('hello world');
  });

  it('reads the ISO 8601 reset time, falling back to Retry-After', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(rateLimitResetAt(new Headers({ 'x-ratelimit-reset': '2024-05-01T12:05:00.000Z' }), now)).toBe(now + 300_000);
    expect(rateLimitResetAt(new Headers({ 'retry-after': '30' }), now)).toBe(now + 30_000);
    expect(rateLimitResetAt(undefined, now)).toBe(now + 60_000);
  });
});
