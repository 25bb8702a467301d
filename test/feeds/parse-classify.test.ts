import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { classifyItem } from '../../src/feeds/classify.js';
import { sourceSchema } from '../../src/feeds/feed-config.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { parseVtec } from '../../src/feeds/vtec.js';

const FIXTURES = path.resolve('test/fixtures/feeds');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const { rules } = loadConfig(path.resolve('config')).config.feeds;
const source = (extra: Record<string, unknown> = {}) => sourceSchema.parse({ id: 'nws', url: 'file:x', format: 'rss', ...extra });

describe('parsing real feed documents', () => {
  it('reads every entry of the NWS CAP Atom feed with its cap: fields', async () => {
    const items = await parseFeed(read('nws_atom_us_alerts_weather_gov_cap11_2018-08-15.xml'), 'rss');
    expect(items).toHaveLength(163);
    const first = items[0];
    expect(first?.cap).toMatchObject({
      event: 'High Wind Warning',
      status: 'Actual',
      msgType: 'Alert',
      severity: 'Severe',
      urgency: 'Expected',
      certainty: 'Likely',
      areaDesc: 'Eastern Beaufort Sea Coast',
      geocode: { UGC: ['AKZ204'], FIPS6: ['002185'] },
      vtec: ['/O.CON.PAFG.HW.W.0011.180816T0000Z-180816T1500Z/'],
    });
    const events = new Map<string, number>();
    for (const item of items) events.set(item.cap?.event ?? '', (events.get(item.cap?.event ?? '') ?? 0) + 1);
    expect(events.get('Flood Warning')).toBe(22);
    expect(events.get('Flash Flood Warning')).toBe(13);
    expect(events.get('Heat Advisory')).toBe(3);
    expect(items.every((i) => Number.isFinite(i.publishedAt))).toBe(true);
  });

  it('reads the NWS JSON API with references and VTEC', async () => {
    const items = await parseFeed(read('nws_api_alerts_active_zone_flood_watch_update_2019-12-20.json'), 'nws-json');
    expect(items).toHaveLength(1);
    expect(items[0]?.cap).toMatchObject({ event: 'Flood Watch', msgType: 'Update', references: expect.arrayContaining(['NWS-IDP-PROD-3964821-3368352']) });
    expect(items[0]?.cap?.references).toHaveLength(4);
    const winter = await parseFeed(read('nws_api_alerts_active_northwest_winter_subset_2025-12-15.json'), 'nws-json');
    expect(winter).toHaveLength(70);
    expect(winter.filter((i) => i.cap?.event === 'Winter Storm Warning').length).toBeGreaterThan(0);
  });

  it('reads a CAP 1.1 document and a GDACS RSS feed', async () => {
    const [cap] = await parseFeed(read('nws_cap11_flash_flood_watch_2010-08-30.xml'), 'cap');
    expect(cap?.cap).toMatchObject({ identifier: expect.stringMatching(/^NOAA-NWS-ALERTS-MT/), event: 'Flash Flood Watch', geocode: { UGC: ['MTZ014'] } });
    const gdacs = await parseFeed(read('gdacs_gdacs-1.xml'), 'rss');
    expect(gdacs).toHaveLength(4);
    expect(gdacs[0]?.title).toMatch(/tropical cyclone CALVINIA-19/);
    expect(gdacs[0]?.cap).toBeUndefined();
  });

  it('parses VTEC into an event key that survives updates', () => {
    expect(parseVtec('/O.CON.KSEW.FF.W.0001.000000T0000Z-251216T0500Z/')).toMatchObject({ action: 'CON', office: 'KSEW', phenomena: 'FF', significance: 'W', eventKey: 'vtec:KSEW.FF.W.0001' });
    expect(parseVtec('not vtec')).toBeUndefined();
  });
});

