/**
 * Fuzzes the emergency-feed reader with hostile and broken documents derived from real NWS/city
 * fixtures. Level 1 calls parseFeed + classifyItem directly on thousands of documents (in worker
 * threads, so a parse that never returns is caught by a wall-clock budget). Level 2 serves a few
 * hundred of them, 50 MB bodies and stalled connections included, from a local HTTP server to the
 * real service (startService + FeedPoller), then checks that a good document still declares its
 * emergency exactly once, memory stayed bounded, every failure was logged with a reason, and every
 * feed recovered.
 *
 * Reduced by default; `STORM=full` for the big run. `FUZZ_SEED=<n>` replays a run.
 */
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.js';
import { classifyItem } from '../../src/feeds/classify.js';
import { feedsConfigSchema, sourceSchema } from '../../src/feeds/feed-config.js';
import type { FeedFormat } from '../../src/feeds/feed-item.js';
import { FeedPoller } from '../../src/feeds/feed-poller.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import type { Signal } from '../../src/domain/signal.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { nwsAlert } from '../support/feed-server.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';
import { startHostileServer, type Answer, type HostileServer } from './fuzz/hostile-server.js';
import { captureLogs, type LogLine } from './fuzz/log-capture.js';
import { generateDocs, MUTATION_KINDS, type FuzzDoc, type MutationKind, type Sizes } from './fuzz/mutators.js';
import type { ParseOutcome } from './fuzz/parse-outcome.js';
import { createRng, fuzzSeed } from './fuzz/prng.js';
import { ParsePool } from './fuzz/worker-pool.js';
import { describeDoc, FailureArchive, metaOf, outcomeTable, violations, type DocMeta } from './fuzz/report.js';
import { cityJsonFeed, cityRss, loadSeeds } from './fuzz/seeds.js';
import { FULL, size } from './storm-size.js';

const SEED = fuzzSeed(FULL);
/**
 * Hang detection, not a speed limit: a parse still running after this long is stuck (the ReDoS
 * and never-settling parses this fuzz found ran for minutes or forever). Generous, so a loaded
 * machine never fails a test for being slow.
 */
const HANG_LIMIT_MS = 30_000;
const MB = 1024 * 1024;
console.log(`feed-fuzz: seed ${SEED} (replay: FUZZ_SEED=${SEED}${FULL ? ' STORM=full' : ''} npx vitest run test/storm/feed-fuzz.test.ts), ${FULL ? 'full' : 'reduced'} size`);

const SIZES: Sizes = {
  deepNesting: 10_000,
  hugeFieldBytes: size(3 * MB, 4.5 * MB),
  manyItems: size(3_000, 12_000),
  manyAtomEntries: size(1_000, 2_500),
  // 40 000 × "x&lt;p " ≈ 280 KB: took seconds in rss-parser before BUG-1 was fixed, still tiny.
  unclosedMarkupUnits: 40_000,
};

const LEVEL1_COUNTS: Record<MutationKind, number> = {
  seed: loadSeeds().length,
  truncate: size(500, 4_000),
  'byte-flip': size(500, 4_000),
  'invalid-utf8': size(150, 1_000),
  'deep-nesting': size(24, 200),
  entity: size(120, 800),
  'huge-body': size(6, 40),
  'content-type': size(250, 1_500),
  field: size(1_000, 8_000),
  'many-items': size(12, 80),
  'unclosed-markup': size(2, 6),
};

/** A lossy decode (invalid UTF-8 → U+FFFD) so the parser itself sees the damage; the BOM is kept, as `file:` sources keep it. */
const decode = (body: Buffer): string => body.toString('utf8');
/** A full GC when it can be had (`--expose-gc` switched on at runtime), so retained memory can be told from garbage not yet collected. */
const collectGarbage: () => void = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    if (typeof gc === 'function') return () => void (gc as () => unknown)();
  } catch {
    // fall through: no forced GC, peak numbers only
  }
  return () => undefined;
})();
const LEAKED_TYPE_ERROR = /is not a function|Cannot read properties|is not iterable|Cannot use 'in' operator|is not an object|Cannot convert/;

