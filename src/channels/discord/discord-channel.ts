import { Client, Events, GatewayIntentBits, Partials, Routes } from 'discord.js';
import type { APIUser, Interaction, Message } from 'discord.js';
import { AppError } from '../../domain/errors.js';
import type { Channel, ChannelDeps, ChannelLimits, InboundHandler, LookupRequest, PublishRequest } from '../channel.js';
import { withOverrides } from '../kit/channel-capabilities.js';
import { createGuardedCall, guardedLookup } from '../kit/guarded-call.js';
import { HealthTracker } from '../kit/health-tracker.js';
import { classifyFailure } from '../kit/platform-failure.js';
import { SelfHealingStart } from '../kit/self-healing-start.js';
import { backfillHelpChannels, noteHandled } from './discord-backfill.js';
import { DISCORD_CAPABILITIES } from './discord-capabilities.js';
import { handleCommand, SLASH_COMMANDS } from './discord-commands.js';
import { describeDiscordError } from './discord-errors.js';
import { isQuestion, toInboundMessage } from './discord-inbound.js';
import type { DiscordOptions } from './discord-options.js';
import { lookupMessage, publishMessage } from './discord-publish.js';
import type { PublishContext } from './discord-publish.js';

export { discordOptionsSchema } from './discord-options.js';
export type { DiscordOptions } from './discord-options.js';

/**
 * Discord adapter on discord.js: publishing and reconciliation go straight through the REST client
 * (no channel cache needed), inbound mentions, help-channel messages, DMs and slash commands come
 * over the gateway. The library's own 429 queue and 5xx retries are switched off so the outbox
 * dispatcher decides when to retry.
 */
