import { createHash } from 'node:crypto';
import { Routes } from 'discord.js';
import type { APIMessage, REST, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { PartRef, ReplyTarget } from '../../domain/post.js';
import type { LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import type { GuardedCall } from '../kit/guarded-call.js';

/** What publishing needs to know beyond the request. */
export interface PublishContext {
  rest: REST;
  /** The kit's guarded call: deadline, typed errors by the shared rules, health. */
  guard: GuardedCall;
  defaultChannelId: string;
  guildId: string | undefined;
  /** The bot's own user id, to recognise its messages when reconciling. */
  botUserId: () => string | undefined;
  lookupLimit: number;
}

const URL_PATTERN = /\/channels\/([^/]+)\/(\d+)\/(\d+)$/;

/**
 * Discord dedupes a create with the same nonce for a few minutes when `enforce_nonce` is set, so
 * a resend after a lost response returns the original message instead of a copy. Nonces are at
 * most 25 characters; hashing keeps long outbox keys deterministic and inside the limit.
 */
export function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

export function messageUrl(guildId: string | undefined, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}

/** The channel a part lives in: parts carry it in their URL, since a message id alone cannot be posted to. */
function channelOfPart(part: PartRef): string | undefined {
  return part.url === undefined ? undefined : URL_PATTERN.exec(part.url)?.[2];
}

function guildOfPart(part: PartRef): string | undefined {
  const guild = part.url === undefined ? undefined : URL_PATTERN.exec(part.url)?.[1];
  return guild === '@me' ? undefined : guild;
}

interface Target {
  channelId: string;
  guildId: string | undefined;
  /** The message the new one answers, if any. */
  referenceId: string | undefined;
}

function targetOf(ctx: PublishContext, request: { inReplyTo?: PartRef; replyTo?: ReplyTarget }): Target {
  if (request.replyTo !== undefined) {
    return {
      channelId: request.replyTo.extra?.['channelId'] ?? ctx.defaultChannelId,
      guildId: request.replyTo.extra?.['guildId'],
      referenceId: request.replyTo.messageId,
    };
  }
  if (request.inReplyTo !== undefined) {
    return {
      channelId: channelOfPart(request.inReplyTo) ?? ctx.defaultChannelId,
      guildId: guildOfPart(request.inReplyTo) ?? ctx.guildId,
      referenceId: request.inReplyTo.id,
    };
  }
  return { channelId: ctx.defaultChannelId, guildId: ctx.guildId, referenceId: undefined };
}

export async function publishMessage(ctx: PublishContext, request: PublishRequest): Promise<PartRef> {
  const target = targetOf(ctx, request);
  const body: RESTPostAPIChannelMessageJSONBody = {
    content: request.text,
    // Campaign text is templated from feeds: never let it ping @everyone, roles or users. A reply
    // may notify the one citizen it answers, nobody else.
    allowed_mentions: { parse: [], replied_user: request.replyTo !== undefined },
    nonce: nonceFor(request.key),
    enforce_nonce: true,
    ...(target.referenceId === undefined
      ? {}
      : { message_reference: { message_id: target.referenceId, channel_id: target.channelId, fail_if_not_exists: false } }),
  };
  const message = (await ctx.guard('write', `post to channel ${target.channelId}`, () => ctx.rest.post(Routes.channelMessages(target.channelId), { body }))) as APIMessage;
  return { id: message.id, url: messageUrl(target.guildId, message.channel_id, message.id) };
}

/** The smallest snowflake created at or after `ms`, for `after=` queries (creation time sits in the top bits). */
export function snowflakeAt(ms: number): string {
  return (BigInt(Math.max(0, ms - 1_420_070_400_000)) << 22n).toString();
}

/**
 * Reconciliation: reads the bot's recent messages in the target channel created since the attempt
 * started and matches by nonce (when Discord echoes it) or by identical text and reply reference.
 */
export async function lookupMessage(ctx: PublishContext, request: LookupRequest): Promise<LookupResult> {
  const target = targetOf(ctx, request);
  const botId = ctx.botUserId();
  if (botId === undefined) return { found: 'unknown', reason: 'not started: bot user unknown' };
  // A little slack for clock skew between us and Discord.
  const after = snowflakeAt(request.since - 60_000);
  const query = new URLSearchParams({ after, limit: String(ctx.lookupLimit) });
  // A passing failure here (5xx, 429, timeout) is thrown, as on every platform: the dispatcher
  // asks again later instead of parking the post for a person.
  const messages = (await ctx.guard('read', `read channel ${target.channelId}`, () => ctx.rest.get(Routes.channelMessages(target.channelId), { query }))) as APIMessage[];
  const nonce = nonceFor(request.key);
  const text = request.text.trim();
  const match = messages.find(
    (m) =>
      m.author.id === botId &&
      (m.nonce === nonce ||
        (m.content.trim() === text && (target.referenceId === undefined || m.message_reference?.message_id === target.referenceId))),
  );
  if (match === undefined) {
    // A full page means older messages may hide the post: we cannot say it is absent.
    if (messages.length >= ctx.lookupLimit) return { found: 'unknown', reason: 'too many recent messages to be sure' };
    return { found: false };
  }
  return { found: true, ref: { id: match.id, url: messageUrl(target.guildId, match.channel_id, match.id) } };
}