// =============================================================================================
describe(`feed fuzz, level 1: parseFeed + classifyItem on mutated documents (seed ${SEED})`, () => {
  const results: { meta: DocMeta; outcome: ParseOutcome }[] = [];
  const archive = new FailureArchive(SEED);
  let pool: ParsePool;
  let elapsedMs = 0;

  beforeAll(async () => {
    pool = new ParsePool(2, HANG_LIMIT_MS);
    await pool.ready();
    const started = performance.now();
    const docs = generateDocs(createRng(SEED), loadSeeds(), LEVEL1_COUNTS, SIZES);
    await pool.run(
      docs,
      (doc) => ({ body: decode(doc.body), format: doc.format }),
      (doc, outcome) => {
        results.push({ meta: metaOf(doc), outcome });
        const bad =
          outcome.kind === 'hang' || outcome.kind === 'crash'
            ? outcome.kind
            : outcome.kind === 'error'
              ? !outcome.isAppError
                ? `non-AppError ${outcome.name}`
                : undefined
              : outcome.badIds.length + outcome.classifyThrows.length + outcome.badShape.length > 0 || outcome.xxe
                ? 'bad items'
                : undefined;
        if (bad !== undefined) archive.keep(doc, `${bad}: ${JSON.stringify(outcome).slice(0, 2000)}`);
      },
    );
    elapsedMs = performance.now() - started;
    const table = outcomeTable(results);
    console.log(`feed-fuzz level 1: ${results.length} documents in ${(elapsedMs / 1000).toFixed(1)} s, ${pool.workerRestarts} worker restart(s)\n${table.text}`);
    const classified: Record<string, number> = {};
    for (const { outcome } of results) if (outcome.kind === 'items') for (const [k, v] of Object.entries(outcome.classified)) classified[k] = (classified[k] ?? 0) + v;
    console.log(`feed-fuzz level 1 classifications: ${JSON.stringify(classified)}`);
  }, size(600_000, 3_600_000)); // hang detection: about a minute alone, several times that on a loaded machine

  afterAll(async () => {
    await pool?.close();
  });

  const where = (m: DocMeta) => describeDoc(m);

  it('ran every mutation kind over every format', () => {
    expect(results.length).toBe(Object.values(LEVEL1_COUNTS).reduce((a, b) => a + b, 0));
    const kinds = new Set(results.map((r) => r.meta.kind));
    expect([...kinds].sort()).toEqual([...MUTATION_KINDS].sort());
    expect(new Set(results.map((r) => r.meta.format))).toEqual(new Set(['rss', 'cap', 'nws-json', 'json']));
    // The unmutated real fixtures all parse into items (the fuzz starts from working documents).
    const seeds = results.filter((r) => r.meta.kind === 'seed');
    expect(seeds.map((r) => `${r.meta.seed}: ${r.outcome.kind}`)).toEqual(seeds.map((r) => `${r.meta.seed}: items`));
  });

  it(`answers every document (no parse still running after ${HANG_LIMIT_MS / 1000} s) and never kills its thread (BUG-1: rss-parser ReDoS on unclosed markup; BUG-7: a bare XML declaration never settles)`, () => {
    const stuck = results.filter((r) => r.outcome.kind === 'hang' || r.outcome.kind === 'crash').map((r) => `${r.outcome.kind} after ${r.outcome.ms.toFixed(0)} ms: ${where(r.meta)}${r.outcome.kind === 'crash' ? ` — ${r.outcome.message}` : ''}`);
    expect(stuck, `${violations('parse(s) stalled or crashed', stuck, SEED)}\nfailing documents kept in ${archive.dir}`).toEqual([]);
  });

  it('refuses a bad document only by throwing an AppError INVALID_INPUT with a reason (never a non-Error, never an untyped error)', () => {
    const bad = results.flatMap((r) => (r.outcome.kind === 'error' && (!r.outcome.isError || !r.outcome.isAppError || r.outcome.code !== 'INVALID_INPUT' || r.outcome.message.trim() === '') ? [`${r.outcome.name} ${String(r.outcome.code)} "${r.outcome.message}": ${where(r.meta)}`] : []));
    expect(bad, violations('refusal(s) without a typed error', bad, SEED)).toEqual([]);
    expect(results.filter((r) => r.outcome.kind === 'error').length).toBeGreaterThan(results.length / 10);
  });

  it('states refusal reasons in words, not as a leaked TypeError from inside the parser (BUG-5)', () => {
    const leaked = results.flatMap((r) => (r.outcome.kind === 'error' && LEAKED_TYPE_ERROR.test(r.outcome.message) ? [`"${r.outcome.message}": ${where(r.meta)}`] : []));
    const distinct = [...new Set(leaked.map((l) => l.slice(0, l.indexOf('": ') + 1)))];
    expect(leaked, `${violations('refusal(s) whose reason is an internal TypeError', leaked, SEED, 4)}\ndistinct messages:\n  ${distinct.join('\n  ')}`).toEqual([]);
  });

  it('returns only well-formed items: string ids, string title/summary, numeric publishedAt, neutralised signal text', () => {
    const bad = results.flatMap((r) => (r.outcome.kind === 'items' ? [...r.outcome.badIds, ...r.outcome.badShape].map((b) => `${b} in ${where(r.meta)}`) : []));
    expect(bad, violations('malformed item(s)', bad, SEED)).toEqual([]);
  });

  it('gives every item a non-empty id (BUG-3: NWS/CAP alerts without an identifier get id "")', () => {
    const empty = results.flatMap((r) => (r.outcome.kind === 'items' && r.outcome.emptyIds.length > 0 ? [`${where(r.meta)}: ${r.outcome.emptyIds[0] ?? ''}`] : []));
    expect(empty, violations('document(s) with items whose id is ""', empty, SEED, 5)).toEqual([]);
  });

  it('classifies whatever the parser returned without throwing (BUG-2: non-array VTEC/geocode from NWS JSON)', () => {
    const threw = results.flatMap((r) => (r.outcome.kind === 'items' ? r.outcome.classifyThrows.map((t) => `${t.slice(0, 220)} — in ${where(r.meta)}`) : []));
    expect(threw, violations('classification(s) threw', threw, SEED, 5)).toEqual([]);
  });

  it('never resolves an entity: no billion-laughs expansion, no /etc/passwd, declarations refused', () => {
    const leaks = results.filter((r) => r.outcome.kind === 'items' && r.outcome.xxe).map((r) => where(r.meta));
    expect(leaks, violations('document(s) leaked /etc/passwd', leaks, SEED)).toEqual([]);
    const entities = results.filter((r) => r.meta.kind === 'entity');
    const expanded = entities.filter((r) => r.outcome.kind === 'items' && /laughs|external|64 KiB|quadratic/.test(r.meta.note) && r.meta.format !== 'nws-json' && r.meta.format !== 'json');
    expect(expanded.map((r) => where(r.meta)), 'an XML document declaring entities was accepted').toEqual([]);
    // Expansion would hang or exhaust memory: every entity document was answered.
    expect(entities.filter((r) => r.outcome.kind === 'hang' || r.outcome.kind === 'crash').map((r) => where(r.meta))).toEqual([]);
  });

  it('leaves no state behind: after any RSS/Atom document, a document with an XML error is still refused (BUG-6: shared rss-parser instance)', () => {
    const poisoning = results.filter((r) => (r.outcome.kind === 'items' || r.outcome.kind === 'error') && r.outcome.poisonsNext === true).map((r) => `${r.outcome.kind === 'error' ? `refused ("${r.outcome.message.slice(0, 60)}")` : 'accepted'}, then the next broken document was accepted: ${where(r.meta)}`);
    expect(poisoning, violations('document(s) left the shared XML parser ignoring errors', poisoning, SEED, 5)).toEqual([]);
  });

  it('regression (fuzz BUG-6): after a download cut short, the next document with an XML error is still refused', async () => {
    const good = cityRss(3);
    const cutShort = good.slice(0, good.indexOf('<![CDATA[') + 20); // cut inside the first item's CDATA
    const broken = good.replace('<title>Cooling', '<title>&nosuch;Cooling'); // an undeclared entity: not well-formed
    await parseFeed(good, 'rss'); // clean state
    await expect(parseFeed(broken, 'rss'), 'refused when parsed on its own').rejects.toThrow(/cannot parse rss/);
    await expect(parseFeed(cutShort, 'rss')).rejects.toThrow(/Unclosed root tag/);
    const after = await parseFeed(broken, 'rss').then(
      (items) => `accepted with ${items.length} item(s): ${items.map((i) => JSON.stringify(i.title)).join(', ')}`,
      (error: unknown) => `refused: ${(error as Error).message}`,
    );
    await parseFeed(good, 'rss'); // puts the shared parser back in a clean state for the tests that follow
    expect(after).toMatch(/^refused/);
  });

  it('regression (fuzz BUG-1): a 1.1 MB RSS description of unclosed markup parses (the ReDoS was quadratic: at this size it would run for minutes)', async () => {
    const body = cityRss(1).replace(/(<item>[\s\S]*?<description>)[\s\S]*?(<\/description>)/, `$1${'x&lt;p '.repeat(160_000)}$2`);
    const [outcome] = await new Promise<ParseOutcome[]>((resolve) => {
      const out: ParseOutcome[] = [];
      void pool.run([body], (b) => ({ body: b, format: 'rss' as FeedFormat }), (_b, o) => out.push(o)).then(() => resolve(out));
    });
    expect(outcome?.kind, `parse of ${body.length} bytes still running after ${outcome?.ms.toFixed(0)} ms`).not.toBe('hang');
  }, HANG_LIMIT_MS + 30_000);

  it('regression (fuzz BUG-2): classifyItem copes with an NWS alert whose VTEC is a string or whose UGC is not an array', async () => {
    const doc = (properties: Record<string, unknown>) => JSON.stringify({ type: 'FeatureCollection', features: [{ properties: { id: 'X1', event: 'Winter Storm Warning', status: 'Actual', messageType: 'Alert', geocode: { UGC: ['PAZ071'] }, ...properties } }] });
    const source = sourceSchema.parse({ id: 'nws', url: 'file:x', format: 'nws-json', area: { codes: ['PAZ071'] } });
    const rules = feedsConfigSchema.parse({ rules: [{ events: ['Winter Storm Warning'], type: 'snow' }] }).rules;
    const errors: string[] = [];
    for (const properties of [{ parameters: { VTEC: '/O.NEW.KPHI.WS.W.0007.260120T0000Z-260121T0000Z/' } }, { geocode: { UGC: 42 } }, { geocode: { UGC: ['PAZ071'], SAME: null } }]) {
      const [item] = await parseFeed(doc(properties), 'nws-json');
      try {
        classifyItem(item!, source, rules, { requiresApproval: false, now: Date.now() });
      } catch (error) {
        errors.push(`${JSON.stringify(properties)} → ${(error as Error).message}`);
      }
    }
    expect(errors).toEqual([]);
  });

  it('regression (fuzz BUG-3): NWS JSON and CAP alerts without an identifier still get a distinct id', async () => {
    const nws = await parseFeed(JSON.stringify({ type: 'FeatureCollection', features: [{ properties: { event: 'Flood Warning' } }, { properties: { event: 'Winter Storm Warning' } }] }), 'nws-json');
    const cap = await parseFeed('<alert><sent>2026-01-20T00:00:00Z</sent><info><event>Flood Warning</event></info></alert>', 'cap');
    expect([...nws, ...cap].map((i) => i.id).filter((id) => id === '')).toEqual([]);
  });
});

