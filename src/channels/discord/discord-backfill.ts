import type { Client, Message } from 'discord.js';
import type { Logger } from 'pino';
import type { ChannelStateStore } from '../channel.js';

/** Discord returns at most 100 messages per read; a longer outage leaves older questions to staff. */
const BACKFILL_LIMIT = 100;

const cursorKey = (channelId: string): string => `help-cursor:${channelId}`;

const newer = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

/**
 * Remembers the newest help-channel message handled (answered, handed off or given up), so a
 * restart can read what was asked while the service was away. Only ever moves forward.
 */
export async function noteHandled(state: ChannelStateStore, message: Pick<Message, 'id' | 'channelId'>, helpChannelIds: readonly string[]): Promise<void> {
  if (!helpChannelIds.includes(message.channelId)) return;
  const current = await state.get<string>(cursorKey(message.channelId));
  if (current === undefined || newer(message.id, current)) await state.set(cursorKey(message.channelId), message.id);
}

/**
 * The gateway only pushes live events: questions asked in a help channel while the service was
 * down (a deploy, a crash) are read back here, oldest first, and delivered like live ones. The
 * reply pipeline drops what it has already decided and what is too old to answer. A help channel
 * seen for the first time starts from its newest message: history is never answered.
 */
export async function backfillHelpChannels(input: {
  client: Client;
  helpChannelIds: readonly string[];
  state: ChannelStateStore;
  deliver: (message: Message) => Promise<void>;
  logger: Logger;
}): Promise<number> {
  let delivered = 0;
  for (const channelId of input.helpChannelIds) {
    try {
      const channel = await input.client.channels.fetch(channelId);
      if (channel === null || !channel.isTextBased()) continue;
      const cursor = await input.state.get<string>(cursorKey(channelId));
      if (cursor === undefined) {
        const newest = (await channel.messages.fetch({ limit: 1 })).first();
        if (newest !== undefined) await input.state.set(cursorKey(channelId), newest.id);
        continue;
      }
      const missed = [...(await channel.messages.fetch({ after: cursor, limit: BACKFILL_LIMIT })).values()].sort((a, b) => (newer(a.id, b.id) ? 1 : -1));
      for (const message of missed) {
        await input.deliver(message);
        delivered++;
      }
      if (missed.length > 0) input.logger.info({ channelId, messages: missed.length }, 'read back help-channel messages from while the service was away');
    } catch (error) {
      // A missing permission or an outage here must not keep the channel from starting.
      input.logger.warn({ err: error, channelId }, 'discord help-channel read-back failed');
    }
  }
  return delivered;
}
