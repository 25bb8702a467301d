import type { FeedFormat } from '../../../src/feeds/feed-item.js';
import type { Rng } from './prng.js';
import { alienDocuments, type Flavor, type Seed } from './seeds.js';

/** The document-level mutation families. */
export const MUTATION_KINDS = ['seed', 'truncate', 'byte-flip', 'invalid-utf8', 'deep-nesting', 'entity', 'huge-body', 'content-type', 'field', 'many-items', 'unclosed-markup'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** One mutated document, with enough to replay it: the run seed, its index, the seed document and what was done. */
export interface FuzzDoc {
  index: number;
  kind: MutationKind;
  format: FeedFormat;
  seed: string;
  note: string;
  contentType: string;
  body: Buffer;
}

export interface Sizes {
  deepNesting: number;
  hugeFieldBytes: number;
  manyItems: number;
  manyAtomEntries: number;
  unclosedMarkupUnits: number;
}

type Mutation = { body: Buffer | string; note: string; format?: FeedFormat; contentType?: string };
type Mutator = (rng: Rng, seed: Seed, sizes: Sizes) => Mutation;

const isXml = (flavor: Flavor) => flavor === 'atom-cap' || flavor === 'rss' || flavor === 'cap';
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the text of `<tag …>…</tag>` elements; `fn` returns raw XML. `only` limits it to the n-th occurrence. */
function mapTag(xml: string, tag: string, fn: (inner: string, i: number) => string, only?: number): string {
  let i = -1;
  return xml.replace(new RegExp(`(<${escapeRe(tag)}(?:\\s[^>]*)?>)([\\s\\S]*?)(</${escapeRe(tag)}>)`, 'g'), (whole, open: string, inner: string, close: string) => {
    i++;
    if (only !== undefined && i !== only) return whole;
    return `${open}${fn(inner, i)}${close}`;
  });
}

function countTag(xml: string, tag: string): number {
  return (xml.match(new RegExp(`<${escapeRe(tag)}[\\s>]`, 'g')) ?? []).length;
}

/** Index of the first occurrence of `tag` inside an item: RSS channels and Atom feeds have their own title/id/description first. */
function firstItemOccurrence(xml: string, tag: string, flavor: Flavor): number {
  if (flavor === 'cap') return 0;
  const itemStart = xml.indexOf(flavor === 'atom-cap' ? '<entry>' : '<item>');
  if (itemStart < 0) return 0;
  return (xml.slice(0, itemStart).match(new RegExp(`<${escapeRe(tag)}[\\s>]`, 'g')) ?? []).length;
}

// ---------------------------------------------------------------------------------------------
// Byte-level mutators

const truncate: Mutator = (rng, seed) => {
  const bytes = Buffer.from(seed.text, 'utf8');
  const at = rng.chance(0.15) ? rng.int(0, Math.min(64, bytes.length - 1)) : rng.int(0, bytes.length - 1);
  return { body: bytes.subarray(0, at), note: `cut at byte ${at} of ${bytes.length}` };
};

const STRUCTURAL = Buffer.from('<>&"\'{}[],:/\\!?=;\n\0');
const byteFlip: Mutator = (rng, seed) => {
  const bytes = Buffer.from(seed.text, 'utf8');
  const count = rng.int(1, 24);
  const where: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = rng.int(0, bytes.length - 1);
    where.push(at);
    const op = rng.int(0, 2);
    const old = bytes[at] ?? 0;
    bytes[at] = op === 0 ? old ^ (1 << rng.int(0, 7)) : op === 1 ? rng.int(0, 255) : (STRUCTURAL[rng.int(0, STRUCTURAL.length - 1)] ?? 0x3c);
  }
  return { body: bytes, note: `${count} byte(s) changed at ${where.slice(0, 6).join(',')}${where.length > 6 ? '…' : ''}` };
};

const INVALID_UTF8: readonly (readonly [string, number[]])[] = [
  ['0xFF', [0xff]],
  ['0xFE', [0xfe]],
  ['overlong "/"', [0xc0, 0xaf]],
  ['overlong NUL', [0xc0, 0x80]],
  ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
  ['lone lead byte', [0xc3]],
  ['lone continuation', [0x80]],
  ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ['truncated 3-byte', [0xe2, 0x82]],
  ['Latin-1 é', [0xe9]],
];
const invalidUtf8: Mutator = (rng, seed) => {
  let bytes = Buffer.from(seed.text, 'utf8');
  const count = rng.int(1, 5);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const [name, seq] = rng.pick(INVALID_UTF8);
    // Mostly inside text (after a '>'), sometimes anywhere.
    let at = rng.int(0, bytes.length);
    if (rng.chance(0.7)) {
      const gt = bytes.indexOf(isXml(seed.flavor) ? 0x3e : 0x3a, at);
      if (gt >= 0) at = gt + 1;
    }
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(seq), bytes.subarray(at)]);
    names.push(`${name}@${at}`);
  }
  return { body: bytes, note: names.join(', ') };
};

