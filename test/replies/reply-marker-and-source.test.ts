import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModules, type Modules } from '../../src/app/load-modules.js';
import { X_CAPABILITIES } from '../../src/channels/x/x-capabilities.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { CivicastConfig } from '../../src/config/schema.js';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { loadKnowledgeBase } from '../../src/faq/knowledge-base.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { Inbox } from '../../src/replies/inbox.js';
import { ReplyPipeline } from '../../src/replies/reply-pipeline.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { fitToChannel } from '../../src/templates/fit-to-channel.js';
import { measureLength } from '../../src/templates/measure-length.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { shippedLanguageContent } from '../support/language-content.js';

const now = Date.parse('2026-01-25T12:00:00Z');
const clock = { now: () => now };
const SOURCE = 'https://www.phila.gov/services/parking/towed-cars/';
const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The shipped knowledge base with a `source:` line in one topic file. */
function faqWithSource(file: string, source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-faq-source-'));
  dirs.push(dir);
  fs.cpSync(path.resolve('faq'), dir, { recursive: true });
  fs.appendFileSync(path.join(dir, file), `source: ${source}\n`);
  return dir;
}

function message(id: string, text: string): InboundMessage {
  return { id, channel: 'x', author: { id: `u-${id}`, handle: `u-${id}` }, text, isDirect: false, createdAt: now - 1000, receivedAt: now, replyTarget: { messageId: id, authorHandle: `u-${id}` } };
}

describe('a FAQ topic\'s source page', () => {
  it('must be an https URL: anything else is refused naming the file and the field', () => {
    const engine = new TemplateEngine({ timeZone: 'America/New_York' });
    for (const bad of ['http://www.phila.gov/towing', 'javascript:alert(1)', 'www.phila.gov/towing']) {
      const dir = faqWithSource('parking-towed.yaml', bad);
      let error: unknown;
      try {
        loadKnowledgeBase(dir, engine);
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/parking-towed\.yaml$/), path: 'source', message: expect.stringContaining('an https URL') }));
    }
    const good = loadKnowledgeBase(faqWithSource('parking-towed.yaml', SOURCE), engine);
    expect(good.topics.find((t) => t.id === 'parking.towed')?.source).toBe(SOURCE);
    expect(good.topics.find((t) => t.id === 'parking.move_car')?.source).toBeUndefined();
  });
});

