import type { z } from 'zod';
import type { Channel, ChannelDeps, ChannelLimits } from './channel.js';
import { blueskyOptionsSchema, blueskyCredentialOptions } from './bluesky/bluesky-options.js';
import { BLUESKY_CAPABILITIES } from './bluesky/bluesky-capabilities.js';
import { CONSOLE_CAPABILITIES } from './console/console-capabilities.js';
import { consoleOptionsSchema, createConsoleChannel } from './console/console-channel.js';
import { DISCORD_CAPABILITIES } from './discord/discord-capabilities.js';
import { discordOptionsSchema } from './discord/discord-options.js';
import { FACEBOOK_CAPABILITIES } from './facebook/facebook-capabilities.js';
import { facebookOptionsSchema } from './facebook/facebook-options.js';
import { FILE_CAPABILITIES } from './file/file-capabilities.js';
import { createFileChannel, fileOptionsSchema } from './file/file-channel.js';
import { DEFAULT_CAPABILITIES, type ChannelCapabilities } from './kit/channel-capabilities.js';
import { MASTODON_CAPABILITIES } from './mastodon/mastodon-capabilities.js';
import { mastodonOptionsSchema } from './mastodon/mastodon-options.js';
import { INSTAGRAM_CAPABILITIES } from './instagram/instagram-capabilities.js';
import { instagramOptionsSchema } from './instagram/instagram-options.js';
import { THREADS_CAPABILITIES } from './threads/threads-capabilities.js';
import { threadsOptionsSchema } from './threads/threads-options.js';
import { X_CAPABILITIES } from './x/x-capabilities.js';
import { xCredentialOptions, xOptionsSchema } from './x/x-options.js';

export type ChannelFactory = (name: string, options: unknown, deps: ChannelDeps) => Channel;

/**
 * How to build one kind of channel: its option schema (checked by `civicast validate` without
 * loading anything heavy), what the platform can do, and a loader for its factory. Platform SDKs
 * (discord.js, @atproto/api, twitter-api-v2, masto: ~115 MB together) are imported only when a
 * channel of that kind is on.
 */
export interface ChannelKind {
  schema: z.ZodType;
  capabilities: ChannelCapabilities;
  /**
   * The options naming credential variables (ending in `Env`) that these parsed options need;
   * absent = every `…Env` option. Lets `civicast validate` skip variables of an unused auth mode.
   */
  credentialOptions?: (options: Record<string, unknown>) => string[];
  load: () => Promise<ChannelFactory>;
}

function kind<S extends z.ZodType>(
  schema: S,
  capabilities: ChannelCapabilities,
  load: () => Promise<(name: string, options: z.infer<S>, deps: ChannelDeps) => Channel>,
  credentialOptions?: (options: Record<string, unknown>) => string[],
): ChannelKind {
  return { schema, capabilities, load: load as ChannelKind['load'], ...(credentialOptions === undefined ? {} : { credentialOptions }) };
}

/** Every channel kind the service can run. Adding a platform = one folder + one line here. */
export const CHANNEL_KINDS: Readonly<Record<string, ChannelKind>> = {
  console: kind(consoleOptionsSchema, CONSOLE_CAPABILITIES, async () => createConsoleChannel),
  file: kind(fileOptionsSchema, FILE_CAPABILITIES, async () => createFileChannel),
  bluesky: kind(blueskyOptionsSchema, BLUESKY_CAPABILITIES, async () => (await import('./bluesky/bluesky-channel.js')).createBlueskyChannel, blueskyCredentialOptions),
  mastodon: kind(mastodonOptionsSchema, MASTODON_CAPABILITIES, async () => (await import('./mastodon/mastodon-channel.js')).createMastodonChannel),
  discord: kind(discordOptionsSchema, DISCORD_CAPABILITIES, async () => (await import('./discord/discord-channel.js')).createDiscordChannel),
  x: kind(xOptionsSchema, X_CAPABILITIES, async () => (await import('./x/x-channel.js')).createXChannel, xCredentialOptions),
  facebook: kind(facebookOptionsSchema, FACEBOOK_CAPABILITIES, async () => (await import('./facebook/facebook-channel.js')).createFacebookChannel),
  instagram: kind(instagramOptionsSchema, INSTAGRAM_CAPABILITIES, async () => (await import('./instagram/instagram-channel.js')).createInstagramChannel),
  threads: kind(threadsOptionsSchema, THREADS_CAPABILITIES, async () => (await import('./threads/threads-channel.js')).createThreadsChannel),
};

/** The kinds this build can run, for error messages and validation. */
export function channelKindNames(): string[] {
  return Object.keys(CHANNEL_KINDS);
}

/**
 * What a channel can do: its own declaration (with per-channel overrides), else its kind's, else
 * conservative defaults (no lag, no settle wait). The core asks here and never names a platform.
 */
export function capabilitiesOf(channel: { kind: string; capabilities?: ChannelCapabilities | undefined }): ChannelCapabilities {
  return channel.capabilities ?? CHANNEL_KINDS[channel.kind]?.capabilities ?? DEFAULT_CAPABILITIES;
}

/** Capabilities of a configured kind (for config checks before any channel is built). */
export function kindCapabilities(kind: string): ChannelCapabilities | undefined {
  return CHANNEL_KINDS[kind]?.capabilities;
}

/** Every kind's default limits, so validation can prove a template fits wherever it may go. */
export function limitsByKind(): Record<string, ChannelLimits> {
  return Object.fromEntries(Object.entries(CHANNEL_KINDS).map(([name, k]) => [name, k.capabilities.limits]));
}
