import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { csvCell, formatRecords, type RecordRow } from '../../src/records/records-export.js';
import { ReplyRecords } from '../../src/records/reply-records.js';
import type { ReplyDecision } from '../../src/replies/decider.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

const message = (id: string, text: string): InboundMessage => ({ id, channel: 'x', author: { id: 'a', handle: '@someone' }, text, isDirect: false, createdAt: 1, receivedAt: 1, replyTarget: { messageId: id } });
const answer = (topic: string, version: string): ReplyDecision => ({ kind: 'answer', danger: 'none', dangerKinds: [], topic, confidence: 0.9, locale: 'en', reply: 'text', latencyMs: 0, version, asOf: 5 });

describe('ReplyRecords', () => {
  it('lists replies from a superseded or switched-off answer, newest first, and prunes by age', async () => {
    let now = 100;
    const records = new ReplyRecords(new MemoryStore(), { now: () => now });
    await records.record(message('1', 'where do I park'), answer('parking.where_to_park', 'v1'), 'replied', 'reply:x:1');
    now = 200;
    await records.record(message('2', 'was my car towed'), answer('parking.towed', 't1'), 'replied', 'reply:x:2');
    now = 300;
    await records.record(message('3', 'where do I park now'), answer('parking.where_to_park', 'v2'), 'replied', 'reply:x:3');
    const current = { versionOf: (topic: string) => ({ version: topic === 'parking.towed' ? 't1' : 'v2' }), disabledTopics: () => ['parking.towed'] };
    expect((await records.stale(current)).map((r) => [r.id, r.why, r.currentVersion])).toEqual([
      ['x:2', 'switched-off', 't1'],
      ['x:1', 'superseded', 'v2'],
    ]);
    // Hostile text is stored neutralised (no live mention).
    expect((await records.list())[0]?.author).toBe('＠someone');
    expect(await records.prune(250)).toBe(2);
    expect((await records.list()).map((r) => r.id)).toEqual(['x:3']);
  });

  it('writes CSV that a spreadsheet reads as text, and one JSON object per line', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    const row: RecordRow = { kind: 'message', at: '2026-11-26T00:00:00.000Z', channel: 'x', id: 'x:1', actor: 'a', text: '@x hi, there', outcome: 'handoff', topic: '', confidence: '0.2', locale: 'en', version: '', asOf: '', ref: '' };
    expect(formatRecords([row], 'csv').split('\r\n')[1]).toBe(`message,2026-11-26T00:00:00.000Z,x,x:1,a,"'@x hi, there",handoff,,0.2,en,,,`);
    expect(JSON.parse(formatRecords([row], 'jsonl').trim())).toEqual(row);
    expect(formatRecords([], 'jsonl')).toBe('');
  });
});
