import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModules, type Modules } from '../../src/app/load-modules.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { CivicastConfig } from '../../src/config/schema.js';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { Inbox } from '../../src/replies/inbox.js';
import { ReplyPipeline } from '../../src/replies/reply-pipeline.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

let modules: Modules;
let config: CivicastConfig;
const now = Date.parse('2026-01-25T12:00:00Z');
const clock = { now: () => now };

beforeAll(async () => {
  const configDir = path.resolve('config');
  config = loadConfig(configDir).config;
  modules = await loadModules({ configDir, config, logger: pino({ level: 'silent' }) });
});

function message(id: string, text: string, author = `u-${id}`): InboundMessage {
  return { id, channel: 'mastodon-311', author: { id: author, handle: author }, text, isDirect: false, createdAt: now - 1000, receivedAt: now, replyTarget: { messageId: id, authorHandle: author } };
}

function pipelineWith(decider: Modules['faq']) {
  const store = new MemoryStore();
  const outbox = new Outbox(store, clock);
  const inbox = new Inbox(store, clock);
  const pipeline = new ReplyPipeline({ store, outbox, inbox, decider, currentEmergency: async () => null, compose: (text) => [text], config: config.replies, clock, logger: pino({ level: 'silent' }) });
  return { store, outbox, inbox, pipeline };
}

describe('a message in a recognised language the city does not serve', () => {
  it('gets the short pointer to 311 with an interpreter in its language, and goes to staff tagged with it', async () => {
    const { pipeline, outbox, inbox } = pipelineWith(modules.faq);
    expect(await pipeline.handle(message('k1', '눈 때문에 쓰레기 수거가 언제 되나요?'))).toBe('handoff');
    const reply = await outbox.get('reply:mastodon-311:k1');
    expect(reply).toMatchObject({ locale: 'ko', priority: 'answer', replyTo: { messageId: 'k1' } });
    expect(reply?.parts.join(' ')).toMatch(/한국어 통역을 요청하세요/);
    // The resident's words are never quoted back.
    expect(reply?.parts.join(' ')).not.toContain('쓰레기');
    const [item] = await inbox.list('open');
    expect(item).toMatchObject({ reason: 'unserved-language', locale: 'ko', topic: null });
  });

  it('points one author to an interpreter once per cooldown, and still hands every message to staff', async () => {
    const { pipeline, outbox, inbox } = pipelineWith(modules.faq);
    await pipeline.handle(message('p1', 'Kiedy będzie odśnieżona moja ulica?', 'jan'));
    await pipeline.handle(message('p2', 'Czy szkoły są jutro zamknięte?', 'jan'));
    expect(await outbox.get('reply:mastodon-311:p1')).toMatchObject({ locale: 'pl' });
    expect(await outbox.get('reply:mastodon-311:p2')).toBeUndefined();
    expect((await inbox.list('open')).map((i) => `${i.reason}:${i.locale}`)).toEqual(['unserved-language:pl', 'unserved-language:pl']);
  });

  it('in danger gets the 911 pointer in its language at the top priority, flagged to staff as urgent', async () => {
    const { pipeline, outbox, inbox } = pipelineWith(modules.faq);
    // In a language the model saw few examples of, short alarm words get the full 911 reply only
    // when the model agrees (decide-danger-tier.ts), else possible danger: either way the 911
    // pointer in Italian goes out first and staff see an urgent item.
    const outcome = await pipeline.handle(message('d1', 'Aiuto, la casa è on fire e c’è fumo dappertutto'));
    expect(['urgent', 'possible']).toContain(outcome);
    const reply = await outbox.get('reply:mastodon-311:d1');
    expect(reply).toMatchObject({ locale: 'it', priority: 'urgent' });
    expect(reply?.parts.join(' ')).toMatch(/chiami subito il 911/);
    expect((await inbox.list('open'))[0]).toMatchObject({ reason: outcome === 'urgent' ? 'urgent' : 'possible-danger', urgent: true, locale: 'it', dangerKinds: expect.arrayContaining(['fire']) });
  });

  it('gets no reply where the city approved none, only the hand-off tagged with its language', async () => {
    const shipped = loadConfig(path.resolve('config'));
    const city = { ...shipped.config.city, languages: { ...shipped.config.city.languages, interpreterReplies: ['ja'] } };
    const modulesWithout = await loadModules({ configDir: path.resolve('config'), config: { ...shipped.config, city }, logger: pino({ level: 'silent' }) });
    const { pipeline, outbox, inbox } = pipelineWith(modulesWithout.faq);
    expect(await pipeline.handle(message('t1', 'Kailan kukunin ang basura namin ngayong linggo?'))).toBe('handoff');
    expect(await outbox.get('reply:mastodon-311:t1')).toBeUndefined();
    expect((await inbox.list('open'))[0]).toMatchObject({ reason: 'low-confidence', locale: 'tl' });
  });
});
