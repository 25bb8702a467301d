import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, ChannelStateStore } from '../../src/channels/channel.js';
import { createFileChannel, fileOptionsSchema } from '../../src/channels/file/file-channel.js';
import { channelCommonSchema, configSchema } from '../../src/config/schema.js';
import { systemClock } from '../../src/domain/clock.js';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { isFinal, newPost, type NewPost, type Post } from '../../src/domain/post.js';
import { Dispatcher, partKey, type SettleOutcome } from '../../src/outbox/dispatcher.js';
import { PauseSwitch } from '../../src/outbox/pause-switch.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { capturedLogger, MemoryState } from '../support/channel-test-deps.js';

/**
 * One contract for every channel adapter, run by one test file per adapter against its loopback
 * fake with the real client library. The scenarios drive the real dispatcher and outbox, so
 * "nothing lost, nothing doubled" is checked end to end, the same way on every platform; a
 * scenario a platform cannot run is skipped with its reason, which the test report prints.
 */

/** What one scenario asks the fake platform to do wrong. */
export type ContractFault =
  /** The next post fails with a 5xx before anything is stored. */
  | 'post-5xx'
  /** The next post is stored, then answered with a 5xx. */
  | 'post-5xx-after-create'
  /** The next post is stored and its answer lost (connection dropped). */
  | 'post-lost'
  /** The next post is stored only after the client gave up waiting. */
  | 'post-slow-commit'
  /** The next lookup read fails with a 5xx. */
  | 'lookup-5xx'
  /** The next post is refused as unauthorised (and so is a refresh). */
  | 'post-401'
  /** The next post gets a 429 with the platform's reset header, `RESET_SECONDS` ahead. */
  | 'post-429-reset'
  /** The next post gets a 429 with no reset header at all. */
  | 'post-429-bare'
  /** The next credential check at start gets a 429 / a dropped connection / a 5xx. */
  | 'start-429'
  | 'start-reset'
  | 'start-5xx';

/** A post as the platform holds it. */
export interface PlatformPost {
  id: string;
  text: string;
  /** The post it answers (thread parent or a resident's message), when the platform records one. */
  parentId?: string;
}

export type Scenario =
  | 'post'
  | 'thread'
  | 'reply'
  | 'lost-response'
  | 'lookup-5xx'
  | '401'
  | '429-reset'
  | '429-bare'
  | 'duplicate-mention'
  | 'restart-mid-send'
  | 'indexing-lag'
  | '5xx-before-create'
  | '5xx-after-create'
  | 'slow-commit'
  | 'start-failure';

export interface ContractPlatform {
  /** A new adapter instance (not started) on the fake, with the contract's short timings. */
  channel(state: ChannelStateStore, logger: Logger): Channel & { pollNow?(): Promise<void> };
  /** Posts from our account, oldest first. */
  ours(): PlatformPost[];
  /** A resident writes to us; returns the id the adapter will report for that message. */
  mention?(text: string): string;
  /** Indexing lag for everything created from now on. */
  lag?(minMs: number, maxMs: number): void;
  fault(kind: ContractFault): void;
  close(): Promise<void>;
}

export interface ContractDriver {
  /** Channel name, also the key of its config. */
  name: string;
  kind: string;
  /** `poll`: mentions are read by `pollNow`; `push`: they arrive on their own (a gateway). */
  inbound: 'poll' | 'push' | 'none';
  /** Seconds from now the `post-429-reset` fault's reset header names. */
  resetSeconds?: number;
  open(): Promise<ContractPlatform>;
  /** Scenarios this platform cannot run, each with the reason (printed in the test name). */
  skip?: Partial<Record<Scenario, string>>;
}

/** Hang detection only: every wait ends as soon as its condition holds. */
const GIVE_UP_MS = 40_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = GIVE_UP_MS): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`gave up waiting for: ${what}`);
    await sleep(50);
  }
}