describe('the automated-reply marker and the source link on a reply', () => {
  let modules: Modules;
  let config: CivicastConfig;
  beforeAll(async () => {
    const configDir = path.resolve('config');
    config = loadConfig(configDir).config;
    modules = await loadModules({ configDir, config, logger: pino({ level: 'silent' }), faqDir: faqWithSource('parking-towed.yaml', SOURCE) });
  });

  function pipeline(marker: boolean, limits = X_CAPABILITIES.limits) {
    const store = new SqliteStore({ file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-marker-')), 'civicast.db') });
    stores.push(store);
    const outbox = new Outbox(store, clock);
    const replies = new ReplyPipeline({
      store,
      outbox,
      inbox: new Inbox(store, clock),
      decider: modules.faq,
      currentEmergency: async () => null,
      compose: (text) => fitToChannel(text, limits),
      marker: (_channel, locale) => (marker ? modules.languages.automatedMarker(locale) : undefined),
      config: config.replies,
      clock,
      logger: pino({ level: 'silent' }),
    });
    return { outbox, replies };
  }

  it('puts the marker in the reply\'s language first and the source page last, within one X reply', async () => {
    const { outbox, replies } = pipeline(true);
    expect(modules.faq.decide('my car got towed, where do i get it back?', null)).toMatchObject({ topic: 'parking.towed', source: SOURCE });
    expect(await replies.handle(message('en-1', 'my car got towed, where do i get it back?'))).toBe('replied');
    const [english] = (await outbox.get('reply:x:en-1'))?.parts ?? [];
    expect(english).toMatch(/^Automated reply: If your car was towed[\s\S]+\nhttps:\/\/www\.phila\.gov\/services\/parking\/towed-cars\/$/);
    expect(await replies.handle(message('vi-1', 'xe tôi bị kéo đi rồi, lấy lại ở đâu?'))).toBe('replied');
    const vi = await outbox.get('reply:x:vi-1');
    expect(vi?.parts).toHaveLength(1);
    expect(vi?.parts[0]).toMatch(/^Trả lời tự động: Nếu xe bạn bị kéo[\s\S]+\nhttps:\/\/www\.phila\.gov/);
    expect(measureLength(`@${'x'.repeat(15)} ${vi?.parts[0] ?? ''}`, 'weighted')).toBeLessThanOrEqual(280);
  });

  it('leaves the marker off channels that do not ask for it, and the link off when it would need another post', async () => {
    const plain = pipeline(false);
    expect(await plain.replies.handle(message('en-2', 'my car got towed, where do i get it back?'))).toBe('replied');
    expect((await plain.outbox.get('reply:x:en-2'))?.parts[0]).toMatch(/^If your car was towed[\s\S]*\nhttps:\/\/www\.phila\.gov/);
    // A channel too short for the answer and the link together: the answer goes alone, still in one post.
    const answer = modules.faq.decide('my car got towed, where do i get it back?', null).reply ?? '';
    const tight = pipeline(false, { ...X_CAPABILITIES.limits, lengthRule: 'chars', maxLength: answer.length + 10, threads: false, maxThreadParts: 1 });
    expect(await tight.replies.handle(message('en-3', 'my car got towed, where do i get it back?'))).toBe('replied');
    expect((await tight.outbox.get('reply:x:en-3'))?.parts).toEqual([answer]);
  });

  it('gives a danger reply the marker only where it adds no post: 911 first', async () => {
    const danger = 'my house is on fire, we need help now';
    const reply = modules.faq.decide(danger, null).reply ?? '';
    const roomy = pipeline(true);
    expect(await roomy.replies.handle(message('d-1', danger))).toBe('urgent');
    expect((await roomy.outbox.get('reply:x:d-1'))?.parts[0]).toBe(`Automated reply: ${reply}`);
    const tight = pipeline(true, { ...X_CAPABILITIES.limits, lengthRule: 'chars', maxLength: reply.length + 5, threads: false, maxThreadParts: 1 });
    expect(await tight.replies.handle(message('d-2', danger))).toBe('urgent');
    expect((await tight.outbox.get('reply:x:d-2'))?.parts).toEqual([reply]);
  });

  it('leaves a draft marker off while unreviewed texts are held back, rather than sending it unreviewed', async () => {
    expect(modules.languages.automatedMarker('vi')).toBe('Trả lời tự động:');
    const shipped = loadConfig(path.resolve('config')).config;
    const strict = await loadModules({ configDir: path.resolve('config'), config: { ...shipped, city: { ...shipped.city, translations: { sendUnreviewed: false } } }, logger: pino({ level: 'silent' }) });
    expect(strict.languages.automatedMarker('vi')).toBeUndefined();
    expect(strict.languages.automatedMarker('en')).toBe('Automated reply:');
  });
});

describe('civicast validate and the marker', () => {
  it('warns when a channel marks automated replies and a language it may answer in has no marker', () => {
    const localesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-locales-'));
    dirs.push(localesDir);
    fs.cpSync(path.resolve('locales'), localesDir, { recursive: true });
    const ko = path.join(localesDir, 'ko.yaml');
    fs.writeFileSync(ko, fs.readFileSync(ko, 'utf8').replace(/\nlabels:\n {2}replies:\n {4}automated: "[^"]+"\n/, '\n'));
    const shipped = loadConfig(path.resolve('config')).config;
    const marking = { ...shipped, channels: { ...shipped.channels, console: { ...shipped.channels['console'], automatedReplyMarker: true } as (typeof shipped.channels)[string] } };
    const warnings: string[] = [];
    shippedLanguageContent({ config: marking, localesDir, warnings });
    expect(warnings.filter((w) => w.includes('automated reply'))).toEqual([expect.stringMatching(/no "automated reply" marker \(labels\.replies\.automated\) in ko: replies in those languages on console go unmarked$/)]);
    // The marker counts in the length: a marker too long for the answers is named with each answer it pushes past a reply.
    const en = path.join(localesDir, 'en.yaml');
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('automated: "Automated reply:"', `automated: "Automated reply from the city's 311 and emergency management office, sent by software and not read by a person before it went out:"`));
    const onX = { ...shipped, channels: { ...shipped.channels, x: { ...shipped.channels['console'], kind: 'x', automatedReplyMarker: true } as (typeof shipped.channels)[string] } };
    const long: string[] = [];
    shippedLanguageContent({ config: onX, localesDir, faqDir: path.resolve('faq'), warnings: long });
    const tooLong = long.filter((w) => w.includes('too long for one reply on x') && w.includes(' (en): '));
    expect(tooLong.length).toBeGreaterThan(5);
    const odd = tooLong.filter((w) => !/^faq\/[a-z-]+\.yaml \((?:answers\.[a-z]+|acknowledge)\.en\): faq:[a-z_.]+\/[a-z]+ \(en\): too long for one reply on x: \d+ of 280 \(with a reply's @handle and the automated-reply marker\)$/.test(w));
    expect(odd).toEqual([]);
    expect(tooLong.every((w) => /^faq\/[a-z-]+\.yaml \((?:answers\.[a-z]+|acknowledge)\.en\): faq:[a-z_.]+\/[a-z]+ \(en\): too long for one reply on x: \d+ of 280 \(with a reply's @handle and the automated-reply marker\)$/.test(w)), tooLong[0]).toBe(true);
    const quiet: string[] = [];
    shippedLanguageContent({ localesDir, warnings: quiet });
    expect(quiet.filter((w) => w.includes('automated reply'))).toEqual([]);
  });
});
