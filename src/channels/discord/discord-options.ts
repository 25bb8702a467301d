import { z } from 'zod';
import { kitOptionsShape } from '../kit/kit-options.js';

const snowflake = z.string().regex(/^\d{1,25}$/, 'a Discord id (snowflake) is digits only');

export const discordOptionsSchema = z.looseObject({
  /** REST base; tests point it at the fake. The gateway URL comes from GET /gateway/bot on this base. */
  apiBase: z.string().url().default('https://discord.com/api'),
  /** Environment variable holding the bot token. */
  tokenEnv: z.string().min(1).default('DISCORD_TOKEN'),
  /** Where campaign posts go; the first one receives every post that is not a reply. */
  channelIds: z.array(snowflake).min(1),
  /** Messages in these channels are questions even without mentioning the bot. */
  helpChannelIds: z.array(snowflake).default([]),
  /** Roles allowed to declare and lift emergencies with slash commands. */
  managerRoleIds: z.array(snowflake).default([]),
  /** Roles allowed to queue posts with /post. */
  commsRoleIds: z.array(snowflake).default([]),
  /** Guild to register slash commands in (guild commands appear at once, global ones take up to an hour). */
  guildId: snowflake.optional(),
  /** Connect to the gateway for mentions, DMs and slash commands; false = publish-only. */
  gateway: z.boolean().default(true),
  /** Discord allows 2000 characters per message (4000 only for Nitro users, never for bots). */
  maxLength: z.number().int().positive().max(2000).default(2000),
  maxThreadParts: z.number().int().positive().default(10),
  /** Per-request REST timeout; a timed-out POST is reported as OUTCOME_UNKNOWN. */
  timeoutMs: z.number().int().positive().default(15_000),
  /** How long start() waits for the gateway READY (and guild) events. */
  readyTimeoutMs: z.number().int().positive().default(30_000),
  /** How many recent messages lookup() reads per channel when reconciling. */
  lookupLimit: z.number().int().min(1).max(100).default(50),
  /**
   * The gateway delivers a question once, with no cursor to re-read it later: when handling it
   * fails (the store is down), it is retried after each of these delays before it is given up.
   */
  inboundRetryDelaysMs: z.array(z.number().int().min(0).max(600_000)).max(20).default([1_000, 5_000, 15_000, 30_000, 60_000, 120_000]),
  ...kitOptionsShape,
});
export type DiscordOptions = z.infer<typeof discordOptionsSchema>;