// =============================================================================================
const SOURCES = { rss: 'rss', cap: 'cap', 'nws-json': 'nws', json: 'city' } as const satisfies Record<FeedFormat, string>;
type SourceId = (typeof SOURCES)[FeedFormat];
const SOURCE_IDS: SourceId[] = ['rss', 'cap', 'nws', 'city'];
const TIMEOUT_MS = 2_000;
const MAX_BYTES = 5_000_000;

function feedsYaml(server: HostileServer): string {
  const source = (id: SourceId, format: FeedFormat, area: boolean) => `    - id: ${id}
      url: ${JSON.stringify(server.urlFor(`/${id}`))}
      format: ${format}
      pollSeconds: 3600
      ignoreExistingOnFirstPoll: false
      maxItemAgeMinutes: 0
${area ? '      area: { codes: [PAZ071] }\n' : ''}`;
  return `feeds:
  userAgent: "civicast-fuzz (ops@example.org)"
  timeoutMs: ${TIMEOUT_MS}
  maxBytes: ${MAX_BYTES}
  maxBackoffSeconds: 60
  sources:
${source('rss', 'rss', true)}${source('cap', 'cap', true)}${source('nws', 'nws-json', true)}${source('city', 'json', false)}  rules:
    - events: [Winter Storm Warning, Blizzard Warning, Ice Storm Warning, Winter Storm Watch]
      type: snow
      requiresApproval: false
    - events: [Flood Warning, Flash Flood Warning, Flood Watch, Flash Flood Watch]
      type: flood
      requiresApproval: true
    - events: [Hurricane Warning, Hurricane Watch, Tropical Storm Warning]
      type: hurricane
      requiresApproval: true
    - pattern: "snow emergency (is )?(declared|in effect)"
      type: snow
      action: declare
      requiresApproval: false
    - pattern: "snow emergency (is )?(lifted|ended|over|cancell?ed)"
      type: snow
      action: end
`;
}

