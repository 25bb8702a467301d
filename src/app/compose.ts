import { randomUUID } from 'node:crypto';
import type { Channel } from '../channels/channel.js';
import type { CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import type { NewPost, Priority } from '../domain/post.js';

/** Channel or group names (or `all`) → enabled channel names, in config order, without repeats. */
export function resolveChannelNames(names: string[], config: CivicastConfig, enabled: ReadonlyMap<string, Channel>): string[] {
  const out: string[] = [];
  const add = (name: string) => {
    if (!out.includes(name)) out.push(name);
  };
  for (const name of names) {
    if (name === 'all') {
      for (const [channel, cfg] of Object.entries(config.channels)) if (enabled.has(channel) && !cfg.drill) add(channel);
    } else if (config.channelGroups[name] !== undefined) {
      for (const member of config.channelGroups[name] ?? []) if (enabled.has(member)) add(member);
    } else if (enabled.has(name)) {
      add(name);
    } else if (config.channels[name] !== undefined) {
      throw new AppError('INVALID_INPUT', `channel "${name}" is disabled`);
    } else {
      throw new AppError('INVALID_INPUT', `unknown channel or group "${name}"`);
    }
  }
  return out;
}

export type Fitter = (text: string, channel: Channel) => string[];

/** Staff-written posts: one per channel, fitted, with a fresh id (each submission is new). */
export function composeStaffPosts(
  input: { text: string; channels: string[]; at?: number; priority?: Priority; actor: string; awaitingApproval?: boolean; idPrefix?: string },
  deps: { resolve: (names: string[]) => string[]; compose: (text: string, channel: string) => string[]; clock: Clock },
): NewPost[] {
  const batch = input.idPrefix ?? `post:${new Date(deps.clock.now()).toISOString().slice(0, 10)}:${randomUUID().slice(0, 8)}`;
  const dueAt = input.at ?? deps.clock.now();
  if (!Number.isFinite(dueAt)) throw new AppError('INVALID_INPUT', 'invalid time');
  return deps.resolve(input.channels).map((channel) => ({
    id: `${batch}:${channel}`,
    channel,
    parts: deps.compose(input.text, channel),
    priority: input.priority ?? 'routine',
    dueAt,
    source: input.actor,
    createdBy: input.actor.replace(/^user:/, ''),
    ...(input.awaitingApproval === true ? { awaitingApproval: true } : {}),
  }));
}
