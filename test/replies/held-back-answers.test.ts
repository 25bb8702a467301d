import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModules } from '../../src/app/load-modules.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { CivicastConfig } from '../../src/config/schema.js';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { Inbox } from '../../src/replies/inbox.js';
import { ReplyPipeline } from '../../src/replies/reply-pipeline.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const now = Date.parse('2026-01-25T12:00:00Z');
const clock = { now: () => now };
const PLOWS_VI = 'khi nào xe ủi tuyết dọn đường nhà tôi?';
const PLOWS_ES = '¿cuándo pasan las quitanieves por mi calle?';
const POINTER_VI = 'Câu trả lời bằng tiếng Việt đang được duyệt. Xin gọi {{city.phone311Local}} ({{city.phone311Outside}} từ ngoài thành phố) và xin thông dịch viên tiếng Việt. Khẩn cấp, gọi {{city.emergencyNumber}}.';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-held-'));
  dirs.push(dir);
  return dir;
}

function message(id: string, text: string): InboundMessage {
  return { id, channel: 'console', author: { id: `u-${id}`, handle: `u-${id}` }, text, isDirect: false, createdAt: now - 1000, receivedAt: now, replyTarget: { messageId: id, authorHandle: `u-${id}` } };
}

async function setUp(sendUnreviewed: boolean, options: { localesDir?: string } = {}) {
  const configDir = path.resolve('config');
  const shipped = loadConfig(configDir).config;
  const config: CivicastConfig = { ...shipped, city: { ...shipped.city, translations: { sendUnreviewed } } };
  const modules = await loadModules({ configDir, config, logger: pino({ level: 'silent' }), ...options });
  const store = new SqliteStore({ file: path.join(tempDir(), 'civicast.db') });
  stores.push(store);
  await modules.translations.attach(store);
  const outbox = new Outbox(store, clock);
  const inbox = new Inbox(store, clock);
  const pipeline = new ReplyPipeline({ store, outbox, inbox, decider: modules.faq, currentEmergency: async () => null, compose: (text) => [text], config: config.replies, clock, logger: pino({ level: 'silent' }) });
  return { modules, store, outbox, inbox, pipeline };
}