/** The real dispatcher and outbox around one adapter, plus a file channel that must carry on. */
class ContractRig {
  readonly store = new MemoryStore();
  readonly state = new MemoryState();
  readonly log = capturedLogger('warn');
  readonly settled: SettleOutcome[] = [];
  readonly inbox: InboundMessage[] = [];
  channel: Channel & { pollNow?(): Promise<void> };
  dispatcher: Dispatcher;
  private readonly others = new Map<string, Channel>();

  constructor(
    readonly driver: ContractDriver,
    readonly platform: ContractPlatform,
    readonly other: Channel,
  ) {
    this.others.set(other.name, other);
    this.channel = platform.channel(this.state, this.log.logger);
    this.dispatcher = this.newDispatcher();
  }

  newDispatcher(instanceId = 'contract'): Dispatcher {
    const channels = new Map<string, Channel>([[this.driver.name, this.channel], ...this.others]);
    const configs = Object.fromEntries([...channels.values()].map((c) => [c.name, channelCommonSchema.parse({ kind: c.kind, rateLimit: { perMinute: 1000 } })]));
    return new Dispatcher({
      store: this.store,
      channels,
      channelConfigs: configs,
      outbox: configSchema.shape.outbox.parse({ pollIntervalMs: 50, leaseMs: 3_000, sendTimeoutMs: 8_000, backoffBaseMs: 200, backoffMaxMs: 1_000, maxAttempts: 8 }),
      pause: new PauseSwitch(this.store, 0),
      clock: systemClock,
      logger: this.log.logger,
      instanceId,
      observer: { onSettled: (_post, outcome) => this.settled.push(outcome) },
    });
  }

  async start(): Promise<void> {
    await this.channel.start(async (message) => {
      this.inbox.push(message);
    });
  }

  /** A new adapter instance and dispatcher on the same store and state: a restarted process. */
  async restart(instanceId: string): Promise<void> {
    await this.channel.close();
    this.channel = this.platform.channel(this.state, this.log.logger);
    this.dispatcher = this.newDispatcher(instanceId);
    await this.start();
  }

  async enqueue(id: string, parts: string[], extra: Partial<NewPost> = {}): Promise<void> {
    await this.store.enqueuePost(newPost({ id, channel: this.driver.name, parts, priority: 'emergency', dueAt: Date.now(), source: 'contract', ...extra }, Date.now()));
  }

  /** Ticks the dispatcher until the post is final. */
  async final(id: string): Promise<Post> {
    return until(`post ${id} final`, async () => {
      await this.dispatcher.tick();
      const post = await this.store.getPost(id);
      return post !== undefined && isFinal(post.status) ? post : undefined;
    });
  }

  /** Reads mentions until one with this id arrived. */
  async received(id: string): Promise<InboundMessage> {
    return until(`mention ${id} delivered`, async () => {
      if (this.driver.inbound === 'poll') await this.channel.pollNow?.();
      return this.inbox.find((m) => m.id === id);
    });
  }

  copies(text: string): PlatformPost[] {
    return this.platform.ours().filter((p) => p.text.includes(text));
  }
}

/** The channel that must carry on while the one under test is refused: a file channel in a temp dir. */
function otherChannel(): Channel {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-'));
  const { logger } = capturedLogger('warn');
  return createFileChannel('audit', fileOptionsSchema.parse({ path: path.join(dir, 'posts.jsonl') }), { logger, state: new MemoryState(), secret: () => undefined, clock: systemClock });
}