// ---------------------------------------------------------------------------------------------
// Structure bombs

const deepNesting: Mutator = (rng, seed, sizes) => {
  const depth = sizes.deepNesting;
  if (isXml(seed.flavor)) {
    const variant = rng.pick(['inside-field', 'unclosed', 'wrap-root', 'sibling-of-items'] as const);
    const open = '<x>'.repeat(depth);
    const close = '</x>'.repeat(depth);
    const field = seed.flavor === 'cap' ? 'headline' : 'title';
    if (variant === 'wrap-root') {
      const start = seed.text.indexOf('<', seed.text.indexOf('?>') + 2);
      return { body: `${seed.text.slice(0, start)}${open}${seed.text.slice(start)}${close}`, note: `${depth} nested elements around the root` };
    }
    if (variant === 'sibling-of-items') {
      const anchor = seed.flavor === 'atom-cap' ? '<entry>' : seed.flavor === 'cap' ? '<info>' : '<item>';
      return { body: seed.text.replace(anchor, `${open}${close}${anchor}`), note: `${depth} nested elements next to the first item` };
    }
    const inner = variant === 'unclosed' ? open : `${open}deep${close}`;
    return { body: mapTag(seed.text, field, (text) => `${escapeXml(text.slice(0, 20))}${inner}`, firstItemOccurrence(seed.text, field, seed.flavor)), note: `${depth} nested elements in <${field}> (${variant})` };
  }
  const variant = rng.pick(['array-field', 'object-field', 'as-items', 'unclosed'] as const);
  const nested = variant === 'object-field' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
  if (variant === 'unclosed') return { body: `${seed.text.slice(0, seed.text.length >> 1)}${'['.repeat(depth)}`, note: `${depth} unclosed arrays` };
  const doc = JSON.parse(seed.text) as Record<string, unknown>;
  const key = seed.flavor === 'nws-json' ? 'features' : 'items';
  if (variant === 'as-items') return { body: JSON.stringify({ ...doc, [key]: '__NESTED__' }).replace('"__NESTED__"', nested), note: `${key} is ${depth} nested arrays` };
  const list = (doc[key] as Record<string, unknown>[] | undefined) ?? [];
  const first = list[0];
  if (first !== undefined) {
    if (seed.flavor === 'nws-json') (first['properties'] as Record<string, unknown>)['headline'] = '__NESTED__';
    else first['title'] = '__NESTED__';
  }
  return { body: JSON.stringify(doc).replace('"__NESTED__"', nested), note: `first item title is ${depth} nested ${variant === 'object-field' ? 'objects' : 'arrays'}` };
};

function afterProlog(xml: string): number {
  const decl = xml.indexOf('?>');
  return decl >= 0 && decl < 200 ? decl + 2 : 0;
}

function rootName(xml: string): string {
  const m = /<([A-Za-z][\w:.-]*)[\s>]/.exec(xml.slice(afterProlog(xml)).replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, ''));
  return m?.[1] ?? 'rss';
}

const LAUGHS = Array.from({ length: 10 }, (_, i) => (i === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`)).join('');

const entity: Mutator = (rng, seed) => {
  const variants = ['billion-laughs', 'external-file', 'external-parameter', 'after-64KiB-window', 'lowercase-declaration', 'html-entities', 'bad-char-refs', 'quadratic-blowup'] as const;
  const variant = rng.pick(variants);
  const xmlField = seed.flavor === 'cap' ? 'headline' : seed.flavor === 'nws-json' || seed.flavor === 'json-feed' ? undefined : 'title';
  const inject = (dtd: string, ref: string, padding = ''): string => {
    if (xmlField === undefined) return `<?xml version="1.0"?>${padding}<!DOCTYPE feed [${dtd}]>\n${seed.text}`; // JSON served with a DTD in front
    const at = afterProlog(seed.text);
    const withDtd = `${seed.text.slice(0, at)}${padding}<!DOCTYPE ${rootName(seed.text)} [${dtd}]>${seed.text.slice(at)}`;
    return mapTag(withDtd, xmlField, (t) => `${ref}${t}`, firstItemOccurrence(withDtd, xmlField, seed.flavor));
  };
  switch (variant) {
    case 'billion-laughs':
      return { body: inject(LAUGHS, '&lol9;'), note: 'billion laughs (10^9 expansion)' };
    case 'external-file':
      return { body: inject('<!ENTITY xxe SYSTEM "file:///etc/passwd">', '&xxe;'), note: 'external entity file:///etc/passwd' };
    case 'external-parameter':
      return { body: inject('<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;', ''), note: 'external parameter entity (network DTD)' };
    case 'after-64KiB-window':
      return { body: inject(`${LAUGHS}<!ENTITY xxe SYSTEM "file:///etc/passwd">`, '&lol9;&xxe;', `<!--${' '.repeat(70_000)}-->`), note: 'entity declarations after 70 KB of comment (past the 64 KiB pre-check)' };
    case 'lowercase-declaration':
      return { body: inject('<!entity x "y">', ''), note: 'lower-case <!entity' };
    case 'html-entities':
      return { body: xmlField === undefined ? seed.text.replace('"', '"&nbsp;&copy;') : mapTag(seed.text, xmlField, (t) => `&nbsp;${t}&copy; &mdash;`, 0), note: 'undeclared HTML entities' };
    case 'bad-char-refs':
      return { body: xmlField === undefined ? seed.text.replace('"', '"\\ud800') : mapTag(seed.text, xmlField, (t) => `&#0;&#xD800;&#x110000;&#99999999999;${t}`, 0), note: 'invalid character references' };
    case 'quadratic-blowup': {
      const big = 'A'.repeat(50_000);
      return { body: inject(`<!ENTITY a "${big}">`, '&a;'.repeat(2000)), note: 'quadratic blowup (one 50 KB entity referenced 2000 times)' };
    }
  }
};