export function createDiscordChannel(name: string, options: DiscordOptions, deps: ChannelDeps): Channel {
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      GatewayIntentBits.MessageContent,
    ],
    // DM channels are never cached before their first message arrives.
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: {
      api: options.apiBase,
      retries: 0,
      rejectOnRateLimit: () => true,
      offset: 0,
      timeout: options.timeoutMs,
    },
  });
  const log = deps.logger.child({ channel: name, kind: 'discord' });
  const limits: ChannelLimits = { ...DISCORD_CAPABILITIES.limits, maxLength: options.maxLength, maxThreadParts: options.maxThreadParts };
  const capabilities = withOverrides(DISCORD_CAPABILITIES, limits, options);
  const health = new HealthTracker(deps.clock, log);
  const describe = (error: unknown) => describeDiscordError(error, deps.clock.now());
  const guard = createGuardedCall({ platform: 'Discord', health, logger: log, clock: deps.clock, describe, timeoutMs: options.timeoutMs + 5_000 });
  let botUserId: string | undefined;
  let starter: SelfHealingStart | undefined;
  let up = false;
  let listening = false;

  const ctx: PublishContext = {
    rest: client.rest,
    guard,
    defaultChannelId: options.channelIds[0] ?? '',
    guildId: options.guildId,
    botUserId: () => botUserId,
    lookupLimit: options.lookupLimit,
  };

  const onMessage = async (message: Message, onInbound: InboundHandler): Promise<void> => {
    if (botUserId === undefined) return;
    if (!isQuestion(message, { botUserId, helpChannelIds: options.helpChannelIds })) return;
    const inbound = toInboundMessage(message, name, botUserId, deps.clock.now());
    for (let attempt = 0; ; attempt++) {
      try {
        await onInbound(inbound);
        await noteHandled(deps.state, message, options.helpChannelIds).catch(() => undefined);
        return;
      } catch (error) {
        const delayMs = options.inboundRetryDelaysMs[attempt];
        if (delayMs === undefined) {
          deps.logger.error({ err: error, messageId: message.id, attempts: attempt + 1 }, 'ALARM discord question could not be handled; given up');
          await noteHandled(deps.state, message, options.helpChannelIds).catch(() => undefined);
          return;
        }
        deps.logger.warn({ err: error, messageId: message.id, retryInMs: delayMs }, 'discord inbound handler failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  };

  const onInteraction = async (interaction: Interaction): Promise<void> => {
    if (!interaction.isChatInputCommand()) return;
    if (deps.commands === undefined) {
      deps.logger.warn({ command: interaction.commandName }, 'discord slash command ignored: no staff commands wired');
      return;
    }
    try {
      await handleCommand(interaction, {
        channelName: name,
        commands: deps.commands,
        managerRoleIds: options.managerRoleIds,
        commsRoleIds: options.commsRoleIds,
        logger: deps.logger,
      });
    } catch (error) {
      deps.logger.error({ err: error, command: interaction.commandName }, 'discord slash command reply failed');
    }
  };

  const listen = (onInbound: InboundHandler): void => {
    // Once per client: a start() after close() reuses the client and must not double-deliver.
    if (listening) return;
    listening = true;
    client.on(Events.MessageCreate, (message) => void onMessage(message, onInbound));
    client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
    client.on(Events.Error, (error) => deps.logger.error({ err: error }, 'discord client error'));
    client.on(Events.ShardDisconnect, () => health.degrade('gateway disconnected'));
    client.on(Events.ShardResume, () => health.succeeded());
    client.on(Events.ShardReady, () => health.succeeded());
  };

  const connectGateway = async (token: string, onInbound: InboundHandler): Promise<void> => {
    listen(onInbound);
    let onShardError: ((error: Error) => void) | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new AppError('PLATFORM_UNAVAILABLE', `discord gateway not ready after ${options.readyTimeoutMs} ms`)),
        options.readyTimeoutMs,
      );
      timer.unref();
      client.once(Events.ClientReady, () => {
        clearTimeout(timer);
        resolve();
      });
      // The gateway closes with 4004 when IDENTIFY carries a bad token; @discordjs/ws reports it
      // as a shard error and gives up, so fail now instead of waiting for the timeout.
      onShardError = (error: Error) => {
        if (error.message !== 'Authentication failed') return;
        clearTimeout(timer);
        reject(new AppError('AUTH_FAILED', 'discord gateway rejected the token', { retryable: false, cause: error }));
      };
      client.on(Events.ShardError, onShardError);
    });
    const login = client.login(token);
    // Whichever fails first wins; the other promise must not surface as an unhandled rejection.
    login.catch(() => undefined);
    ready.catch(() => undefined);
    try {
      await Promise.all([login, ready]);
    } catch (error) {
      await client.destroy();
      throw classifyFailure(describe(error), 'read', 'Discord gateway', deps.clock.now());
    } finally {
      if (onShardError !== undefined) client.off(Events.ShardError, onShardError);
    }
  };

  const registerCommands = async (): Promise<void> => {
    const applicationId = client.application?.id;
    if (options.guildId === undefined || applicationId === undefined || deps.commands === undefined) return;
    try {
      await client.rest.put(Routes.applicationGuildCommands(applicationId, options.guildId), { body: SLASH_COMMANDS });
    } catch (error) {
      // Commands are a convenience for staff; posting and replies work without them.
      const mapped = classifyFailure(describe(error), 'read', 'Discord', deps.clock.now());
      deps.logger.warn({ code: mapped.code, reason: mapped.message }, 'discord slash command registration failed');
    }
  };

  const token = (): string => {
    const value = deps.secret(options.tokenEnv);
    if (value === undefined || value.length === 0) throw new AppError('AUTH_FAILED', `environment variable ${options.tokenEnv} (Discord bot token) is not set`);
    return value;
  };

  /** Verifies the token over REST, then (unless publish-only) connects the gateway. */
  const connect = async (onInbound: InboundHandler): Promise<void> => {
    const bot = token();
    client.rest.setToken(bot);
    const me = (await guard('read', 'verify the discord token', () => client.rest.get(Routes.user('@me')))) as APIUser;
    botUserId = me.id;
    if (!options.gateway) return;
    await connectGateway(bot, onInbound);
    await registerCommands();
    // Not awaited: questions from while we were away must not hold up posting.
    void backfillHelpChannels({ client, helpChannelIds: options.helpChannelIds, state: deps.state, deliver: (message) => onMessage(message, onInbound), logger: deps.logger });
  };

  return {
    name,
    kind: 'discord',
    limits,
    capabilities,
    health: () => health.get(),

    async start(onInbound: InboundHandler): Promise<void> {
      if (up) return;
      starter = new SelfHealingStart({
        health,
        logger: log,
        clock: deps.clock,
        retry: options,
        check: () => void token(),
        connect: () => connect(onInbound),
        onUp: () => {
          up = true;
          deps.logger.info({ channel: name, botUserId, gateway: options.gateway }, 'discord channel started');
        },
      });
      await starter.start();
    },

    async close(): Promise<void> {
      starter?.close();
      await starter?.settled();
      up = false;
      await client.destroy();
    },

    async publish(request: PublishRequest) {
      if (botUserId === undefined) throw new AppError('PLATFORM_UNAVAILABLE', `discord channel ${name} is not started`);
      return publishMessage(ctx, request);
    },

    lookup: (request: LookupRequest) => guardedLookup(() => lookupMessage(ctx, request)),
  };
}