type NetworkKind = 'huge-50MB-streamed' | 'huge-50MB-declared' | 'stalled-body' | 'dripping-body' | 'redirect-loop' | 'connection-reset' | 'http-error' | 'raw-invalid-utf8';
interface Step {
  source: SourceId;
  kind: MutationKind | NetworkKind;
  label: string;
  answer: Answer;
}
interface StepResult {
  step: Omit<Step, 'answer'>;
  report: { status: string; items: number; signals: number; error?: string } | 'stalled';
  ms: number;
  logs: LogLine[];
}

const LEVEL2_COUNTS: Partial<Record<MutationKind, number>> = {
  truncate: size(50, 120),
  'byte-flip': size(50, 120),
  'invalid-utf8': size(15, 40),
  'deep-nesting': size(6, 20),
  entity: size(25, 60),
  'huge-body': size(3, 10),
  'content-type': size(40, 100),
  field: size(100, 300),
  'many-items': size(4, 16),
};

function networkSteps(rng: ReturnType<typeof createRng>): Step[] {
  const huge = (source: SourceId, declareLength: boolean): Step => {
    const json = source === 'nws' || source === 'city';
    const head = Buffer.from(json ? '{"type":"FeatureCollection","features":[' : '<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>');
    const one = json ? '{"properties":{"id":"big","event":"Flood Watch","headline":"Flood Watch"}},' : '<item><guid>big</guid><title>Flood stage update</title><description>River rising.</description></item>';
    const unit = Buffer.from(one.repeat(Math.ceil(65_536 / one.length)));
    return { source, kind: declareLength ? 'huge-50MB-declared' : 'huge-50MB-streamed', label: `50 MB ${json ? 'JSON' : 'RSS'} body, ${declareLength ? 'with' : 'without'} content-length`, answer: { kind: 'stream', contentType: json ? 'application/json' : 'application/rss+xml', head, unit, totalBytes: 50 * MB, declareLength } };
  };
  const steps: Step[] = [];
  const hugeCount = size(2, 6);
  for (let i = 0; i < hugeCount; i++) steps.push(huge(rng.pick(SOURCE_IDS), i % 2 === 1));
  steps.push({ source: 'nws', kind: 'stalled-body', label: 'headers, then silence', answer: { kind: 'stall', contentType: 'application/geo+json' } });
  steps.push({ source: 'rss', kind: 'dripping-body', label: 'one byte every 100 ms, forever', answer: { kind: 'drip', contentType: 'application/rss+xml', everyMs: 100 } });
  steps.push({ source: 'cap', kind: 'redirect-loop', label: 'redirects to itself', answer: { kind: 'redirect-loop' } });
  for (const source of ['nws', 'rss'] as const) steps.push({ source, kind: 'connection-reset', label: 'half a document, then RST', answer: { kind: 'reset', contentType: 'application/json', body: Buffer.from(source === 'nws' ? nwsAlert({ id: 'R1', event: 'Flood Watch', vtecAction: 'NEW', messageType: 'Alert' }) : cityRss()) } });
  for (const status of [500, 404, 429, 403]) steps.push({ source: rng.pick(SOURCE_IDS), kind: 'http-error', label: `HTTP ${status} with an HTML page`, answer: { kind: 'body', status, contentType: 'text/html', body: Buffer.from(`<html><body><h1>${status}</h1></body></html>`) } });
  steps.push({ source: 'city', kind: 'raw-invalid-utf8', label: 'JSON Feed with a raw 0xFF byte in a title', answer: { kind: 'body', contentType: 'application/feed+json', body: Buffer.concat([Buffer.from(cityJsonFeed().slice(0, 200)), Buffer.from([0xff, 0xfe]), Buffer.from(cityJsonFeed().slice(200))]) } });
  return steps;
}