const WORDS = ['flood', 'warning', 'river', 'stage', 'county', 'evacuate', 'shelter', 'road', 'closed', 'crest', 'feet', 'inches', 'gusts', 'mph', 'until', 'noon'];
function words(rng: Rng, bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const w = rng.pick(WORDS);
    parts.push(w);
    n += w.length + 1;
  }
  return parts.join(' ');
}

const hugeBody: Mutator = (rng, seed, sizes) => {
  const bytes = sizes.hugeFieldBytes;
  const variant = rng.pick(['huge-text', 'huge-leading-whitespace', 'huge-attribute'] as const);
  if (variant === 'huge-leading-whitespace') return { body: `${' \n\t'.repeat(Math.floor(bytes / 3))}${seed.text}`, note: `${bytes} bytes of whitespace before the document` };
  if (isXml(seed.flavor)) {
    const field = seed.flavor === 'cap' ? 'description' : seed.flavor === 'atom-cap' ? 'summary' : 'description';
    if (variant === 'huge-attribute') {
      const tag = seed.flavor === 'cap' ? '<info' : seed.flavor === 'atom-cap' ? '<entry' : '<item';
      return { body: seed.text.replace(tag, `${tag} junk="${'x'.repeat(bytes)}"`), note: `${bytes}-byte attribute on the first item` };
    }
    return { body: mapTag(seed.text, field, () => words(rng, bytes), firstItemOccurrence(seed.text, field, seed.flavor)), note: `${bytes}-byte <${field}>` };
  }
  const doc = JSON.parse(seed.text) as Record<string, unknown>;
  const key = seed.flavor === 'nws-json' ? 'features' : 'items';
  const first = ((doc[key] as Record<string, unknown>[] | undefined) ?? [])[0];
  if (first !== undefined) {
    const target = seed.flavor === 'nws-json' ? (first['properties'] as Record<string, unknown>) : first;
    target[variant === 'huge-attribute' ? 'x-junk' : seed.flavor === 'nws-json' ? 'description' : 'content_text'] = words(rng, bytes);
  }
  return { body: JSON.stringify(doc), note: `${bytes}-byte ${variant === 'huge-attribute' ? 'unknown field' : 'description'}` };
};

// ---------------------------------------------------------------------------------------------
// Wrong documents for the source

const FORMATS: readonly FeedFormat[] = ['rss', 'cap', 'nws-json', 'json'];

