import type { z } from 'zod';
import type { Channel, ChannelDeps } from './channel.js';
import { blueskyOptionsSchema } from './bluesky/bluesky-options.js';
import { consoleOptionsSchema, createConsoleChannel } from './console/console-channel.js';
import { discordOptionsSchema } from './discord/discord-options.js';
import { facebookOptionsSchema } from './facebook/facebook-options.js';
import { instagramOptionsSchema } from './instagram/instagram-options.js';
import { threadsOptionsSchema } from './threads/threads-options.js';
import { createFileChannel, fileOptionsSchema } from './file/file-channel.js';
import { mastodonOptionsSchema } from './mastodon/mastodon-options.js';
import { xOptionsSchema } from './x/x-options.js';

export type ChannelFactory = (name: string, options: unknown, deps: ChannelDeps) => Channel;

/**
 * How to build one kind of channel: its option schema (checked by `civicast validate` without
 * loading anything heavy) and a loader for its factory. Platform SDKs (discord.js, @atproto/api,
 * twitter-api-v2, masto: ~115 MB together) are imported only when a channel of that kind is on.
 */
export interface ChannelKind {
  schema: z.ZodType;
  load: () => Promise<ChannelFactory>;
}

function kind<S extends z.ZodType>(schema: S, load: () => Promise<(name: string, options: z.infer<S>, deps: ChannelDeps) => Channel>): ChannelKind {
  return { schema, load: load as ChannelKind['load'] };
}

/** Every channel kind the service can run. Adding a platform = one folder + one line here. */
export const CHANNEL_KINDS: Readonly<Record<string, ChannelKind>> = {
  console: kind(consoleOptionsSchema, async () => createConsoleChannel),
  file: kind(fileOptionsSchema, async () => createFileChannel),
  bluesky: kind(blueskyOptionsSchema, async () => (await import('./bluesky/bluesky-channel.js')).createBlueskyChannel),
  mastodon: kind(mastodonOptionsSchema, async () => (await import('./mastodon/mastodon-channel.js')).createMastodonChannel),
  discord: kind(discordOptionsSchema, async () => (await import('./discord/discord-channel.js')).createDiscordChannel),
  x: kind(xOptionsSchema, async () => (await import('./x/x-channel.js')).createXChannel),
  threads: kind(threadsOptionsSchema, async () => (await import('./threads/threads-channel.js')).createThreadsChannel),
  instagram: kind(instagramOptionsSchema, async () => (await import('./instagram/instagram-channel.js')).createInstagramChannel),
  facebook: kind(facebookOptionsSchema, async () => (await import('./facebook/facebook-channel.js')).createFacebookChannel),
};