export function describeChannelContract(driver: ContractDriver): void {
  describe(`channel contract: ${driver.name}`, () => {
    let rig: ContractRig;
    beforeEach(async () => {
      rig = new ContractRig(driver, await driver.open(), otherChannel());
    });
    afterEach(async () => {
      await rig.channel.close();
      await rig.platform.close();
    });

    /** Runs a scenario, or skips it naming the platform's documented reason. */
    const scenario = (name: Scenario, title: string, body: () => Promise<void>): void => {
      const reason = driver.skip?.[name];
      if (reason === undefined) it(title, body, 60_000);
      else it.skip(`${title} — not on ${driver.name}: ${reason}`, body);
    };

    scenario('post', 'post: one post, recorded as sent with the platform reference', async () => {
      await rig.start();
      await rig.enqueue('c-post', ['Contract post: roads are closed downtown.']);
      const post = await rig.final('c-post');
      expect(post.status).toBe('sent');
      const copies = rig.copies('Contract post: roads are closed downtown.');
      expect(copies).toHaveLength(1);
      expect(post.sentParts.map((p) => p.id)).toEqual([copies[0]?.id]);
    });

    scenario('thread', 'thread: three parts, each answering the one before', async () => {
      await rig.start();
      await rig.enqueue('c-thread', ['Thread part one.', 'Thread part two.', 'Thread part three.']);
      const post = await rig.final('c-thread');
      expect(post.status).toBe('sent');
      const [one, two, three] = ['one', 'two', 'three'].map((n) => rig.copies(`Thread part ${n}.`));
      expect([one?.length, two?.length, three?.length]).toEqual([1, 1, 1]);
      expect(post.sentParts.map((p) => p.id)).toEqual([one?.[0]?.id, two?.[0]?.id, three?.[0]?.id]);
      expect(two?.[0]?.parentId).toBe(one?.[0]?.id);
      expect(three?.[0]?.parentId).toBe(two?.[0]?.id);
    });

    scenario('reply', 'reply: an answer to a resident points at their message', async () => {
      await rig.start();
      const asked = rig.platform.mention?.('Is the shelter on Pine open tonight?') ?? '';
      const message = await rig.received(asked);
      await rig.enqueue('c-reply', ['Yes: the Pine shelter is open all night.'], { priority: 'urgent', replyTo: message.replyTarget });
      expect((await rig.final('c-reply')).status).toBe('sent');
      const copies = rig.copies('the Pine shelter is open all night.');
      expect(copies).toHaveLength(1);
      expect(copies[0]?.parentId).toBe(message.replyTarget.messageId);
    });

    scenario('lost-response', 'lookup after a lost response, while the post is still being indexed: found and recorded, never resent', async () => {
      await rig.start();
      // The post shows in timelines only after 0.8–1.5 s: a single early look would miss it.
      rig.platform.lag?.(800, 1_500);
      rig.platform.fault('post-lost');
      await rig.enqueue('c-lost', ['Lost answer: evacuate zone B now.']);
      expect((await rig.final('c-lost')).status).toBe('sent');
      expect(rig.copies('Lost answer: evacuate zone B now.')).toHaveLength(1);
      expect(rig.settled).toEqual(['found']);
    });

    scenario('lookup-5xx', '5xx during lookup: asked again later (never parked as unknown), then found', async () => {
      await rig.start();
      rig.platform.fault('post-lost');
      rig.platform.fault('lookup-5xx');
      await rig.enqueue('c-lookup', ['Lookup trouble: shelters open at 6.']);
      const post = await rig.final('c-lookup');
      expect(post.status).toBe('sent');
      expect(rig.copies('Lookup trouble: shelters open at 6.')).toHaveLength(1);
      expect(rig.settled).toEqual(['found']);
    });

    scenario('401', '401: this channel is disabled and its post waits; other channels carry on', async () => {
      await rig.start();
      rig.platform.fault('post-401');
      await rig.enqueue('c-401', ['Refused credentials: this must wait.']);
      await rig.store.enqueuePost(newPost({ id: 'c-other', channel: rig.other.name, parts: ['Other channel carries on.'], priority: 'emergency', dueAt: Date.now(), source: 'contract' }, Date.now()));
      await until('the 401 is seen', async () => {
        await rig.dispatcher.tick();
        return rig.channel.health().state === 'disabled' ? true : undefined;
      });
      expect((await rig.final('c-other')).status).toBe('sent');
      const waiting = await rig.store.getPost('c-401');
      expect(waiting?.status).toBe('pending');
      expect(waiting?.lastError).toMatch(/401|credential|auth|token/i);
      expect(rig.copies('Refused credentials: this must wait.')).toHaveLength(0);
    });

    scenario('429-reset', '429 with reset headers: the post waits for the platform’s reset, then goes out once', async () => {
      await rig.start();
      rig.platform.fault('post-429-reset');
      const reset = Date.now() + (driver.resetSeconds ?? 2) * 1000;
      await rig.enqueue('c-429', ['Rate limited: then sent once.']);
      await until('the 429 is seen', async () => {
        await rig.dispatcher.tick();
        const post = await rig.store.getPost('c-429');
        return post?.lastError?.match(/429|rate/i) !== null && post?.lastError !== undefined ? post : undefined;
      });
      const deferred = await rig.store.getPost('c-429');
      // Reset headers name whole seconds; the dispatcher adds up to a second of jitter.
      expect(deferred?.dueAt).toBeGreaterThanOrEqual(reset - 1_000);
      expect(deferred?.dueAt).toBeLessThan(reset + 2_500);
      expect((await rig.final('c-429')).status).toBe('sent');
      expect(rig.copies('Rate limited: then sent once.')).toHaveLength(1);
    });

    scenario('429-bare', '429 without reset headers: the channel waits a conservative minute, nothing is sent', async () => {
      await rig.start();
      rig.platform.fault('post-429-bare');
      await rig.enqueue('c-429b', ['Rate limited without a reset.']);
      const started = Date.now();
      const post = await until('the bare 429 is seen', async () => {
        await rig.dispatcher.tick();
        const p = await rig.store.getPost('c-429b');
        return p?.status === 'pending' && p.lastError !== undefined ? p : undefined;
      });
      expect(post.dueAt - started).toBeGreaterThanOrEqual(55_000);
      expect(rig.copies('Rate limited without a reset.')).toHaveLength(0);
    });

    scenario('duplicate-mention', 'duplicate delivery of a mention (a restart re-reads it): same id and target, so it is answered once', async () => {
      await rig.start();
      const asked = rig.platform.mention?.('Duplicate: is trash pickup delayed?') ?? '';
      const first = await rig.received(asked);
      await rig.restart('contract-2');
      if (driver.inbound === 'poll') await rig.channel.pollNow?.();
      const deliveries = rig.inbox.filter((m) => m.id === asked);
      // A polling channel re-reads its overlap after a restart and hands the message over again;
      // a gateway does not. Either way every delivery is the same message (id, author, text,
      // target), which is what the reply pipeline's dedupe by `channel:id` relies on.
      expect(deliveries.length).toBeGreaterThanOrEqual(driver.inbound === 'poll' ? 2 : 1);
      const same = ({ id, channel, author, text, replyTarget }: InboundMessage) => ({ id, channel, author, text, replyTarget });
      for (const again of deliveries) expect(same(again)).toEqual(same(first));
      const answered = [];
      for (const d of deliveries) if (await rig.store.markSeen('inbound', `${d.channel}:${d.id}`, 60_000, Date.now())) answered.push(d);
      expect(answered).toHaveLength(1);
    });

    scenario('restart-mid-send', 'restart mid-send: the next process finds the part that went out and does not send it again', async () => {
      await rig.start();
      await rig.enqueue('c-crash', ['Crash mid-send: boil water notice.']);
      // A process claims the post, records the attempt, sends it, and dies before recording the result.
      await rig.store.claimPosts({ now: Date.now(), limit: 10, owner: 'dead', leaseMs: 500 });
      await rig.store.updateClaimed('c-crash', 'dead', { status: 'attempting', attempts: 1, claimUntil: Date.now() + 500 }, Date.now());
      await rig.channel.publish({ key: partKey({ id: 'c-crash' } as Post, 0), text: 'Crash mid-send: boil water notice.' });
      await rig.restart('contract-2');
      expect((await rig.final('c-crash')).status).toBe('sent');
      expect(rig.copies('Crash mid-send: boil water notice.')).toHaveLength(1);
    });

    scenario('indexing-lag', 'a mention that becomes visible after a newer one was read is still read', async () => {
      await rig.start();
      rig.platform.lag?.(1_500, 1_500);
      const late = rig.platform.mention?.('Lagging: a tree fell on a car, is anyone hurt?') ?? '';
      rig.platform.lag?.(0, 0);
      const early = rig.platform.mention?.('Not lagging: when is the next plow?') ?? '';
      await rig.received(early);
      expect(rig.inbox.some((m) => m.id === late)).toBe(false);
      await rig.received(late);
      expect(rig.inbox.filter((m) => m.id === late)).toHaveLength(1);

      // A burst under 0.3–2.5 s of lag, read while it arrives: every mention read exactly once.
      rig.platform.lag?.(300, 2_500);
      const burst: string[] = [];
      for (let i = 0; i < 20; i++) {
        burst.push(rig.platform.mention?.(`Burst ${i}: is the shelter open?`) ?? '');
        await rig.channel.pollNow?.();
        await sleep(40);
      }
      await until('every mention of the burst read', async () => {
        await rig.channel.pollNow?.();
        return burst.every((id) => rig.inbox.some((m) => m.id === id)) ? true : undefined;
      });
      for (const id of burst) expect(rig.inbox.filter((m) => m.id === id), id).toHaveLength(1);
    });

    scenario('5xx-before-create', '5xx before the post was stored: looked up over the settle window, then sent once', async () => {
      await rig.start();
      rig.platform.fault('post-5xx');
      await rig.enqueue('c-5xx', ['Server error first: warming centers open.']);
      expect((await rig.final('c-5xx')).status).toBe('sent');
      expect(rig.copies('Server error first: warming centers open.')).toHaveLength(1);
      expect(rig.settled).toEqual(['not-found-resent']);
    });

    scenario('5xx-after-create', '5xx after the post was stored: found by lookup, never doubled', async () => {
      await rig.start();
      rig.platform.lag?.(300, 1_200);
      rig.platform.fault('post-5xx-after-create');
      await rig.enqueue('c-5xxc', ['Stored then 5xx: school is closed.']);
      expect((await rig.final('c-5xxc')).status).toBe('sent');
      expect(rig.copies('Stored then 5xx: school is closed.')).toHaveLength(1);
      expect(rig.settled).toEqual(['found']);
    });

    scenario('slow-commit', 'slow commit (the answer comes after the client gave up): waited for, never doubled', async () => {
      await rig.start();
      rig.platform.lag?.(0, 500);
      rig.platform.fault('post-slow-commit');
      await rig.enqueue('c-slow', ['Slow commit: the all-clear is in effect.']);
      expect((await rig.final('c-slow')).status).toBe('sent');
      // Give a second copy every chance to appear before counting.
      await sleep(3_000);
      expect(rig.copies('Slow commit: the all-clear is in effect.')).toHaveLength(1);
      // Settled by finding it (or, on a machine so loaded that the answer beat the client's
      // timeout, not needed at all) — never "not found, sent again": the post existed.
      expect(rig.settled.filter((o) => o !== 'found')).toEqual([]);
    });

    scenario('start-failure', 'start-up failure (429, lost connection, 5xx): down with the reason, retried, then replies resume and missed mentions are read', async () => {
      for (const fault of ['start-429', 'start-reset', 'start-5xx'] as const) {
        await rig.channel.close();
        rig.channel = rig.platform.channel(new MemoryState(), rig.log.logger);
        rig.dispatcher = rig.newDispatcher(`contract-${fault}`);
        rig.platform.fault(fault);
        await rig.start(); // resolves: the channel keeps trying in the background
        const first = rig.channel.health();
        expect(['down', 'ok']).toContain(first.state);
        if (first.state === 'down') expect(first.reason).toEqual(expect.any(String));
        const missed = driver.inbound === 'poll' ? rig.platform.mention?.(`While down (${fault}): is the bridge open?`) : undefined;
        await until(`${fault}: channel up again`, () => (rig.channel.health().state === 'ok' ? true : undefined));
        if (missed !== undefined) await rig.received(missed);
        await rig.enqueue(`c-after-${fault}`, [`Back after ${fault}: replies resume.`]);
        expect((await rig.final(`c-after-${fault}`)).status).toBe('sent');
        expect(rig.copies(`Back after ${fault}: replies resume.`)).toHaveLength(1);
      }
    });
  });
}
