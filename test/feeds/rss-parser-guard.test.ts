import { describe, expect, it } from 'vitest';
import { linearStripHtml } from '../../src/feeds/rss-parser-guard.js';

/** rss-parser's own stripHtml (lib/utils.js), quadratic on unclosed markup. */
function originalStripHtml(str: string): string {
  return str
    .replace(/([^\n])<\/?(h|br|p|ul|ol|li|blockquote|section|table|tr|div)(?:.|\n)*?>([^\n])/gm, '$1\n$3')
    .replace(/<(?:.|\n)*?>/gm, '');
}

describe('rss-parser guard', () => {
  it('strips well-formed markup exactly as rss-parser does', () => {
    const samples = [
      '<p>Snow emergency <b>declared</b>.</p><p>Move your car.</p>',
      'Trash<br/>is one day late<br>this week',
      '<div class="x">Plows <a href="https://phila.gov">out</a></div>tonight',
      'no markup at all & that is fine',
      '<ul><li>one</li><li>two</li></ul>',
    ];
    for (const sample of samples) expect(linearStripHtml(sample), sample).toBe(originalStripHtml(sample));
  });

  it('leaves unclosed markup as text (the original needs minutes on this input; this finishes in the test timeout)', () => {
    const hostile = 'x<p '.repeat(100_000);
    expect(linearStripHtml(hostile)).toBe(hostile);
    expect(linearStripHtml(`${hostile}<b>bold</b>`)).toBe(`${hostile}bold`);
  });
});
