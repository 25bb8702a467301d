import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { parseStringPromise } from 'xml2js';
import { AppError } from '../domain/errors.js';
import type { CapFields, FeedFormat, FeedItem } from './feed-item.js';
import { guardRssParser } from './rss-parser-guard.js';

guardRssParser();

type XmlNode = Record<string, unknown>;

/** Documents that declare entities are refused before any parser sees them (billion laughs). */
const ENTITY_DECLARATION = /<!ENTITY/i;

// A fresh parser per document: rss-parser keeps one xml2js (sax) parser per instance, and a
// document that fails half-way leaves it in a state that hangs or corrupts the next parse.
const newRssParser = () => new Parser<Record<string, unknown>, Record<string, unknown>>({
  customFields: {
    item: [
      'cap:identifier',
      'cap:event',
      'cap:effective',
      'cap:expires',
      'cap:status',
      'cap:msgType',
      'cap:severity',
      'cap:urgency',
      'cap:certainty',
      'cap:areaDesc',
      'cap:references',
      ['cap:geocode', 'cap:geocode', { keepArray: true }],
      ['cap:parameter', 'cap:parameter', { keepArray: true }],
    ],
  },
});

const text = (value: unknown): string => {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return text(value[0]);
  if (value !== null && typeof value === 'object' && '_' in value) return text((value as { _: unknown })._);
  return '';
};
const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
/** Any JSON value as a list of strings: feeds send a string where a list belongs, numbers, nulls. */
const strings = (value: unknown): string[] => list(value).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : []));
const SUMMARY_MAX = 4000;

/** `<valueName>UGC</valueName><value>PAZ071</value>` pairs → { UGC: [...] }. */
function pairs(nodes: unknown[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const node of nodes) {
    if (node === null || typeof node !== 'object') continue;
    const names = list((node as XmlNode)['valueName']).map(text);
    const values = list((node as XmlNode)['value']).map(text);
    names.forEach((name, i) => {
      (out[name] ??= []).push(...(values[i] ?? '').split(/\s+/).filter(Boolean));
    });
  }
  return out;
}

function dateOf(...values: (string | undefined)[]): number {
  for (const value of values) {
    const t = value === undefined ? NaN : Date.parse(value);
    if (Number.isFinite(t)) return t;
  }
  return NaN;
}

const hashId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

function capFrom(get: (name: string) => unknown, geocodeNodes: unknown[], parameterNodes: unknown[]): CapFields | undefined {
  const event = text(get('event'));
  if (event === '') return undefined;
  const geocode = pairs(geocodeNodes);
  const parameters = pairs(parameterNodes);
  const identifier = text(get('identifier'));
  return {
    ...(identifier === '' ? {} : { identifier }),
    event,
    status: text(get('status')) || 'Actual',
    msgType: text(get('msgType')) || 'Alert',
    severity: text(get('severity')),
    urgency: text(get('urgency')),
    certainty: text(get('certainty')),
    areaDesc: text(get('areaDesc')),
    geocode: { UGC: geocode['UGC'] ?? [], FIPS6: geocode['FIPS6'] ?? [], SAME: geocode['SAME'] ?? [] },
    effective: text(get('effective')),
    expires: text(get('expires')),
    // CAP references: "sender,identifier,sent" triples separated by spaces.
    references: text(get('references'))
      .split(/\s+/)
      .filter(Boolean)
      .map((r) => r.split(',')[1] ?? r),
    vtec: parameters['VTEC'] ?? [],
  };
}

async function parseRss(body: string): Promise<FeedItem[]> {
  const feed = await newRssParser().parseString(body);
  return (feed.items ?? []).map((item) => {
    const get = (name: string) => item[`cap:${name}`];
    const cap = capFrom(get, list(item['cap:geocode']), list(item['cap:parameter']));
    // Titles and ids may arrive as objects (attributes, child elements): text() copes with both.
    const title = text(item.title);
    const published = dateOf(text(item.isoDate) || undefined, text(item.pubDate) || undefined, cap?.effective);
    const link = text(item.link);
    const id = text(item.guid) || text((item as { id?: unknown }).id) || link || hashId(title, String(published));
    return {
      id,
      title,
      summary: (text(item.contentSnippet) || text(item.summary) || text(item.content)).slice(0, SUMMARY_MAX),
      ...(link === '' ? {} : { link }),
      publishedAt: published,
      ...(cap === undefined ? {} : { cap }),
    };
  });
}

