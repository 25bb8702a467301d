import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStringPromise } from 'xml2js';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/config/config-error.js';
import type { Emergency } from '../../../src/domain/emergency.js';
import { opensWithYesOrNo } from '../../../src/faq/check-answers.js';
import { loadPublicStatements } from '../../../src/statements/public-statements.js';
import { TemplateEngine } from '../../../src/templates/engine.js';
import { startQuietService, type QuietService } from '../../support/quiet-service.js';

const TOKEN = 'public-statements-token-0123456789';
const TYPES = ['snow', 'hurricane', 'flood', 'heat', 'cold'];

interface CapInfo {
  language: string[];
  description: string[];
  instruction?: string[];
}
type CapFeed = { feed: { entry?: { content: { alert: { msgType: string[]; info: CapInfo[] }[] }[] }[] } };

describe('public statements (statements/*.yaml)', () => {
  const city = loadConfig(path.resolve('config')).config.city;
  const engine = new TemplateEngine({ timeZone: city.timeZone });

  it('say what is in effect for every emergency type, phase and language, never like a reply', () => {
    const statements = loadPublicStatements({ dir: path.resolve('statements'), engine, city, types: TYPES });
    const cases = [{ type: null, phase: 'normal' as const }, ...TYPES.flatMap((type) => [{ type, phase: 'active' as const }, { type, phase: 'ended' as const }])];
    for (const { type, phase } of cases) {
      for (const locale of ['en', 'es']) {
        const emergency = type === null ? null : { type, params: { trashDelayDays: 2 }, effectiveAt: Date.UTC(2026, 0, 25, 11), title: `${type} emergency` };
        const said = statements.render(type, phase, locale, emergency);
        expect(said.length, `${type} ${phase} ${locale}`).toBeGreaterThan(0);
        for (const { topic, text } of said) {
          expect(opensWithYesOrNo(text), `${type}/${phase}/${topic}/${locale}: ${text}`).toBe(false);
          expect(text, `${type}/${phase}/${topic}/${locale}`).not.toMatch(/\{\{|undefined|NaN/);
        }
        if (phase !== 'normal') expect(said[0]?.topic, `${type} ${phase}: the description comes first`).toBe('emergency.status');
      }
    }
    // Spanish statements are Spanish: the snow status names the emergency in Spanish.
    expect(statements.render('snow', 'active', 'es', { type: 'snow', params: { trashDelayDays: 2 }, effectiveAt: Date.now(), title: 'Snow emergency' })[0]?.text).toMatch(/emergencia por nieve/);
  });

  it('render once (start-up checks, nothing kept compiled) what they render kept, in every language served', () => {
    const statements = loadPublicStatements({ dir: path.resolve('statements'), engine, city, types: TYPES });
    const emergency = { type: 'hurricane', params: { trashDelayDays: 2 }, effectiveAt: Date.UTC(2026, 8, 2, 15), title: 'Hurricane warning' };
    let compared = 0;
    for (const locale of city.languages.served) {
      for (const [type, phase, current] of [[null, 'normal', null], ['hurricane', 'active', emergency], ['hurricane', 'ended', emergency]] as const) {
        const once = statements.renderOnce(type, phase, locale, current);
        expect(once.length).toBeGreaterThan(0);
        expect(statements.render(type, phase, locale, current)).toEqual(once);
        // And again, from the template kept by `render`.
        expect(statements.renderOnce(type, phase, locale, current)).toEqual(once);
        compared += once.length;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('name the file, the path and the field of a missing phase or a broken template', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-statements-'));
    fs.cpSync(path.resolve('statements'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'heat.yaml'), 'type: heat\nstatements:\n  active:\n    emergency.status:\n      en: "It is {{#if}} hot in the city today"\n');
    let problems: string[] = [];
    try {
      loadPublicStatements({ dir, engine, city, types: TYPES });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems.map((p) => `${path.basename(p.file)}|${p.path}`);
    }
    expect(problems).toContain('heat.yaml|statements.active.emergency.status.en');
    expect(problems).toContain('heat.yaml|statements.ended');
  });
});

describe('the status page and the CAP feed say statements, not FAQ replies', () => {
  let service: QuietService;
  const admin: QuietService['admin'] = (...args) => service.admin(...args);
  const get: QuietService['get'] = (url) => service.get(url);

  beforeAll(async () => {
    service = await startQuietService(TOKEN);
  });
  afterAll(async () => {
    await service?.svc.close();
  });

  it('in normal times, during a snow emergency, and once it is lifted', async () => {
    const normal = (await get('/status.json')).json() as { meaning: { locale: string; items: { topic: string; text: string }[] }[] };
    expect(normal.meaning[0]?.items.find((i) => i.topic === 'trash.collection')?.text).toMatch(/normal schedule/);

    const snow = (await admin('POST', '/api/emergencies', { type: 'snow', params: { trashDelayDays: 2 } })).json() as Emergency;
    const view = (await get('/status.json')).json() as typeof normal;
    const [en, es] = view.meaning;
    expect(en?.items.map((i) => i.topic)).toEqual(['emergency.status', 'parking.move_car', 'trash.collection', 'street_cleaning.schedule', 'snow.sidewalks']);
    for (const { items } of view.meaning) for (const item of items) expect(opensWithYesOrNo(item.text), item.text).toBe(false);
    expect(en?.items[0]?.text).toMatch(/^Philadelphia has declared a Snow Emergency, in effect since/);
    expect(es?.items[0]?.text).toMatch(/^Filadelfia declaró una emergencia por nieve/);
    // A reply to "is there a snow emergency?" and the public statement are different texts.
    const reply = service.svc.services.faq.answer('emergency.status', 'en', { type: 'snow', params: snow.params, effectiveAt: snow.effectiveAt, title: snow.title });
    expect(en?.items[0]?.text).not.toBe(reply);

    const page = (await get('/status?lang=es')).body;
    expect(page).toContain('Filadelfia declaró una emergencia por nieve');
    expect(page).toContain('Aceras');

    const cap = (await parseStringPromise((await get('/cap.atom')).body)) as CapFeed;
    const infos = cap.feed.entry?.[0]?.content[0]?.alert[0]?.info ?? [];
    // One info per served language, each from the playbook's own posts in it (statements, not replies).
    expect(infos.map((i) => i.language[0])).toEqual(['en-US', 'es-US', 'zh-CN', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw']);
    expect(infos[0]?.description[0]).toMatch(/Snow Emergency/);
    expect(infos[1]?.description[0]).toMatch(/nieve/i);
    for (const info of infos) expect(opensWithYesOrNo(info.description[0] ?? ''), info.description[0]).toBe(false);

    await admin('POST', `/api/emergencies/${snow.id}/lift`, { reason: 'roads clear' });
    const ended = (await parseStringPromise((await get('/cap.atom')).body)) as CapFeed;
    const cancel = ended.feed.entry?.[0]?.content[0]?.alert[0];
    expect(cancel?.msgType).toEqual(['Cancel']);
    expect(cancel?.info).toHaveLength(10);
    for (const info of cancel?.info ?? []) expect(opensWithYesOrNo(info.description[0] ?? ''), info.description[0]).toBe(false);
  });
});
