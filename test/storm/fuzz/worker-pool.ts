import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeedFormat } from '../../../src/feeds/feed-item.js';
import type { ParseOutcome, ParseRequest } from './parse-outcome.js';

const WORKER_FILE = path.resolve('test/storm/fuzz/parse-worker.ts');

/** A worker thread that imports the TypeScript parse worker through tsx. */
function spawn(): Worker {
  const boot = `import('tsx/esm/api')
    .then(({ tsImport }) => tsImport(${JSON.stringify(WORKER_FILE)}, ${JSON.stringify(pathToFileURL(path.resolve('package.json')).href)}))
    .catch((error) => { console.error(error); process.exit(97); });`;
  return new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 1024, stackSizeMb: 4 } });
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
}

function startSlot(): Slot {
  const worker = spawn();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'ready' in m) {
        worker.off('message', onMessage);
        resolve();
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`parse worker exited with ${code} before it was ready`)));
  });
  worker.on('error', () => undefined); // reported through 'exit' as a crash
  ready.catch(() => undefined); // awaited (and rethrown) by the next parse in this slot
  return { worker, ready };
}

/**
 * Parses documents in `size` worker threads, each call with a wall-clock budget: a parse that
 * does not answer in time is reported as a hang and its worker is replaced.
 */
export class ParsePool {
  private readonly slots: Slot[];
  private nextId = 1;
  workerRestarts = 0;

  constructor(size: number, private readonly budgetMs: number) {
    this.slots = Array.from({ length: size }, startSlot);
  }

  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Runs `items` through the pool, `size` at a time, preserving nothing but the callback order per slot. */
  async run<T>(items: Iterable<T>, toRequest: (item: T) => { body: string; format: FeedFormat }, onOutcome: (item: T, outcome: ParseOutcome) => void): Promise<void> {
    const iterator = items[Symbol.iterator]();
    const lanes = this.slots.map(async (_slot, lane) => {
      for (;;) {
        const next = iterator.next();
        if (next.done === true) return;
        const request = toRequest(next.value);
        onOutcome(next.value, await this.parseIn(lane, request.body, request.format));
      }
    });
    await Promise.all(lanes);
  }

  private async parseIn(lane: number, body: string, format: FeedFormat): Promise<ParseOutcome> {
    const slot = this.slots[lane] as Slot;
    await slot.ready;
    const id = this.nextId++;
    const started = performance.now();
    const { worker } = slot;
    const outcome = await new Promise<ParseOutcome>((resolve) => {
      const done = (o: ParseOutcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(o);
      };
      const onMessage = (m: unknown) => {
        const reply = m as { id?: number; outcome?: ParseOutcome };
        if (reply.id === id && reply.outcome !== undefined) done(reply.outcome);
      };
      const onExit = (code: number) => done({ kind: 'crash', ms: performance.now() - started, message: `worker exited with code ${code}` });
      const timer = setTimeout(() => done({ kind: 'hang', ms: performance.now() - started }), this.budgetMs);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage({ id, body, format } satisfies ParseRequest);
    });
    if (outcome.kind === 'hang' || outcome.kind === 'crash') {
      worker.removeAllListeners('error');
      worker.on('error', () => undefined);
      await worker.terminate().catch(() => undefined);
      this.slots[lane] = startSlot();
      this.workerRestarts++;
    }
    return outcome;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}
