/**
 * Runs in a worker thread (loaded through tsx by worker-pool.ts): parses one document with the real
 * parseFeed, classifies every item with the shipped rules, and reports what happened. Running in a
 * worker lets the pool terminate a parse that never returns (a synchronous hang cannot be raced).
 */
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../../../src/config/load-config.js';
import { AppError } from '../../../src/domain/errors.js';
import { classifyItem } from '../../../src/feeds/classify.js';
import { sourceSchema } from '../../../src/feeds/feed-config.js';
import type { FeedFormat, FeedItem } from '../../../src/feeds/feed-item.js';
import { parseFeed } from '../../../src/feeds/parse-feed.js';
import type { ParseOutcome, ParseRequest } from './parse-outcome.js';

const port = parentPort;
if (port === null) throw new Error('parse-worker must run in a worker thread');

const { rules } = loadConfig(path.resolve('config')).config.feeds;
// Classified twice: with no area filter, and with one (the area code path touches geocode arrays).
const sources = (format: FeedFormat) => [sourceSchema.parse({ id: 'fuzz', url: 'file:x', format }), sourceSchema.parse({ id: 'fuzz-area', url: 'file:x', format, area: { codes: ['PAZ071', 'AKZ204', 'MTZ014'], areaContains: ['Lewis'] }, drills: 'ignore' })];

/** Contents of /etc/passwd showing up in an item would mean an external entity was resolved. */
const XXE_MARKERS = ['root:x:0:0', 'root:*:0:0', '/bin/bash', '/usr/sbin/nologin'];

function describeItem(item: unknown): string {
  try {
    return JSON.stringify(item, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 80)}…` : v)).slice(0, 300);
  } catch {
    return String(item);
  }
}

/**
 * rss-parser keeps one xml2js parser for every call. A known-good document before each request
 * puts it back in a clean state (so each outcome depends on its own document only), and a probe
 * with one XML error after it shows whether the document left the shared parser poisoned.
 */
const CLEAN = '<rss version="2.0"><channel><title>c</title><item><guid>c1</guid><title>clean</title></item></channel></rss>';
const PROBE = '<rss version="2.0"><channel><title>p</title><item><guid>p1</guid><title>&undeclared;probe</title></item></channel></rss>';
async function probeAccepted(): Promise<boolean> {
  try {
    await parseFeed(PROBE, 'rss');
    return true;
  } catch {
    return false;
  }
}

async function handle(request: ParseRequest): Promise<ParseOutcome> {
  if (request.format === 'rss') await parseFeed(CLEAN, 'rss').catch(() => undefined);
  const outcome = await parseAndCheck(request);
  if (request.format === 'rss' && (await probeAccepted())) outcome.poisonsNext = true;
  return outcome;
}

async function parseAndCheck(request: ParseRequest): Promise<ParseOutcome & { kind: 'error' | 'items' }> {
  const started = performance.now();
  let items: FeedItem[];
  try {
    items = await parseFeed(request.body, request.format);
  } catch (thrown) {
    const isError = thrown instanceof Error;
    return {
      kind: 'error',
      ms: performance.now() - started,
      isError,
      isAppError: thrown instanceof AppError,
      code: thrown instanceof AppError ? thrown.code : null,
      name: isError ? thrown.name : typeof thrown,
      message: isError ? thrown.message.slice(0, 300) : String(thrown).slice(0, 300),
    };
  }
  const parseMs = performance.now() - started;
  const problems: ParseOutcome & { kind: 'items' } = { kind: 'items', ms: parseMs, count: Array.isArray(items) ? items.length : -1, badIds: [], emptyIds: [], badShape: [], classifyThrows: [], xxe: false, classified: {} };
  if (!Array.isArray(items)) {
    problems.badShape.push(`parseFeed returned ${typeof items}, not an array`);
    return problems;
  }
  const now = Date.now();
  items.forEach((item, i) => {
    if (typeof item.id !== 'string') problems.badIds.push(`#${i}: id is ${typeof item.id}: ${describeItem(item)}`);
    else if (item.id.trim() === '') problems.emptyIds.push(`#${i}: ${describeItem(item)}`);
    if (typeof item.title !== 'string' || typeof item.summary !== 'string' || typeof item.publishedAt !== 'number') problems.badShape.push(`#${i}: title/summary/publishedAt types ${typeof item.title}/${typeof item.summary}/${typeof item.publishedAt}`);
    for (const source of sources(request.format)) {
      try {
        const result = classifyItem(item, source, rules, { requiresApproval: true, now });
        const key = 'signal' in result ? `signal:${result.signal.action}:${result.signal.type}` : `skip:${result.skip}`;
        problems.classified[key] = (problems.classified[key] ?? 0) + 1;
        const shown = 'signal' in result ? `${result.signal.summary ?? ''}\n${result.signal.title}` : '';
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point
        if (/[\u202A-\u202E\u2066-\u2069\u0000-\u0008]/.test(shown) || shown.length > 510) problems.badShape.push(`#${i}: signal text not neutralised: ${JSON.stringify(shown.slice(0, 80))}`);
      } catch (thrown) {
        problems.classifyThrows.push(`#${i} (${source.id}): ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)} — item ${describeItem(item)}`);
      }
    }
  });
  const serialised = JSON.stringify(items);
  problems.xxe = XXE_MARKERS.some((m) => serialised.includes(m));
  for (const list of [problems.badIds, problems.emptyIds, problems.badShape, problems.classifyThrows]) list.splice(5); // a sample is enough
  return problems;
}

port.on('message', (request: ParseRequest) => {
  handle(request).then(
    (outcome) => port.postMessage({ id: request.id, outcome }),
    (error: unknown) => port.postMessage({ id: request.id, outcome: { kind: 'error', ms: 0, isError: false, isAppError: false, code: null, name: 'worker', message: `worker failure: ${String(error)}` } satisfies ParseOutcome }),
  );
});
port.postMessage({ ready: true });
