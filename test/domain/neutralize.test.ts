import { describe, expect, it } from 'vitest';
import { neutralize } from '../../src/domain/neutralize.js';

describe('neutralize', () => {
  it('leaves no template syntax, however many braces', () => {
    for (const text of ['{{city.name}}', '{{{city.name}}}', '{{{{raw}}}}', '{{#each x}}{{/each}}', '}}}{{{']) {
      const out = neutralize(text);
      expect(out, text).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('removes Discord mention tokens and turns @ into a sign no platform links', () => {
    expect(neutralize('hi <@123456789012345678> and <@&987654321098765432> @everyone @here @user')).toBe('hi and ＠everyone ＠here ＠user');
  });

  it('cuts by code points, never inside an emoji, and marks the cut', () => {
    const out = neutralize('😀'.repeat(150), 200);
    expect([...out]).toHaveLength(150);
    const cut = neutralize('😀'.repeat(300), 200);
    expect([...cut]).toHaveLength(200);
    expect(cut.endsWith('…')).toBe(true);
    // No lone surrogate anywhere.
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('strips control and bidi characters and limits stacked accents', () => {
    expect(neutralize('a\u0000b\u202Ec\u2066d\u200Fe')).toBe('abcde');
    // NFC first composes e + ´ into é; of the 19 marks left, three stay.
    expect(neutralize(`e${'\u0301'.repeat(20)}`)).toBe(`\u00e9${'\u0301'.repeat(3)}`);
  });
});