describe('classification', () => {
  const at = Date.parse('2018-08-15T23:00:00Z');

  it('maps NWS events to emergency types with approval, and ignores events without a rule', async () => {
    const items = await parseFeed(read('nws_atom_us_alerts_weather_gov_cap11_2018-08-15.xml'), 'rss');
    const results = items.map((item) => classifyItem(item, source(), rules, { requiresApproval: true, now: at }));
    const signals = results.flatMap((r) => ('signal' in r ? [r.signal] : []));
    expect(new Set(signals.map((s) => s.type))).toEqual(new Set(['flood', 'heat']));
    expect(signals.every((s) => s.requiresApproval)).toBe(true);
    expect(results.filter((r) => 'skip' in r && r.skip === 'no-rule').length).toBeGreaterThan(50);
  });

  it('keeps only the configured area', async () => {
    const items = await parseFeed(read('nws_atom_us_alerts_weather_gov_cap11_2018-08-15.xml'), 'rss');
    const floods = items.filter((i) => i.cap?.event === 'Flood Warning');
    const target = floods[0]?.cap?.geocode.UGC[0] as string;
    const only = source({ area: { codes: [target] } });
    const kept = floods.map((i) => classifyItem(i, only, rules, { requiresApproval: true, now: at })).filter((r) => 'signal' in r);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(floods.length);
  });

  it('treats a VTEC CAN as an end even when msgType still says Alert, and ties it to the event', async () => {
    const body = read('nws_atom_us_alerts_weather_gov_cap11_2018-08-15.xml');
    const items = await parseFeed(body, 'rss');
    const flood = items.find((i) => i.cap?.event === 'Flood Warning' && i.cap.vtec.length > 0);
    expect(flood).toBeDefined();
    const original = flood?.cap?.vtec[0] as string;
    const cancelled = { ...flood!, id: `${flood!.id}-can`, cap: { ...flood!.cap!, vtec: [original.replace(/^\/O\.[A-Z]{3}\./, '/O.CAN.')] } };
    const a = classifyItem(flood!, source(), rules, { requiresApproval: true, now: at });
    const b = classifyItem(cancelled, source(), rules, { requiresApproval: true, now: at });
    expect('signal' in b && b.signal.action).toBe('end');
    expect(cancelled.cap.msgType).toBe('Alert');
    const keyA = 'signal' in a ? a.signal.eventKeys.find((k) => k.startsWith('vtec:')) : undefined;
    expect('signal' in b && b.signal.eventKeys).toContain(keyA);
  });

  it('turns CAP Exercise/Test into drills, or drops them when told', async () => {
    const [item] = await parseFeed(read('nws_cap11_flash_flood_watch_2010-08-30.xml').replace('<status>Actual</status>', '<status>Exercise</status>'), 'cap');
    const now = Date.parse('2010-08-30T11:00:00Z');
    const drill = classifyItem(item!, source(), rules, { requiresApproval: false, now });
    expect('signal' in drill && drill.signal.drill).toBe(true);
    expect(classifyItem(item!, source({ drills: 'ignore' }), rules, { requiresApproval: false, now })).toEqual({ skip: 'drill-ignored' });
  });

  it('classifies a city announcement in words, and neutralises what it carries', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>City</title>
      <item><guid>a1</guid><title>Snow emergency declared @everyone {{constructor}}</title><description>Move your car.</description><pubDate>${new Date().toUTCString()}</pubDate></item>
      <item><guid>a2</guid><title>Snow emergency lifted</title><pubDate>${new Date().toUTCString()}</pubDate></item>
      <item><guid>a3</guid><title>Library hours change</title><pubDate>${new Date().toUTCString()}</pubDate></item></channel></rss>`;
    const items = await parseFeed(rss, 'rss');
    const results = items.map((i) => classifyItem(i, source(), rules, { requiresApproval: true, now: Date.now() }));
    expect(results.map((r) => ('signal' in r ? `${r.signal.action}:${r.signal.type}:${r.signal.requiresApproval}` : r.skip))).toEqual(['declare:snow:false', 'end:snow:true', 'no-rule']);
    const summary = 'signal' in results[0]! ? results[0].signal.summary : '';
    expect(summary).not.toContain('@everyone');
    expect(summary).not.toContain('{{');
  });

  it('refuses hostile documents with a reason', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title></item></channel></rss>`;
    await expect(parseFeed(laughs, 'rss')).rejects.toThrow(/entit/);
    await expect(parseFeed('<rss><channel><item><title>unclosed', 'rss')).rejects.toThrow(/cannot parse rss/);
    await expect(parseFeed('{"type":"Nope"}', 'nws-json')).rejects.toThrow(/FeatureCollection/);
    await expect(parseFeed('<html><body>404</body></html>', 'cap')).rejects.toThrow(/CAP/);
  });
});
