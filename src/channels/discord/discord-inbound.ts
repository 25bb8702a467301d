import type { Message } from 'discord.js';
import type { InboundMessage } from '../../domain/inbound-message.js';

export interface InboundFilter {
  botUserId: string;
  helpChannelIds: readonly string[];
}

/**
 * A message is a question for us when it mentions the bot, is in a help channel, or is a DM.
 * Our own messages never are (the gateway echoes them back).
 */
export function isQuestion(message: Message, filter: InboundFilter): boolean {
  if (message.author.id === filter.botUserId) return false;
  if (message.guildId === null) return true;
  if (filter.helpChannelIds.includes(message.channelId)) return true;
  return message.mentions.users.has(filter.botUserId);
}

/** Removes the bot's own mention so the FAQ matcher sees the question, not `<@123>`. */
function stripBotMention(content: string, botUserId: string): string {
  return content.replaceAll(`<@${botUserId}>`, '').replaceAll(`<@!${botUserId}>`, '').replace(/\s+/g, ' ').trim();
}

export function toInboundMessage(message: Message, channelName: string, botUserId: string, receivedAt: number): InboundMessage {
  const isDirect = message.guildId === null;
  const inThread = message.channel.isThread();
  // Per-thread reply caps: a DM or a Discord thread is one conversation; in a busy channel the
  // conversation is the reply chain, keyed by the message it answers.
  const threadId = isDirect || inThread ? message.channelId : (message.reference?.messageId ?? message.id);
  const extra: Record<string, string> = { channelId: message.channelId };
  if (message.guildId !== null) extra['guildId'] = message.guildId;
  return {
    id: message.id,
    channel: channelName,
    author: { id: message.author.id, handle: message.author.username, isBot: message.author.bot },
    text: stripBotMention(message.content, botUserId),
    threadId,
    isDirect,
    createdAt: message.createdTimestamp,
    receivedAt,
    replyTarget: { messageId: message.id, authorHandle: message.author.username, extra },
  };
}