async function parseCap(body: string): Promise<FeedItem[]> {
  const doc = (await parseStringPromise(body, { explicitArray: true })) as XmlNode | null;
  const alert = doc?.['alert'] as XmlNode | undefined;
  if (alert === undefined || alert === null || typeof alert !== 'object') throw new AppError('INVALID_INPUT', 'not a CAP document: no <alert> root');
  const root = (name: string) => alert[name];
  // Without an identifier, the alert is named by its content so two different alerts never share a key.
  const identifier = text(root('identifier')) || hashId('cap', text(root('sender')), text(root('sent')), body.slice(0, 4096));
  const items: FeedItem[] = [];
  list(alert['info']).forEach((infoNode, i) => {
    if (infoNode === null || typeof infoNode !== 'object') return;
    const info = infoNode as XmlNode;
    const areas = list(info['area']).filter((a): a is XmlNode => a !== null && typeof a === 'object');
    const get = (name: string) => (name in info ? info[name] : name === 'areaDesc' ? areas.map((a) => text(a['areaDesc'])).join('; ') : root(name));
    const cap = capFrom(get, areas.flatMap((a) => list(a['geocode'])), list(info['parameter']));
    // An info block without an event says nothing we can classify.
    if (cap === undefined) return;
    items.push({
      id: i === 0 ? identifier : `${identifier}#${i}`,
      title: text(info['headline']) || cap.event,
      summary: text(info['description']).slice(0, SUMMARY_MAX),
      publishedAt: dateOf(text(root('sent')), cap.effective),
      cap: { ...cap, identifier },
    });
  });
  return items;
}

function parseNwsJson(body: string): FeedItem[] {
  const doc = JSON.parse(body) as { type?: string; features?: unknown } | null;
  if (doc === null || typeof doc !== 'object' || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) throw new AppError('INVALID_INPUT', 'not an NWS alerts FeatureCollection');
  return (doc.features as unknown[]).flatMap((raw) => {
    if (raw === null || typeof raw !== 'object') return [];
    const feature = raw as { id?: unknown; properties?: unknown };
    const p = (feature.properties !== null && typeof feature.properties === 'object' ? feature.properties : {}) as Record<string, unknown>;
    const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
    const object = (k: string) => (p[k] !== null && typeof p[k] === 'object' && !Array.isArray(p[k]) ? (p[k] as Record<string, unknown>) : {});
    const geocode = object('geocode');
    const parameters = object('parameters');
    const references = (Array.isArray(p['references']) ? p['references'] : []).map((r: unknown) => (r !== null && typeof r === 'object' ? text((r as { identifier?: unknown }).identifier) : ''));
    // The API's feature id is a URL naming the alert; the content hash is the last resort.
    const id = str('id') || text(feature.id) || hashId('nws', str('event'), str('sent'), str('areaDesc'), strings(parameters['VTEC']).join(' '));
    return [{
      id,
      title: str('headline') || str('event'),
      summary: str('description').slice(0, SUMMARY_MAX),
      publishedAt: dateOf(str('sent'), str('effective')),
      cap: {
        identifier: id,
        event: str('event'),
        status: str('status') || 'Actual',
        msgType: str('messageType') || 'Alert',
        severity: str('severity'),
        urgency: str('urgency'),
        certainty: str('certainty'),
        areaDesc: str('areaDesc'),
        geocode: { UGC: strings(geocode['UGC']), FIPS6: strings(geocode['FIPS6']), SAME: strings(geocode['SAME']) },
        effective: str('effective'),
        expires: str('ends') || str('expires'),
        references: references.filter(Boolean),
        vtec: strings(parameters['VTEC']),
      },
    }];
  });
}

/** JSON Feed 1.x (https://jsonfeed.org), which many city sites publish. */
function parseJsonFeed(body: string): FeedItem[] {
  const doc = JSON.parse(body) as { items?: unknown } | null;
  if (doc === null || typeof doc !== 'object' || !Array.isArray(doc.items)) throw new AppError('INVALID_INPUT', 'not a JSON Feed: no items array');
  return (doc.items as unknown[]).filter((i): i is Record<string, unknown> => i !== null && typeof i === 'object').map((item) => {
    const str = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : '');
    const title = str('title');
    const published = dateOf(str('date_published'), str('date_modified'));
    return { id: str('id') || hashId(title, String(published)), title, summary: (str('content_text') || str('summary')).slice(0, SUMMARY_MAX), ...(str('url') === '' ? {} : { link: str('url') }), publishedAt: published };
  });
}

/** Parses a feed document; throws AppError INVALID_INPUT with a reason for anything it cannot use. */
export async function parseFeed(body: string, format: FeedFormat): Promise<FeedItem[]> {
  if (format !== 'nws-json' && format !== 'json' && ENTITY_DECLARATION.test(body.slice(0, 65_536))) {
    throw new AppError('INVALID_INPUT', 'document declares XML entities; refused (entity expansion)');
  }
  try {
    switch (format) {
      case 'rss':
        return await parseRss(body);
      case 'cap':
        return await parseCap(body);
      case 'nws-json':
        return parseNwsJson(body);
      case 'json':
        return parseJsonFeed(body);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('INVALID_INPUT', `cannot parse ${format} document: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}
