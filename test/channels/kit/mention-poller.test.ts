import { describe, expect, it } from 'vitest';
import { MENTION_WINDOW_KEY, MentionPoller, type PolledMention } from '../../../src/channels/kit/mention-poller.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

const T0 = 1_700_000_000_000;

function mention(id: string, at: number): PolledMention {
  const message: InboundMessage = { id, channel: 'c', author: { id: 'a', handle: 'a' }, text: id, isDirect: false, createdAt: at, receivedAt: at, replyTarget: { messageId: id } };
  return { message, at };
}

/** A platform whose mentions become visible at `visibleAt`, read by time as the kit asks. */
function platform() {
  const all: { m: PolledMention; visibleAt: number }[] = [];
  const asked: number[] = [];
  let now = T0;
  let gate: Promise<void> | undefined;
  return {
    all,
    asked,
    clock: { now: () => now },
    advance: (ms: number) => {
      now += ms;
    },
    hold(until: Promise<void>) {
      gate = until;
    },
    source: async (since: number) => {
      asked.push(since);
      const waiting = gate;
      gate = undefined;
      if (waiting !== undefined) await waiting;
      return { mentions: all.filter((e) => e.visibleAt <= now && e.m.at >= since).map((e) => e.m) };
    },
  };
}

function poller(p: ReturnType<typeof platform>, state = new MemoryState(), handle?: (m: InboundMessage) => Promise<void>) {
  const got: string[] = [];
  const instance = new MentionPoller({
    deps: { state, clock: p.clock },
    logger: capturedLogger('warn').logger,
    source: p.source,
    onInbound: handle ?? (async (m) => void got.push(m.id)),
    intervalMs: 60_000,
    overlapMs: 30_000,
    firstRunBacklogMs: 0,
  });
  return { instance, got, state };
}

describe('kit mention poller', () => {
  it('reads a mention that became visible after a newer one was read, once', async () => {
    const p = platform();
    const { instance, got } = poller(p);
    await instance.init();
    p.advance(1_000);
    p.all.push({ m: mention('late', T0 + 1_000), visibleAt: T0 + 3_500 }); // indexed 2.5 s late
    p.advance(500);
    p.all.push({ m: mention('newer', T0 + 1_500), visibleAt: T0 + 1_500 });
    await instance.pollNow();
    expect(got).toEqual(['newer']);
    p.advance(3_000);
    await instance.pollNow();
    await instance.pollNow();
    expect(got).toEqual(['newer', 'late']);
  });

  it('never reads history from before the first start, even within the overlap', async () => {
    const p = platform();
    p.all.push({ m: mention('history', T0 - 5_000), visibleAt: T0 - 5_000 });
    const { instance, got, state } = poller(p);
    await instance.init();
    await instance.pollNow();
    expect(got).toEqual([]);
    expect(await state.get(MENTION_WINDOW_KEY)).toEqual({ readTo: T0, floor: T0 });
  });

  it('never runs two polls at once: a poll asked for during a slow one runs after it', async () => {
    const p = platform();
    const { instance } = poller(p);
    await instance.init();
    let release = (): void => undefined;
    p.hold(new Promise<void>((resolve) => (release = resolve)));
    const slow = instance.pollNow();
    const next = instance.pollNow();
    await Promise.resolve();
    expect(p.asked).toHaveLength(1);
    release();
    await Promise.all([slow, next]);
    expect(p.asked).toHaveLength(2);
  });

  it('stops at a failing handler and hands the same message over on the next poll', async () => {
    const p = platform();
    let fail = true;
    const seen: string[] = [];
    const { instance } = poller(p, new MemoryState(), async (m) => {
      if (m.id === 'two' && fail) throw new Error('pipeline down');
      seen.push(m.id);
    });
    await instance.init();
    p.advance(1_000);
    p.all.push({ m: mention('one', T0 + 1_000), visibleAt: T0 + 1_000 }, { m: mention('two', T0 + 1_001), visibleAt: T0 + 1_000 });
    await expect(instance.pollNow()).rejects.toThrow('pipeline down');
    fail = false;
    await instance.pollNow();
    expect(seen).toEqual(['one', 'two']);
  });
});