const contentType = (seeds: readonly Seed[]): Mutator => (rng, seed) => {
  const variant = rng.pick(['alien', 'cross-format', 'trivial', 'bom', 'binary'] as const);
  const format = rng.chance(0.5) ? seed.format : rng.pick(FORMATS);
  switch (variant) {
    case 'alien': {
      const alien = rng.pick(alienDocuments());
      return { body: alien.text, note: `${alien.name} served as ${format}`, format, contentType: alien.contentType };
    }
    case 'cross-format': {
      const other = rng.pick(seeds.filter((s) => s.format !== format));
      return { body: other.text, note: `${other.name} (${other.format}) served as ${format}`, format, contentType: rng.pick([other.contentType, 'application/xml', 'application/json', 'text/plain']) };
    }
    case 'trivial': {
      const body = rng.pick(['', ' ', '\n\n', 'null', '[]', '{}', '0', '"feed"', 'true', '<?xml version="1.0"?>', '<rss/>', '<feed/>', '<alert/>', '{"type":"FeatureCollection"}', '{"items":{}}', '{"type":"FeatureCollection","features":{}}']);
      return { body, note: `trivial body ${JSON.stringify(body)} as ${format}`, format, contentType: rng.pick(['application/json', 'application/xml', 'text/html']) };
    }
    case 'bom': {
      const how = rng.pick(['utf8-bom', 'double-bom', 'utf16le', 'utf16be-bom', 'bom-mid'] as const);
      const utf8 = Buffer.from(seed.text.replace(/^\uFEFF/, ''), 'utf8');
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      const body =
        how === 'utf8-bom'
          ? Buffer.concat([bom, utf8])
          : how === 'double-bom'
            ? Buffer.concat([bom, bom, utf8])
            : how === 'utf16le'
              ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed.text, 'utf16le')])
              : how === 'utf16be-bom'
                ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(seed.text, 'utf16le').swap16()])
                : Buffer.concat([utf8.subarray(0, utf8.length >> 1), bom, utf8.subarray(utf8.length >> 1)]);
      return { body, note: `${how} encoding of ${seed.name}` };
    }
    case 'binary': {
      const bytes = Buffer.alloc(rng.int(1, 4096));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
      if (rng.chance(0.5)) bytes.set([0x1f, 0x8b, 0x08], 0); // gzip magic without content-encoding
      return { body: bytes, note: `${bytes.length} random bytes as ${format}`, format, contentType: 'application/octet-stream' };
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Field mutations on otherwise valid documents

export const FIELD_OPS = ['date-future', 'date-past', 'date-invalid', 'missing-id', 'duplicate-id', 'huge-title', 'control-bidi', 'script', 'vtec-mangle', 'unknown-references', 'msgType-garbage', 'status-garbage', 'event-swap', 'empty-fields', 'attributes-on-fields', 'markup-in-title', 'type-confusion'] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

const FUTURE = ['9999-12-31T23:59:59Z', '2999-01-01T00:00:00-05:00', 'Fri, 31 Dec 9999 23:59:59 GMT', new Date(Date.now() + 10 * 365 * 86_400_000).toISOString()];
const PAST = ['1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z', 'Thu, 01 Jan 1970 00:00:00 GMT', '1900-02-29T00:00:00Z', '-000001-01-01T00:00:00Z'];
const INVALID_DATES = ['not a date', '2025-13-45T99:99:99Z', '', 'NaN', '1e400', '9'.repeat(400), '2025-12-15T11:51:00-99:00', 'yesterday', '0000-00-00T00:00:00Z', '\u0000'];
/** Never "snow emergency declared/in effect": fuzzed documents must not match the city rule. */
const GARBAGE_TEXT = ['\u202Eevil\u202C', '\u2066\u2067bidi\u2069', 'bell\u0007 esc\u001B[31mred', 'nul\u0000byte', 'zalgo a\u0301\u0302\u0303\u0304\u0305\u0306', '@everyone @here', '{{constructor.constructor}}', '<@123456789>', '\uFEFFbom', '\uD800 lone surrogate', 'emoji 🌊🌀❄️'];
const SCRIPTS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '"><svg onload=alert(1)>', "'; DROP TABLE alerts; --"];
const EVENTS = ['Flood Warning', 'Flash Flood Warning', 'Winter Storm Warning', 'Hurricane Warning', 'Heat Advisory', 'Blizzard Warning', 'High Wind Warning', '', 'FLOOD WARNING', 'Flood Warning\u0000', 'Winter Storm Warning '.repeat(500), 'Civil Danger Warning', '__proto__', 'constructor'];
const MSG_TYPES = ['Cancel\u0000', 'cancel', 'CANCEL', 'Update'.repeat(1000), '', 'Ack', 'Error', 'DROP TABLE', '__proto__', 'Alert; Cancel'];
const STATUSES = ['Exercise', 'Test', 'System', 'Draft', 'actual', '', 'Actual\u202E', 'Actual'.repeat(100)];

