import type { Logger } from 'pino';
import type { Channel, ChannelStateStore } from '../channels/channel.js';
import { dryRunChannel } from '../channels/dry-run-channel.js';
import { CHANNEL_KINDS } from '../channels/registry.js';
import type { StaffCommands } from '../channels/staff-commands.js';
import type { CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';

/** A channel's persistent state lives in the store under `channel-state/<name>:<key>`. */
function channelState(store: Store, name: string): ChannelStateStore {
  return {
    get: (key) => store.getDoc('channel-state', `${name}:${key}`),
    set: (key, value) => store.putDoc('channel-state', `${name}:${key}`, value),
    delete: (key) => store.deleteDoc('channel-state', `${name}:${key}`),
  };
}

export interface CreateChannelsInput {
  config: CivicastConfig;
  options: Map<string, unknown>;
  store: Store;
  clock: Clock;
  logger: Logger;
  secrets: Readonly<Record<string, string>>;
  commands?: StaffCommands;
}

/** Builds every enabled channel with its adapter; dry-run channels are wrapped. */
export async function createChannels(input: CreateChannelsInput): Promise<Map<string, Channel>> {
  const channels = new Map<string, Channel>();
  for (const [name, common] of Object.entries(input.config.channels)) {
    if (!common.enabled) continue;
    const kind = CHANNEL_KINDS[common.kind];
    if (kind === undefined) continue;
    const logger = input.logger.child({ component: 'channel', channel: name });
    const create = await kind.load();
    const channel = create(name, input.options.get(name), {
      logger,
      state: channelState(input.store, name),
      secret: (variable) => input.secrets[variable],
      clock: input.clock,
      ...(input.commands === undefined ? {} : { commands: input.commands }),
    });
    channels.set(name, common.dryRun ? dryRunChannel(channel, logger) : channel);
  }
  return channels;
}