/** Mutated documents and network misbehaviour, interleaved (documents are generated lazily, one at a time). */
function* level2Steps(): Generator<Step> {
  const rng = createRng(SEED ^ 0x5eed);
  const net = networkSteps(rng);
  const docs = generateDocs(createRng(SEED ^ 0x2), loadSeeds(), LEVEL2_COUNTS, SIZES);
  const docCount = Object.values(LEVEL2_COUNTS).reduce((a, b) => a + b, 0);
  const netAt = new Set(net.map(() => rng.int(0, docCount)));
  let n = 0;
  for (const doc of shuffledLazily(docs, rng)) {
    if (netAt.has(n) && net.length > 0) yield net.shift() as Step;
    n++;
    yield docStep(doc);
  }
  yield* net;
}

/** A small reservoir shuffle: interleaves kinds without holding every (possibly MB-sized) body at once. */
function* shuffledLazily(docs: Iterable<FuzzDoc>, rng: ReturnType<typeof createRng>): Generator<FuzzDoc> {
  const buffer: FuzzDoc[] = [];
  for (const doc of docs) {
    buffer.push(doc);
    if (buffer.length >= 12) yield buffer.splice(rng.int(0, buffer.length - 1), 1)[0] as FuzzDoc;
  }
  while (buffer.length > 0) yield buffer.splice(rng.int(0, buffer.length - 1), 1)[0] as FuzzDoc;
}

function docStep(doc: FuzzDoc): Step {
  return { source: SOURCES[doc.format], kind: doc.kind, label: describeDoc(metaOf(doc)), answer: { kind: 'body', contentType: doc.contentType, body: doc.body } };
}

