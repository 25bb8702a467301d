import { describe, expect, it } from 'vitest';
import { groupThemes } from '../../src/learning/themes.js';
import type { InboxItem } from '../../src/replies/inbox.js';

let n = 0;
function item(text: string, over: Partial<InboxItem> = {}): InboxItem {
  n++;
  return {
    id: `x:${n}`,
    channel: 'x',
    messageId: String(n),
    author: `a${n}`,
    text,
    reason: 'low-confidence',
    urgent: false,
    danger: 'none',
    dangerKinds: [],
    topic: null,
    confidence: 0.3,
    locale: 'en',
    status: 'open',
    createdAt: 1_000 + n,
    replyTarget: { messageId: String(n) },
    ...over,
  };
}

describe('groupThemes', () => {
  it('groups similar open hand-offs, largest first, with counts, examples and the most common first guess', () => {
    const items = [
      item('can i renew my dog license online', { guesses: [{ topic: 'city.offices', confidence: 0.4 }] }),
      item('renew dog license online?', { guesses: [{ topic: 'city.offices', confidence: 0.2 }] }),
      item('how do I renew a dog license online', { guesses: [{ topic: 'report.issue', confidence: 0.3 }, { topic: 'city.offices', confidence: 0.2 }] }),
      item('is the zoo open on sunday'),
      item('zoo open sunday?'),
      item('the bus shelter glass is broken'),
    ];
    const themes = groupThemes(items, { since: 0 });
    expect(themes.map((t) => t.count)).toEqual([3, 2, 1]);
    const [dogs] = themes;
    expect(dogs?.itemIds).toEqual(items.slice(0, 3).map((i) => i.id));
    expect(dogs?.topGuess).toEqual({ topic: 'city.offices', confidence: 0.3 });
    // Newest examples first.
    expect(dogs?.examples.map((e) => e.text)).toEqual(['how do I renew a dog license online', 'renew dog license online?', 'can i renew my dog license online']);
    expect(dogs?.firstAt).toBe(items[0]?.createdAt);
    expect(dogs?.lastAt).toBe(items[2]?.createdAt);
  });

  it('leaves out danger, closed, other reasons and older items; the id stays while its oldest item stays', () => {
    const kept = item('when does the library reopen');
    const items = [
      item('when does the library reopen', { createdAt: 1 }),
      kept,
      item('when does the library reopen', { urgent: true, danger: 'possible', reason: 'possible-danger' }),
      item('when does the library reopen', { status: 'answered' }),
      item('when does the library reopen', { reason: 'unserved-language' }),
    ];
    const themes = groupThemes(items, { since: 500 });
    expect(themes).toHaveLength(1);
    expect(themes[0]?.itemIds).toEqual([kept.id]);
    const later = groupThemes([...items, item('when will the library reopen')], { since: 500 });
    expect(later[0]?.count).toBe(2);
    expect(later[0]?.id).toBe(themes[0]?.id);
  });

  it('groups posts without content words only when their words are the same; a switched-off topic counts as the guess', () => {
    const themes = groupThemes([item('???'), item('?!'), item('what is it', { disabledTopic: 'parking.towed', confidence: 0.9 }), item('what is it')], { since: 0 });
    expect(themes.map((t) => t.count)).toEqual([2, 2]);
    expect(themes.find((t) => t.topGuess !== null)?.topGuess).toEqual({ topic: 'parking.towed', confidence: 0.9 });
  });
});