describe('draft FAQ answers with city.translations.sendUnreviewed off', () => {
  let held: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    held = await setUp(false);
  });

  it('go out as they are while the setting is on (the shipped demo)', async () => {
    const { modules, pipeline, outbox } = await setUp(true);
    const decision = modules.faq.decide(PLOWS_VI, null);
    expect(decision).toMatchObject({ kind: 'answer', topic: 'snow.plowing', locale: 'vi' });
    expect(decision.withheld).toBeUndefined();
    expect(await pipeline.handle(message('on-1', PLOWS_VI))).toBe('replied');
    expect((await outbox.get('reply:console:on-1'))?.parts.join(' ')).toMatch(/^Đội dọn tuyết/);
  });

  it('are held back: no Vietnamese draft and no English answer instead; staff get it tagged with the language and the reason', async () => {
    const { modules, pipeline, outbox, inbox } = held;
    const decision = modules.faq.decide(PLOWS_VI, null);
    expect(decision).toMatchObject({ kind: 'handoff', topic: null, locale: 'vi', reply: null, danger: 'none' });
    expect(decision.withheld).toBe('faq:snow.plowing/default (vi) is draft, not reviewed, and city.translations.sendUnreviewed is off');
    expect(decision.guesses?.[0]?.topic).toBe('snow.plowing');
    expect(await pipeline.handle(message('off-1', PLOWS_VI))).toBe('handoff');
    expect(await outbox.get('reply:console:off-1')).toBeUndefined();
    const item = await inbox.get('console:off-1');
    expect(item).toMatchObject({ reason: 'unreviewed-translation', locale: 'vi', status: 'open', withheld: decision.withheld });
  });

  it('leave reviewed answers alone: Spanish (reviewed in its topic file) is answered', async () => {
    const { pipeline, outbox } = held;
    expect(await pipeline.handle(message('es-1', PLOWS_ES))).toBe('replied');
    expect(await outbox.get('reply:console:es-1')).toMatchObject({ locale: 'es' });
  });

  it('never hold back the 911 reply, in the asker\'s language', async () => {
    const { modules, pipeline, outbox, inbox } = held;
    const text = 'nhà tôi có người bất tỉnh, không thở được';
    expect(modules.faq.decide(text, null)).toMatchObject({ kind: 'urgent', locale: 'vi' });
    expect(await pipeline.handle(message('danger-1', text))).toBe('urgent');
    expect((await outbox.get('reply:console:danger-1'))?.parts.join(' ')).toMatch(/911/);
    expect((await inbox.get('console:danger-1')).reason).toBe('urgent');
  });

  it('are answered once a reviewer approves the answer, and a draft acknowledgement is left out of a complaint\'s answer', async () => {
    const { modules, pipeline, outbox } = held;
    const complaint = 'Đường nhà tôi vẫn chưa được dọn tuyết, chán quá';
    await modules.translations.review({ language: 'vi', key: 'faq:snow.plowing/default', by: 'user:lan', at: now });
    const decision = modules.faq.decide(complaint, null);
    expect(decision).toMatchObject({ kind: 'answer', topic: 'snow.plowing', locale: 'vi' });
    expect(decision.reply).toMatch(/^Đội dọn tuyết/); // no "Rất tiếc…": that acknowledgement is still a draft
    expect(await pipeline.handle(message('approved-1', PLOWS_VI))).toBe('replied');
    expect((await outbox.get('reply:console:approved-1'))?.locale).toBe('vi');
    await modules.translations.review({ language: 'vi', key: 'faq:snow.plowing/acknowledge', by: 'user:lan', at: now });
    expect(modules.faq.decide(complaint, null).reply).toMatch(/^Rất tiếc đã để bạn chờ lâu\. Đội dọn tuyết/);
  });

  it('get the city\'s reviewed pointer in the asker\'s language where it has one, and only once it is reviewed', async () => {
    const localesDir = tempDir();
    fs.cpSync(path.resolve('locales'), localesDir, { recursive: true });
    const pointer = `interpreter:\n  general: "${POINTER_VI}"\n  danger: "Nếu có người gặp nguy hiểm, hãy gọi {{city.emergencyNumber}} ngay."\n`;
    fs.appendFileSync(path.join(localesDir, 'vi.yaml'), pointer);
    const { modules, pipeline, outbox, inbox } = await setUp(false, { localesDir });
    // Not reviewed yet: staff only.
    expect(modules.faq.decide(PLOWS_VI, null)).toMatchObject({ kind: 'handoff', reply: null });
    expect(modules.translations.list({ language: 'vi', kind: 'interpreter' }).map((r) => `${r.key} ${r.status}`)).toEqual(['interpreter:general unrecorded', 'interpreter:danger unrecorded']);
    await modules.translations.review({ language: 'vi', key: 'interpreter:general', by: 'user:lan', at: now });
    const decision = modules.faq.decide(PLOWS_VI, null);
    expect(decision).toMatchObject({ kind: 'handoff', locale: 'vi', topic: null });
    expect(decision.reply).toBe('Câu trả lời bằng tiếng Việt đang được duyệt. Xin gọi 311 (215-686-8686 từ ngoài thành phố) và xin thông dịch viên tiếng Việt. Khẩn cấp, gọi 911.');
    expect(await pipeline.handle(message('pointer-1', PLOWS_VI))).toBe('handoff');
    expect(await outbox.get('reply:console:pointer-1')).toMatchObject({ locale: 'vi', parts: [decision.reply] });
    expect(await inbox.get('console:pointer-1')).toMatchObject({ reason: 'unreviewed-translation', locale: 'vi' });
  });
});

describe('a FAQ correction made on one instance', () => {
  it('is answered with on another instance sharing the store at its next refresh, with no restart', async () => {
    const configDir = path.resolve('config');
    const config = loadConfig(configDir).config;
    const [first, second] = await Promise.all([loadModules({ configDir, config, logger: pino({ level: 'silent' }) }), loadModules({ configDir, config, logger: pino({ level: 'silent' }) })]);
    const store = new SqliteStore({ file: path.join(tempDir(), 'civicast.db') });
    stores.push(store);
    await Promise.all([first.translations.attach(store), second.translations.attach(store)]);
    const question = 'xe tôi bị kéo đi rồi, lấy lại ở đâu?';
    const original = second.faq.decide(question, null).reply;
    const fileVersion = first.faq.versionOf('parking.towed');
    const at = Date.now(); // after the files were written: the correction is the newest change
    await first.translations.review({ language: 'vi', key: 'faq:parking.towed/default', by: 'user:lan', at, text: 'Xe bị kéo: gọi {{city.phone311Local}} và đọc biển số xe để biết xe ở đâu.' });
    expect(first.faq.decide(question, null).reply).toBe('Xe bị kéo: gọi 311 và đọc biển số xe để biết xe ở đâu.');
    // The correction supersedes the file's version: replies given before it are listed as superseded.
    const corrected = first.faq.versionOf('parking.towed');
    expect(corrected?.version).toMatch(/^[0-9a-f]{12}$/);
    expect(corrected?.version).not.toBe(fileVersion?.version);
    expect(corrected?.asOf).toBe(at);
    expect(first.faq.decide(question, null)).toMatchObject({ version: corrected?.version, asOf: at });
    expect(first.faq.versionOf('parking.move_car')).toEqual(second.faq.versionOf('parking.move_car'));
    expect(second.faq.decide(question, null).reply).toBe(original); // its cached render, until it reads the store again
    await second.translations.refresh();
    expect(second.faq.decide(question, null)).toMatchObject({ kind: 'answer', locale: 'vi', reply: 'Xe bị kéo: gọi 311 và đọc biển số xe để biết xe ở đâu.', version: corrected?.version });
  });
});