const goodDocument: Record<SourceId, () => Answer> = {
  rss: () => ({ kind: 'body', contentType: 'application/atom+xml', body: Buffer.from(loadSeeds()[1]?.text ?? '') }),
  cap: () => ({ kind: 'body', contentType: 'application/cap+xml', body: Buffer.from(loadSeeds()[4]?.text ?? '') }),
  nws: () => ({ kind: 'body', contentType: 'application/geo+json', body: Buffer.from(loadSeeds()[5]?.text ?? '') }),
  city: () => ({ kind: 'body', contentType: 'application/feed+json', body: Buffer.from(cityJsonFeed()) }),
};

describe(`feed fuzz, level 2: hostile feed server → FeedPoller → service (seed ${SEED})`, () => {
  let server: HostileServer;
  let svc: RunningService;
  const logs = captureLogs();
  const results: StepResult[] = [];
  let rssBefore = 0;
  let rssMax = 0;
  /** RSS right after a full GC, sampled every 20 polls: what the service keeps, not what it has not yet freed. */
  let retainedMax = 0;
  let declaredBeforeGood = -1;
  let good: { first: StepResult['report']; again: StepResult['report'] } | undefined;
  let elapsedMs = 0;

  async function poll(source: SourceId): Promise<{ report: StepResult['report']; ms: number }> {
    const started = performance.now();
    // Hang detection: the fetch gives up after TIMEOUT_MS; a poll still pending long after that is stuck.
    const guard = new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), HANG_LIMIT_MS).unref());
    const report = await Promise.race([svc.services.pollFeed(source), guard]);
    return { report, ms: performance.now() - started };
  }

  beforeAll(async () => {
    server = await startHostileServer();
    for (const id of SOURCE_IDS) server.set(`/${id}`, goodDocument[id]());
    const { dir, configDir } = makeTestConfig({ 'feeds.yaml': feedsYaml(server), 'zz-channels.yaml': 'channels:\n  console: { kind: console, enabled: false }\n' });
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: 'feed-fuzz-token-1234' }), logger: createLogger({ level: 'info', destination: logs.destination }), runtimeDir: path.join(dir, 'run') });
    const started = performance.now();
    collectGarbage();
    rssBefore = process.memoryUsage().rss;
    rssMax = rssBefore;
    retainedMax = rssBefore;
    for (const step of level2Steps()) {
      server.set(`/${step.source}`, step.answer);
      const before = logs.lines.length;
      const { report, ms } = await poll(step.source);
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      if (results.length % 20 === 19) {
        collectGarbage();
        retainedMax = Math.max(retainedMax, process.memoryUsage().rss);
      }
      results.push({ step: { source: step.source, kind: step.kind, label: step.label }, report, ms, logs: logs.lines.slice(before) });
    }
    declaredBeforeGood = (await svc.services.emergencies.list()).length;
    // The storm is over: every feed serves a good document again; NWS declares a snow emergency.
    for (const id of SOURCE_IDS) {
      server.set(`/${id}`, goodDocument[id]());
      await poll(id);
    }
    const warning = nwsAlert({ id: 'FUZZ-GOOD-1', event: 'Winter Storm Warning', vtecAction: 'NEW', messageType: 'Alert' });
    server.set('/nws', { kind: 'body', contentType: 'application/geo+json', body: Buffer.from(warning) });
    const first = (await poll('nws')).report;
    // The same alert again, in a document that changed around it: nothing new.
    const doc = JSON.parse(warning) as { features: unknown[] };
    doc.features.push(...(JSON.parse(loadSeeds()[5]?.text ?? '{"features":[]}') as { features: unknown[] }).features);
    server.set('/nws', { kind: 'body', contentType: 'application/geo+json', body: Buffer.from(JSON.stringify(doc)) });
    const again = (await poll('nws')).report;
    good = { first, again };
    elapsedMs = performance.now() - started;

    const byKind = new Map<string, { polls: number; ok: number; failed: number; other: number; maxMs: number }>();
    for (const r of results) {
      const row = byKind.get(r.step.kind) ?? { polls: 0, ok: 0, failed: 0, other: 0, maxMs: 0 };
      row.polls++;
      if (r.report !== 'stalled' && r.report.status === 'ok') row.ok++;
      else if (r.report !== 'stalled' && r.report.status === 'failed') row.failed++;
      else row.other++;
      row.maxMs = Math.max(row.maxMs, r.ms);
      byKind.set(r.step.kind, row);
    }
    const table = [...byKind].map(([k, r]) => `${k.padEnd(20)} ${String(r.polls).padStart(5)} ${String(r.ok).padStart(5)} ${String(r.failed).padStart(7)} ${String(r.other).padStart(6)} ${r.maxMs.toFixed(0).padStart(7)}`);
    console.log(
      `feed-fuzz level 2: ${results.length} hostile polls in ${(elapsedMs / 1000).toFixed(1)} s; RSS ${(rssBefore / MB).toFixed(0)} MB → peak ${(rssMax / MB).toFixed(0)} MB, after GC max ${(retainedMax / MB).toFixed(0)} MB; streamed bytes per 50 MB answer: ${server.streamed.map((b) => (b / MB).toFixed(1)).join(', ')} MB\n` +
        `kind                 polls    ok  failed  other  max ms\n${table.join('\n')}`,
    );
  }, size(600_000, 3_600_000)); // hang detection, as above

  afterAll(async () => {
    await svc?.close();
    await server?.close();
  });

  it('answered every poll (processed or refused) without stalling', () => {
    const slow = results.filter((r) => r.report === 'stalled').map((r) => `STALLED: ${r.step.source} ← ${r.step.label}`);
    expect(slow, violations('poll(s) stalled', slow, SEED)).toEqual([]);
    expect(results.length).toBeGreaterThan(size(250, 700));
    expect(results.some((r) => r.report !== 'stalled' && r.report.status === 'failed')).toBe(true);
  });

  it('logged every failed poll with the feed, an error code and a reason', () => {
    const unlogged: string[] = [];
    for (const r of results) {
      if (r.report === 'stalled' || r.report.status !== 'failed') continue;
      const line = r.logs.find((l) => l.level === 40 && l.feed === r.step.source && typeof l.msg === 'string' && l.msg.startsWith(`feed ${r.step.source} failed: `));
      const reason = line?.msg?.replace(`feed ${r.step.source} failed: `, '').replace(/; skipped$/, '').trim() ?? '';
      if (line === undefined || typeof line.code !== 'string' || reason.length < 4 || /^(undefined|null|\[object Object\])$/.test(reason)) unlogged.push(`${r.step.source} ← ${r.step.label}: report ${JSON.stringify(r.report)}, log ${JSON.stringify(line ?? null)}`);
    }
    expect(unlogged, violations('failed poll(s) without a clear log line', unlogged, SEED)).toEqual([]);
    expect(logs.lines.some((l) => l.level >= 60)).toBe(false); // nothing fatal
  });

  it('logged reasons an operator can act on, not a TypeError leaked from the parser or classifier (BUG-5)', () => {
    const leaked = results.flatMap((r) => (r.report !== 'stalled' && r.report.status === 'failed' && LEAKED_TYPE_ERROR.test(r.report.error ?? '') ? [`${r.report.error ?? ''} ← ${r.step.label}`] : []));
    expect(leaked, violations('failure reason(s) that are internal TypeErrors', leaked, SEED, 5)).toEqual([]);
  });

  it(`kept memory bounded (RSS growth after GC < 300 MB, peak < ${size(300, 600)} MB) and cut 50 MB bodies off at the ${MAX_BYTES}-byte cap`, () => {
    expect(retainedMax - rssBefore, `RSS after GC grew from ${(rssBefore / MB).toFixed(0)} MB to ${(retainedMax / MB).toFixed(0)} MB`).toBeLessThan(300 * MB);
    // The peak includes garbage not yet collected (MB-sized documents parsed one after another); it must still stay far from "50 MB × polls".
    expect(rssMax - rssBefore, `peak RSS grew from ${(rssBefore / MB).toFixed(0)} MB to ${(rssMax / MB).toFixed(0)} MB`).toBeLessThan(size(300, 600) * MB);
    const huge = results.filter((r) => r.step.kind.startsWith('huge-50MB'));
    expect(huge.length).toBe(size(2, 6));
    for (const r of huge) expect(r.report, r.step.label).toMatchObject({ status: 'failed', error: expect.stringMatching(/INVALID_INPUT: .*cap/) });
    expect(server.streamed.length).toBe(huge.length);
    for (const sent of server.streamed) expect(sent, 'the reader stopped early, the server never got to send 50 MB').toBeLessThan(50 * MB);
  });

  it('declared nothing from hostile documents, then declared the good snow emergency exactly once', async () => {
    expect(declaredBeforeGood).toBe(0);
    expect(good?.first).toMatchObject({ status: 'ok', signals: 1 });
    expect(good?.again).toMatchObject({ status: 'ok', signals: 0 });
    const emergencies = await svc.services.emergencies.list();
    expect(emergencies.map((e) => `${e.type}:${e.status}`)).toEqual(['snow:active']);
    expect(emergencies[0]?.externalKeys).toContain('vtec:KPHI.WS.W.0007');
  });

  it('recovered: every feed is ok again and the service still answers', async () => {
    const status = svc.services.feedStatus();
    expect(status.map((s) => `${s.id}:${s.state}:${String(s['consecutiveFailures'])}`).sort()).toEqual(SOURCE_IDS.map((id) => `${id}:ok:0`).sort());
    expect((await svc.app!.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

// =============================================================================================
describe('feed fuzz: consequences in the poller of the parser bugs found', () => {
  const feature = (id: string | undefined, etn: string, extra: Record<string, unknown> = {}) => ({
    properties: { ...(id === undefined ? {} : { id }), event: 'Winter Storm Warning', status: 'Actual', messageType: 'Alert', areaDesc: 'Philadelphia', geocode: { UGC: ['PAZ071'] }, sent: new Date().toISOString(), parameters: { VTEC: [`/O.NEW.KPHI.WS.W.${etn}.260120T0000Z-260121T0000Z/`] }, ...extra },
  });

  /** A FeedPoller on a MemoryStore, reading one NWS JSON document from a local server; polled twice. */
  async function pollWith(body: string) {
    const server = await startHostileServer();
    server.set('/nws', { kind: 'body', contentType: 'application/geo+json', body: Buffer.from(body) });
    const signals: Signal[] = [];
    const config = feedsConfigSchema.parse({
      userAgent: 'civicast-fuzz (ops@example.org)',
      sources: [{ id: 'nws', url: server.urlFor('/nws'), format: 'nws-json', ignoreExistingOnFirstPoll: false, maxItemAgeMinutes: 0, area: { codes: ['PAZ071'] } }],
      rules: [{ events: ['Winter Storm Warning', 'Flood Warning'], type: 'snow', requiresApproval: false }],
    });
    const logs = captureLogs();
    const poller = new FeedPoller({ config, store: new MemoryStore(), clock: systemClock, logger: createLogger({ level: 'info', destination: logs.destination }), instanceId: 'fuzz', baseDir: process.cwd(), feedsRequireApproval: false, onSignal: async (s) => void signals.push(s) });
    try {
      const first = await poller.pollOnce('nws');
      const second = await poller.pollOnce('nws');
      return { first, second, signals };
    } finally {
      await server.close();
    }
  }

  it('regression (fuzz BUG-7): a document that is only an XML declaration, polled after a good one, settles and the feed loop goes on', async () => {
    const server = await startHostileServer();
    const config = feedsConfigSchema.parse({ userAgent: 'civicast-fuzz (ops@example.org)', timeoutMs: TIMEOUT_MS, sources: [{ id: 'city', url: server.urlFor('/city'), format: 'rss', ignoreExistingOnFirstPoll: false }] });
    const poller = new FeedPoller({ config, store: new MemoryStore(), clock: systemClock, logger: createLogger({ level: 'silent' }), instanceId: 'fuzz', baseDir: process.cwd(), feedsRequireApproval: false, onSignal: async () => undefined });
    try {
      server.set('/city', { kind: 'body', contentType: 'application/rss+xml', body: Buffer.from(cityRss(2)) });
      expect(await poller.pollOnce('city')).toMatchObject({ status: 'ok' });
      server.set('/city', { kind: 'body', contentType: 'application/rss+xml', body: Buffer.from('<?xml version="1.0"?>') });
      const outcome = await Promise.race([poller.pollOnce('city').then((r) => r.status), new Promise<string>((resolve) => setTimeout(() => resolve(`still pending after ${HANG_LIMIT_MS} ms`), HANG_LIMIT_MS).unref())]);
      expect(outcome).toBe('failed');
    } finally {
      await parseFeed(cityRss(1), 'rss').catch(() => undefined);
      await server.close();
    }
  }, HANG_LIMIT_MS + 20_000);

  it('regression (fuzz BUG-4): one malformed alert (VTEC as a string) does not block the valid alerts after it', async () => {
    const body = JSON.stringify({ type: 'FeatureCollection', features: [feature('P1', '0001', { parameters: { VTEC: '/O.NEW.KPHI.WS.W.0001.260120T0000Z-260121T0000Z/' } }), feature('G2', '0002')] });
    const { first, second, signals } = await pollWith(body);
    expect({ first: first.status, second: second.status, error: first.error }).toMatchObject({ first: 'ok', second: 'ok' });
    expect(signals.map((s) => s.id)).toContain('nws:G2');
  });

  it('regression (fuzz BUG-3): two different alerts without an id are both processed', async () => {
    const body = JSON.stringify({ type: 'FeatureCollection', features: [feature(undefined, '0001'), feature(undefined, '0002', { event: 'Flood Warning' })] });
    const { first, signals } = await pollWith(body);
    expect(first.status).toBe('ok');
    expect(signals.map((s) => s.eventKeys.find((k) => k.startsWith('vtec:')))).toEqual(['vtec:KPHI.WS.W.0001', 'vtec:KPHI.WS.W.0002']);
  });
});
