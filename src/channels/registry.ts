import type { z } from 'zod';
import type { Channel, ChannelDeps } from './channel.js';
import { blueskyOptionsSchema, createBlueskyChannel } from './bluesky/bluesky-channel.js';
import { consoleOptionsSchema, createConsoleChannel } from './console/console-channel.js';
import { createMastodonChannel, mastodonOptionsSchema } from './mastodon/mastodon-channel.js';
import { createDiscordChannel } from './discord/discord-channel.js';
import { discordOptionsSchema } from './discord/discord-options.js';
import { createXChannel, xOptionsSchema } from './x/x-channel.js';
import { createFileChannel, fileOptionsSchema } from './file/file-channel.js';

/** How to build one kind of channel: its option schema and its factory. */
export interface ChannelKind<S extends z.ZodType = z.ZodType> {
  schema: S;
  create: (name: string, options: z.infer<S>, deps: ChannelDeps) => Channel;
}

function kind<S extends z.ZodType>(schema: S, create: (name: string, options: z.infer<S>, deps: ChannelDeps) => Channel): ChannelKind {
  return { schema, create: create as ChannelKind['create'] };
}

/** Every channel kind the service can run. Adding a platform = one folder + one line here. */
export const CHANNEL_KINDS: Readonly<Record<string, ChannelKind>> = {
  console: kind(consoleOptionsSchema, createConsoleChannel),
  file: kind(fileOptionsSchema, createFileChannel),
  bluesky: kind(blueskyOptionsSchema, createBlueskyChannel),
  mastodon: kind(mastodonOptionsSchema, createMastodonChannel),
  discord: kind(discordOptionsSchema, createDiscordChannel),
  x: kind(xOptionsSchema, createXChannel),
};
