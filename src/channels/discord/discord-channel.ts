import { Client, Events, GatewayIntentBits, Partials, Routes } from 'discord.js';
import type { APIUser, Interaction, Message } from 'discord.js';
import { AppError } from '../../domain/errors.js';
import type { Channel, ChannelDeps, ChannelHealth, InboundHandler, LookupRequest, PublishRequest } from '../channel.js';
import { backfillHelpChannels, noteHandled } from './discord-backfill.js';
import { handleCommand, SLASH_COMMANDS } from './discord-commands.js';
import { mapDiscordError } from './discord-errors.js';
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
  let health: ChannelHealth = { state: 'ok', since: deps.clock.now() };
  let botUserId: string | undefined;
  let started = false;
  let listening = false;

  const setHealth = (state: ChannelHealth['state'], reason?: string): void => {
    if (health.state === state && health.reason === reason) return;
    health = { state, since: deps.clock.now(), ...(reason === undefined ? {} : { reason }) };
  };

  /** Every failure passes here so AUTH_FAILED disables the channel wherever it happens. */
  const failed = (error: AppError): AppError => {
    if (error.code === 'AUTH_FAILED') setHealth('disabled', error.message);
    return error;
  };

  const ctx: PublishContext = {
    rest: client.rest,
    defaultChannelId: options.channelIds[0] ?? '',
    guildId: options.guildId,
    botUserId: () => botUserId,
    now: () => deps.clock.now(),
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
    client.on(Events.ShardDisconnect, () => setHealth('degraded', 'gateway disconnected'));
    client.on(Events.ShardResume, () => setHealth('ok'));
    client.on(Events.ShardReady, () => setHealth('ok'));
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
      // discord.js turns a 401 on /gateway/bot into its own TokenInvalid error.
      const invalid = error instanceof Error && 'code' in error && error.code === 'TokenInvalid';
      throw failed(
        invalid
          ? new AppError('AUTH_FAILED', 'discord gateway rejected the token', { retryable: false, cause: error })
          : mapDiscordError(error, { write: false, what: 'connect to the discord gateway', now: deps.clock.now() }),
      );
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
      const mapped = mapDiscordError(error, { write: false, what: 'register slash commands', now: deps.clock.now() });
      deps.logger.error({ code: mapped.code, reason: mapped.message }, 'discord slash command registration failed');
    }
  };

  return {
    name,
    kind: 'discord',
    limits: { maxLength: options.maxLength, lengthRule: 'chars', threads: true, maxThreadParts: options.maxThreadParts },
    health: () => health,

    async start(onInbound: InboundHandler): Promise<void> {
      if (started) return;
      const token = deps.secret(options.tokenEnv);
      if (token === undefined || token.length === 0) {
        throw failed(new AppError('AUTH_FAILED', `environment variable ${options.tokenEnv} (Discord bot token) is not set`));
      }
      client.rest.setToken(token);
      try {
        const me = (await client.rest.get(Routes.user('@me'))) as APIUser;
        botUserId = me.id;
      } catch (error) {
        throw failed(mapDiscordError(error, { write: false, what: 'verify the discord token', now: deps.clock.now() }));
      }
      if (options.gateway) {
        await connectGateway(token, onInbound);
        await registerCommands();
        // Not awaited: questions from while we were away must not hold up posting.
        void backfillHelpChannels({ client, helpChannelIds: options.helpChannelIds, state: deps.state, deliver: (message) => onMessage(message, onInbound), logger: deps.logger });
      }
      started = true;
      setHealth('ok');
      deps.logger.info({ channel: name, botUserId, gateway: options.gateway }, 'discord channel started');
    },

    async close(): Promise<void> {
      started = false;
      await client.destroy();
    },

    async publish(request: PublishRequest) {
      if (botUserId === undefined) throw new AppError('PLATFORM_UNAVAILABLE', `discord channel ${name} is not started`);
      try {
        return await publishMessage(ctx, request);
      } catch (error) {
        throw failed(error instanceof AppError ? error : mapDiscordError(error, { write: true, what: 'post', now: deps.clock.now() }));
      }
    },

    async lookup(request: LookupRequest) {
      return lookupMessage(ctx, request);
    },
  };
}
