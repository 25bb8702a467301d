import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadModules } from '../../src/app/load-modules.js';
import { loadConfig } from '../../src/config/load-config.js';
import { channelCommonSchema } from '../../src/config/schema.js';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { PauseSwitch } from '../../src/outbox/pause-switch.js';
import { Inbox } from '../../src/replies/inbox.js';
import { ReplyPipeline } from '../../src/replies/reply-pipeline.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { waitFor } from '../support/child-process.js';
import { GatedChannel } from '../support/gated-channel.js';

describe('mention intake and sending', () => {
  it('decides and queues every mention while the platform holds a send open', async () => {
    const configDir = path.resolve('config');
    const config = loadConfig(configDir).config;
    const logger = pino({ level: 'silent' });
    const modules = await loadModules({ configDir, config, logger });
    const clock = { now: () => Date.now() };
    const store = new MemoryStore();
    const outbox = new Outbox(store, clock);
    const channel = new GatedChannel('mastodon-311');
    const dispatcher = new Dispatcher({
      store,
      channels: new Map([['mastodon-311', channel]]),
      channelConfigs: { 'mastodon-311': channelCommonSchema.parse({ kind: 'mastodon', rateLimit: { perMinute: 1000 } }) },
      outbox: config.outbox,
      pause: new PauseSwitch(store, 0),
      clock,
      logger,
      instanceId: 'intake-test',
    });
    const pipeline = new ReplyPipeline({
      store,
      outbox,
      inbox: new Inbox(store, clock),
      decider: modules.faq,
      currentEmergency: async () => ({ type: 'snow', params: { trashDelayDays: 1 }, effectiveAt: 0, title: 'Snow Emergency' }),
      compose: (text) => [text],
      config: { ...config.replies, authorCooldownSeconds: 0 },
      clock,
      logger,
    });
    outbox.onDuePost(() => dispatcher.wake());
    const message = (n: number, text: string): InboundMessage => ({
      id: `m${n}`,
      channel: 'mastodon-311',
      author: { id: `u${n}`, handle: `resident${n}` },
      text,
      isDirect: false,
      createdAt: Date.now(),
      receivedAt: Date.now(),
      replyTarget: { messageId: `m${n}`, authorHandle: `resident${n}` },
    });
    channel.hold();
    dispatcher.start();
    try {
      expect(await pipeline.handle(message(0, 'do I have to move my car tonight?'))).toBe('replied');
      await waitFor(() => channel.started.length === 1, 10_000, 'the first reply to reach the (stalled) platform');
      // The platform has not answered the first send; mentions keep being decided and queued.
      const outcomes: string[] = [];
      for (let n = 1; n <= 30; n++) outcomes.push(await pipeline.handle(message(n, n % 10 === 0 ? 'my neighbour collapsed and is not breathing' : 'is trash pickup delayed?')));
      expect(outcomes.filter((o) => o === 'replied')).toHaveLength(27);
      expect(outcomes.filter((o) => o === 'urgent')).toHaveLength(3);
      expect(channel.published).toEqual([]);
      expect(await store.listPosts({})).toHaveLength(31);
      channel.releaseHold();
      await waitFor(async () => (await store.countPosts()).sent === 31, 10_000, 'every reply sent once the platform answers');
      // The three danger replies went right after the send that was in flight.
      expect(channel.published.slice(1, 4).map((p) => p.key)).toEqual(['reply:mastodon-311:m10', 'reply:mastodon-311:m20', 'reply:mastodon-311:m30']);
    } finally {
      channel.releaseHold();
      await dispatcher.close(5_000);
    }
  });
});