function mangleVtec(rng: Rng, vtec: string): string {
  const v = vtec.trim() || '/O.NEW.KPHI.WS.W.0007.260120T0000Z-260121T0000Z/';
  switch (rng.int(0, 9)) {
    case 0:
      return v.slice(0, rng.int(0, v.length));
    case 1:
      return v.toLowerCase();
    case 2:
      return v.replace(/^\/O\.[A-Z]{3}\./, `/O.${rng.pick(['XXX', 'CAN', 'EXP', 'NEW', 'UPG', '123', ''])}.`);
    case 3:
      return v.replace(/\//g, '');
    case 4:
      return `/O.${'A'.repeat(100_000)}`;
    case 5:
      return `${v} ${v} ${v.replace('NEW', 'CAN')}`;
    case 6:
      return '/O.NEW.KPHI.WS.W.0007.999999T9999Z-000000T0000Z/';
    case 7:
      return `${'/'.repeat(50_000)}O.`;
    case 8:
      return v.replace(/\d{4}\./, '9999999.');
    default:
      return '/X.COR.ZZZZ.ZZ.Z.0000.000000T0000Z-000000T0000Z/';
  }
}

interface XmlFields {
  id: string[];
  title: string[];
  body: string[];
  date: string[];
  event: string[];
  msgType: string[];
  status: string[];
  vtec: string[];
  /** Where a `references` element can be inserted (after the first match of this closing tag). */
  refsAfter: string;
  refsTag: string;
}

const XML_FIELDS: Record<'atom-cap' | 'rss' | 'cap', XmlFields> = {
  'atom-cap': { id: ['id'], title: ['title'], body: ['summary'], date: ['published', 'updated', 'cap:effective', 'cap:expires'], event: ['cap:event'], msgType: ['cap:msgType'], status: ['cap:status'], vtec: ['value'], refsAfter: '</cap:msgType>', refsTag: 'cap:references' },
  rss: { id: ['guid'], title: ['title'], body: ['description'], date: ['pubDate'], event: ['cap:event'], msgType: ['cap:msgType'], status: ['cap:status'], vtec: ['value'], refsAfter: '</title>', refsTag: 'cap:references' },
  cap: { id: ['identifier'], title: ['headline'], body: ['description', 'instruction'], date: ['sent', 'effective', 'expires'], event: ['event'], msgType: ['msgType'], status: ['status'], vtec: ['value'], refsAfter: '</msgType>', refsTag: 'references' },
};

function xmlFieldOp(rng: Rng, xml: string, flavor: 'atom-cap' | 'rss' | 'cap', op: FieldOp): { xml: string; note: string } {
  const f = XML_FIELDS[flavor];
  // Apply to one item (sometimes all): tags repeat once per item.
  const every = rng.chance(0.3);
  const onTags = (tags: string[], fn: (inner: string) => string, single = false): string => {
    let out = xml;
    for (const tag of tags) {
      const n = countTag(out, tag);
      if (n === 0) continue;
      out = mapTag(out, tag, fn, every && !single ? undefined : rng.int(0, n - 1));
    }
    return out;
  };
  const txt = (s: string) => escapeXml(s);
  switch (op) {
    case 'date-future':
      return { xml: onTags(f.date, () => txt(rng.pick(FUTURE))), note: 'dates in the far future' };
    case 'date-past':
      return { xml: onTags(f.date, () => txt(rng.pick(PAST))), note: 'dates in the distant past' };
    case 'date-invalid':
      return { xml: onTags(f.date, () => txt(rng.pick(INVALID_DATES))), note: 'invalid dates' };
    case 'missing-id': {
      let out = xml;
      for (const tag of f.id) out = out.replace(new RegExp(`<${escapeRe(tag)}(?:\\s[^>]*)?>[\\s\\S]*?</${escapeRe(tag)}>`, every ? 'g' : ''), '');
      return { xml: out, note: every ? 'every id removed' : 'first id removed' };
    }
    case 'duplicate-id':
      return { xml: mapTag(xml, f.id[0] ?? 'id', () => 'DUPLICATE-ID-1'), note: 'every id the same' };
    case 'huge-title':
      return { xml: onTags(f.title, () => (rng.chance(0.5) ? `<![CDATA[${'T'.repeat(1 << 20)}]]>` : txt('Title '.repeat(175_000))), true), note: '1 MB title' };
    case 'control-bidi':
      return { xml: onTags([...f.title, ...f.body], (t) => `${txt(rng.pick(GARBAGE_TEXT))}${t}${txt(rng.pick(GARBAGE_TEXT))}`), note: 'control / bidi / mention characters' };
    case 'script':
      return { xml: onTags([...f.title, ...f.body], (t) => (rng.chance(0.5) ? `<![CDATA[${rng.pick(SCRIPTS)}]]>${t}` : `${txt(rng.pick(SCRIPTS))}${t}`)), note: 'script tags in title/summary' };
    case 'vtec-mangle': {
      const n = countTag(xml, 'value');
      if (n === 0) return { xml: xml.replace(f.refsAfter, `${f.refsAfter}<${flavor === 'cap' ? '' : 'cap:'}parameter><valueName>VTEC</valueName><value>${txt(mangleVtec(rng, ''))}</value></${flavor === 'cap' ? '' : 'cap:'}parameter>`), note: 'mangled VTEC added' };
      return { xml: mapTag(xml, 'value', (t) => (t.includes('/O.') || rng.chance(0.2) ? txt(mangleVtec(rng, t)) : t)), note: 'VTEC strings mangled' };
    }
    case 'unknown-references': {
      const refs = Array.from({ length: rng.pick([1, 3, 1000]) }, (_, i) => rng.pick([`w-nws.webmaster@noaa.gov,NOAA-NWS-UNKNOWN-${i},2018-08-15T12:00:00-06:00`, ',,,', `x,${'R'.repeat(rng.int(1, 300))},y`, 'no-commas-at-all'])).join(' ');
      return { xml: xml.split(f.refsAfter).join(`${f.refsAfter}<${f.refsTag}>${txt(refs)}</${f.refsTag}>`), note: 'references to unknown alerts' };
    }
    case 'msgType-garbage':
      return { xml: countTag(xml, f.msgType[0] ?? '') > 0 ? onTags(f.msgType, () => txt(rng.pick(MSG_TYPES))) : xml.replace(f.refsAfter, `${f.refsAfter}<${f.msgType[0] ?? 'msgType'}>${txt(rng.pick(MSG_TYPES))}</${f.msgType[0] ?? 'msgType'}>`), note: 'msgType garbage' };
    case 'status-garbage':
      return { xml: onTags(f.status, () => txt(rng.pick(STATUSES))), note: 'status garbage' };
    case 'event-swap':
      return { xml: onTags(f.event, () => txt(rng.pick(EVENTS))), note: 'event names swapped' };
    case 'empty-fields':
      return { xml: onTags([...f.id, ...f.title, ...f.event, ...f.date], () => ''), note: 'empty id/title/event/date' };
    case 'attributes-on-fields':
      return { xml: xml.replace(new RegExp(`<(${[...f.id, ...f.title].map(escapeRe).join('|')})>([\\s\\S]*?)</\\1>`, every ? 'g' : ''), (_, tag: string, inner: string) => `<${tag} type="text" isPermaLink="false">${rng.chance(0.5) ? '' : inner}</${tag}>`), note: 'attributes on id/title (some emptied)' };
    case 'markup-in-title':
      return { xml: onTags(f.title, (t) => `<b>${t}</b><br/>`), note: 'raw child elements inside title' };
    case 'type-confusion':
      return { xml: onTags([...f.id, ...f.event], (t) => `<value>${t}</value><value>2</value>`), note: 'id/event given as nested elements' };
  }
}

type Json = Record<string, unknown>;
const WRONG_TYPES: readonly unknown[] = [null, 0, -1, 1e308, true, '', 'string', [], ['a', 'b'], {}, { _: 'x' }, [[1]], { identifier: 7 }];

function jsonFieldOp(rng: Rng, doc: Json, flavor: 'nws-json' | 'json-feed', op: FieldOp): string {
  const key = flavor === 'nws-json' ? 'features' : 'items';
  const list = Array.isArray(doc[key]) ? (doc[key] as Json[]) : [];
  const every = rng.chance(0.3) && op !== 'huge-title'; // one 1 MB title per document keeps it under the 5 MB cap
  const targets = every ? list : list.length === 0 ? [] : [rng.pick(list)];
  /** The object holding an entry's fields; undefined when an earlier mutation replaced it with a non-object. */
  const props = (entry: Json): Json | undefined => {
    const holder: unknown = flavor === 'nws-json' ? (entry['properties'] ??= {}) : entry;
    return holder !== null && typeof holder === 'object' && !Array.isArray(holder) ? (holder as Json) : undefined;
  };
  const nws = flavor === 'nws-json';
  const F = nws
    ? { id: 'id', title: 'headline', body: 'description', dates: ['sent', 'effective', 'onset', 'expires', 'ends'], event: 'event', msgType: 'messageType', status: 'status' }
    : { id: 'id', title: 'title', body: 'content_text', dates: ['date_published', 'date_modified'], event: 'title', msgType: 'x', status: 'x' };
  for (const entry of targets) {
    if (entry === null || typeof entry !== 'object') continue;
    const p = props(entry);
    if (p === undefined) continue;
    switch (op) {
      case 'date-future':
        for (const d of F.dates) p[d] = rng.pick(FUTURE);
        break;
      case 'date-past':
        for (const d of F.dates) p[d] = rng.pick(PAST);
        break;
      case 'date-invalid':
        for (const d of F.dates) p[d] = rng.chance(0.7) ? rng.pick(INVALID_DATES) : rng.pick(WRONG_TYPES);
        break;
      case 'missing-id':
        delete p[F.id];
        break;
      case 'duplicate-id':
        for (const other of list) {
          const q = other !== null && typeof other === 'object' ? props(other) : undefined;
          if (q !== undefined) q[F.id] = 'DUPLICATE-ID-1';
        }
        break;
      case 'huge-title':
        p[F.title] = 'Title '.repeat(175_000);
        break;
      case 'control-bidi':
        p[F.title] = `${rng.pick(GARBAGE_TEXT)}${String(p[F.title] ?? '')}${rng.pick(GARBAGE_TEXT)}`;
        p[F.body] = `${rng.pick(GARBAGE_TEXT)}${String(p[F.body] ?? '')}`;
        break;
      case 'script':
        p[F.title] = `${rng.pick(SCRIPTS)}${String(p[F.title] ?? '')}`;
        p[F.body] = rng.pick(SCRIPTS);
        break;
      case 'vtec-mangle':
        if (nws) {
          // An earlier mutation may have made `parameters` a string or null: start a fresh object.
          if (p['parameters'] === null || typeof p['parameters'] !== 'object') p['parameters'] = {};
          const params = p['parameters'] as Json;
          const vtec = Array.isArray(params['VTEC']) ? (params['VTEC'] as unknown[]) : [];
          params['VTEC'] = vtec.length === 0 ? [mangleVtec(rng, '')] : vtec.map((v) => mangleVtec(rng, String(v)));
        } else p['title'] = mangleVtec(rng, '');
        break;
      case 'unknown-references':
        p['references'] = Array.from({ length: rng.pick([1, 3, 1000]) }, (_, i) => ({ identifier: `urn:oid:unknown.${i}`, sender: 'w-nws.webmaster@noaa.gov', sent: '2025-12-15T11:51:00-08:00' }));
        break;
      case 'msgType-garbage':
        p[F.msgType] = rng.pick(MSG_TYPES);
        break;
      case 'status-garbage':
        p[F.status] = rng.pick(STATUSES);
        break;
      case 'event-swap':
        p[F.event] = rng.pick(EVENTS);
        break;
      case 'empty-fields':
        for (const k of [F.id, F.title, F.event, ...F.dates]) p[k] = '';
        break;
      case 'attributes-on-fields':
        p[F.id] = { '@value': p[F.id] };
        break;
      case 'markup-in-title':
        p[F.title] = `<b>${String(p[F.title] ?? '')}</b><br/>`;
        break;
      case 'type-confusion': {
        // A field of the wrong JSON type: what a broken upstream or a schema change produces.
        const paths = nws
          ? ['id', 'headline', 'event', 'messageType', 'status', 'areaDesc', 'geocode', 'geocode.UGC', 'geocode.SAME', 'parameters', 'parameters.VTEC', 'references', 'references.0', 'description', 'sent', '.properties', '.self']
          : ['id', 'title', 'content_text', 'summary', 'url', 'date_published', '.self'];
        const path = rng.pick(paths);
        const value = rng.pick(WRONG_TYPES);
        if (path === '.self') {
          const i = list.indexOf(entry);
          if (i >= 0) list[i] = value as Json;
        } else if (path === '.properties') entry['properties'] = value;
        else {
          const [a, b] = path.split('.') as [string, string | undefined];
          if (b === undefined) p[a] = value;
          else {
            const holder = p[a];
            if (holder !== null && typeof holder === 'object') (holder as Json)[b] = value;
            else p[a] = { [b]: value };
          }
        }
        break;
      }
    }
  }
  return JSON.stringify(doc);
}

const field: Mutator = (rng, seed) => {
  const count = rng.int(1, 3);
  const ops: FieldOp[] = [];
  let text = seed.text;
  for (let i = 0; i < count; i++) {
    const op = rng.pick(FIELD_OPS);
    ops.push(op);
    if (seed.flavor === 'nws-json' || seed.flavor === 'json-feed') {
      let doc: Json;
      try {
        doc = JSON.parse(text) as Json;
      } catch {
        break;
      }
      text = jsonFieldOp(rng, doc, seed.flavor, op);
    } else {
      text = xmlFieldOp(rng, text, seed.flavor, op).xml;
    }
  }
  return { body: text, note: ops.join('+') };
};

// ---------------------------------------------------------------------------------------------
// Valid-looking documents with thousands of items

/** Under the service's 5 MB cap: bigger documents never reach the parser. */
const MANY_ITEMS_BYTES = 4_500_000;

const manyItems: Mutator = (rng, seed, sizes) => {
  const duplicate = rng.chance(0.15);
  const id = (i: number) => (duplicate ? 'SAME-ID' : `fuzz-${rng.seed}-${i}`);
  if (seed.flavor === 'nws-json' || seed.flavor === 'json-feed') {
    const doc = JSON.parse(seed.text) as Json;
    const key = seed.flavor === 'nws-json' ? 'features' : 'items';
    const list = doc[key] as Json[];
    const average = JSON.stringify(list).length / Math.max(1, list.length);
    const n = Math.min(sizes.manyItems, Math.floor(MANY_ITEMS_BYTES / average));
    doc[key] = Array.from({ length: n }, (_, i) => {
      const copy = structuredClone(list[i % list.length] ?? {});
      if (seed.flavor === 'nws-json') ((copy['properties'] ??= {}) as Json)['id'] = id(i);
      else copy['id'] = id(i);
      return copy;
    });
    return { body: JSON.stringify(doc), note: `${n} items${duplicate ? ' (all the same id)' : ''}` };
  }
  const [open, close, idTag, n] =
    seed.flavor === 'atom-cap' ? (['<entry>', '</entry>', 'id', sizes.manyAtomEntries] as const) : seed.flavor === 'cap' ? (['<info>', '</info>', 'headline', Math.min(sizes.manyAtomEntries, 1500)] as const) : (['<item>', '</item>', 'guid', sizes.manyItems] as const);
  const first = seed.text.indexOf(open);
  const last = seed.text.lastIndexOf(close) + close.length;
  const blocks = seed.text.slice(first, last).split(close).filter((b) => b.includes(open)).map((b) => `${b.slice(b.indexOf(open))}${close}`);
  const average = blocks.reduce((a, b) => a + b.length, 0) / Math.max(1, blocks.length);
  const count = Math.min(n, Math.floor(MANY_ITEMS_BYTES / average));
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(mapTag(blocks[i % blocks.length] ?? `${open}${close}`, idTag, () => id(i)));
  return { body: `${seed.text.slice(0, first)}${out.join('\n')}${seed.text.slice(last)}`, note: `${count} items${duplicate ? ' (all the same id)' : ''}` };
};

/** Unclosed HTML-ish markup in an RSS description, e.g. an escaped, cut-off HTML fragment. */
const unclosedMarkup: Mutator = (rng, seed, sizes) => {
  const unit = rng.pick(['x&lt;p ', '&lt;', 'a&lt;div b']);
  const n = sizes.unclosedMarkupUnits;
  const field = seed.flavor === 'atom-cap' ? 'summary' : 'description';
  const body = seed.flavor === 'atom-cap' ? seed.text.replace('</summary>', `</summary><content type="html">${unit.repeat(n)}</content>`) : mapTag(seed.text, field, () => unit.repeat(n), firstItemOccurrence(seed.text, field, seed.flavor));
  return { body, note: `${n} × "${unit}" (${(unit.length * n) >> 10} KB) in ${seed.flavor === 'atom-cap' ? '<content>' : `<${field}>`}` };
};

export function mutators(seeds: readonly Seed[]): Record<MutationKind, Mutator> {
  return {
    seed: (_rng, seed) => ({ body: seed.text, note: 'unchanged' }),
    truncate,
    'byte-flip': byteFlip,
    'invalid-utf8': invalidUtf8,
    'deep-nesting': deepNesting,
    entity,
    'huge-body': hugeBody,
    'content-type': contentType(seeds),
    field,
    'many-items': manyItems,
    'unclosed-markup': unclosedMarkup,
  };
}

/** Seeds a kind applies to (unclosed markup only bites rss-parser, so only RSS/Atom seeds). */
function seedsFor(kind: MutationKind, seeds: readonly Seed[]): readonly Seed[] {
  if (kind === 'unclosed-markup') return seeds.filter((s) => s.format === 'rss' && s.text.length < 100_000);
  if (kind === 'many-items' || kind === 'deep-nesting' || kind === 'huge-body') return seeds.filter((s) => s.text.length < 100_000);
  return seeds;
}

/**
 * Lazily yields `counts[kind]` documents per kind (bodies of several MB are not all kept in
 * memory). Each document has its own forked PRNG stream, so doc #n is the same for a given seed
 * whatever the counts of the other kinds.
 */
export function* generateDocs(rng: Rng, seeds: readonly Seed[], counts: Partial<Record<MutationKind, number>>, sizes: Sizes): Generator<FuzzDoc> {
  const all = mutators(seeds);
  let index = 0;
  for (const kind of MUTATION_KINDS) {
    const n = counts[kind] ?? 0;
    const pool = seedsFor(kind, seeds);
    for (let i = 0; i < n; i++) {
      const docRng = rng.fork(MUTATION_KINDS.indexOf(kind) * 1_000_003 + i);
      const seed = kind === 'seed' ? (pool[i % pool.length] as Seed) : docRng.pick(pool);
      const m = all[kind](docRng, seed, sizes);
      yield {
        index: index++,
        kind,
        format: m.format ?? seed.format,
        seed: seed.name,
        note: m.note,
        contentType: m.contentType ?? seed.contentType,
        body: typeof m.body === 'string' ? Buffer.from(m.body, 'utf8') : m.body,
      };
    }
  }
}
