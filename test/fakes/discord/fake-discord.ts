import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay, IndexingLag } from '../indexing-lag.js';
import { FakeGateway } from './fake-discord-gateway.js';
import { apiMember, apiMessage, apiUser, snowflake } from './fake-discord-payloads.js';
import type { FakeUser } from './fake-discord-payloads.js';

export type Fault =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  /** Store the post, then destroy the socket without answering. */
  | { kind: 'lost-response' }
  | { kind: 'unauthorized' }
  /** Store the post, then answer 500. */
  | { kind: 'server-error-after-create' }
  /** Store the post (and its nonce) only after `ms`, then answer. */
  | { kind: 'slow-commit'; ms: number }
  /** A 429 with no Retry-After or rate-limit headers (only the JSON body). */
  | { kind: 'rate-limit-bare' }
  /** Drop the connection before anything is done. */
  | { kind: 'reset' };

/** One message the fake accepted through POST /channels/:id/messages. */
export interface AcceptedPost {
  channelId: string;
  body: Record<string, unknown>;
  message: Record<string, unknown>;
}

export interface InteractionCallback {
  interactionId: string;
  token: string;
  body: { type: number; data?: { content?: string; flags?: number } };
}

export interface FakeDiscordOptions {
  token: string;
  guildId?: string;
  channelIds?: string[];
  roleIds?: string[];
}

export interface FakeDiscord {
  apiBase: string;
  gatewayUrl: string;
  bot: FakeUser;
  applicationId: string;
  guildId: string;
  gateway: FakeGateway;
  posts: AcceptedPost[];
  callbacks: InteractionCallback[];
  webhookEdits: { token: string; body: Record<string, unknown> }[];
  commandRegistrations: { path: string; body: unknown }[];
  /** Every request line, e.g. `POST /api/v10/channels/1/messages`. */
  requests: string[];
  /** New messages show in channel reads only after this lag (Discord shows them at once; 0 by default). */
  lag: IndexingLag;
  /** Fail the next `count` requests whose `METHOD path` matches (default: any). */
  failNext(fault: Fault, count?: number, match?: RegExp): void;
  setToken(token: string): void;
  /** Pushes MESSAGE_CREATE from a citizen; returns the message id. */
  /** A user's message: stored (channel reads return it) and pushed over the gateway unless `offline` (the bot was away). */
  sendMessage(input: { channelId?: string; author: FakeUser; content: string; mentionBot?: boolean; dm?: boolean; offline?: boolean }): string;
  /** Pushes INTERACTION_CREATE for a chat-input command; returns the interaction id. */
  sendCommand(input: { user: FakeUser; roles: string[]; name: string; options: unknown[] }): string;
  close(): Promise<void>;
}

interface PendingFault {
  fault: Fault;
  count: number;
  match: RegExp | undefined;
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length === 0 ? undefined : (JSON.parse(text) as unknown);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Discord dedupes enforce_nonce creates for a few minutes; the fake keeps them for five. */
const NONCE_WINDOW_MS = 5 * 60_000;

export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  let token = options.token;
  const guildId = options.guildId ?? snowflake();
  const channelIds = options.channelIds ?? [snowflake()];
  const bot: FakeUser = { id: snowflake(), username: 'civicast-bot', bot: true };
  const applicationId = bot.id;
  const messages = new Map<string, Record<string, unknown>[]>();
  const nonces = new Map<string, { message: Record<string, unknown>; at: number }>();
  const faults: PendingFault[] = [];
  const posts: AcceptedPost[] = [];
  const callbacks: InteractionCallback[] = [];
  const webhookEdits: FakeDiscord['webhookEdits'] = [];
  const commandRegistrations: FakeDiscord['commandRegistrations'] = [];
  const requests: string[] = [];
  const lag = new IndexingLag();
  let port = 0;

  const takeFault = (line: string): Fault | undefined => {
    const pending = faults.find((f) => f.count > 0 && (f.match === undefined || f.match.test(line)));
    if (pending === undefined) return undefined;
    pending.count -= 1;
    return pending.fault;
  };

  const createMessage = (channelId: string, body: Record<string, unknown>): Record<string, unknown> => {
    const reference = body['message_reference'] as { message_id?: string } | undefined;
    const message = apiMessage({
      channelId,
      guildId,
      author: bot,
      content: String(body['content'] ?? ''),
      ...(reference?.message_id === undefined ? {} : { referenceId: reference.message_id }),
      ...(typeof body['nonce'] === 'string' ? { nonce: body['nonce'] } : {}),
    });
    const list = messages.get(channelId) ?? [];
    list.push(message);
    messages.set(channelId, list);
    lag.created(String(message['id']));
    posts.push({ channelId, body, message });
    return message;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const line = `${method} ${path}`;
    requests.push(line);
    const body = (await readBody(req)) as Record<string, unknown> | undefined;
    const noAuth = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    const fault = takeFault(line);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'rate-limit-bare') {
      json(res, 429, { message: 'You are being rate limited.', retry_after: 1, global: false });
      return;
    }
    if (fault?.kind === 'unauthorized' || (!noAuth && req.headers.authorization !== `Bot ${token}`)) {
      json(res, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    if (fault?.kind === 'rate-limit') {
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(fault.retryAfterSeconds),
        'x-ratelimit-scope': 'user',
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global: false }));
      return;
    }
    if (fault?.kind === 'server-error') {
      json(res, 500, { message: 'Internal Server Error', code: 0 });
      return;
    }

    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      json(res, 200, {
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 60_000, max_concurrency: 1 },
      });
    } else if (method === 'GET' && path === '/users/@me') {
      json(res, 200, apiUser(bot));
    } else if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) !== null && method === 'POST') {
      const channelId = m[1] ?? '';
      const nonce = body?.['nonce'];
      if (fault?.kind === 'slow-commit') await delay(fault.ms);
      const known = typeof nonce === 'string' && body?.['enforce_nonce'] === true ? nonces.get(nonce) : undefined;
      const message =
        known !== undefined && Date.now() - known.at < NONCE_WINDOW_MS ? known.message : createMessage(channelId, body ?? {});
      if (typeof nonce === 'string' && known === undefined) nonces.set(nonce, { message, at: Date.now() });
      if (fault?.kind === 'lost-response') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'server-error-after-create') {
        json(res, 500, { message: 'Internal Server Error', code: 0 });
        return;
      }
      json(res, 200, message);
    } else if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) !== null && method === 'GET') {
      const afterParam = url.searchParams.get('after');
      const after = BigInt(afterParam ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '50');
      const newestFirst = (list: Record<string, unknown>[]) => list.sort((a, b) => (BigInt(String(b['id'])) > BigInt(String(a['id'])) ? 1 : -1));
      const candidates = (messages.get(m[1] ?? '') ?? []).filter((msg) => BigInt(String(msg['id'])) > after && lag.visible(String(msg['id'])));
      // Like Discord: with `after`, the `limit` messages right after it; without, the newest. Newest
      // first either way, and the nonce is not echoed on reads.
      const chosen = afterParam === null ? newestFirst(candidates).slice(0, limit) : newestFirst(newestFirst(candidates).reverse().slice(0, limit));
      const list = chosen.map(({ nonce: _nonce, ...rest }) => rest);
      json(res, 200, list);
    } else if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) !== null && method === 'POST') {
      callbacks.push({ interactionId: m[1] ?? '', token: m[2] ?? '', body: body as InteractionCallback['body'] });
      res.writeHead(204).end();
    } else if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path)) !== null && method === 'PATCH') {
      webhookEdits.push({ token: m[2] ?? '', body: body ?? {} });
      json(res, 200, apiMessage({ channelId: channelIds[0] ?? '', guildId, author: bot, content: String(body?.['content'] ?? '') }));
    } else if (/^\/applications\/\d+\/guilds\/\d+\/commands$/.test(path) && method === 'PUT') {
      commandRegistrations.push({ path, body });
      const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
      json(res, 200, list.map((c) => ({ ...c, id: snowflake(), application_id: applicationId, guild_id: guildId, version: '1' })));
    } else {
      json(res, 404, { message: `Unknown route ${line}`, code: 0 });
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { message: String(error), code: 0 }));
  });
  const gateway = new FakeGateway(server, {
    token: () => token,
    bot,
    applicationId,
    guild: { id: guildId, channelIds, roleIds: options.roleIds ?? [], ownerId: bot.id },
    url: () => `ws://127.0.0.1:${port}/gateway`,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  return {
    apiBase: `http://127.0.0.1:${port}/api`,
    gatewayUrl: `ws://127.0.0.1:${port}/gateway`,
    bot,
    applicationId,
    guildId,
    gateway,
    posts,
    callbacks,
    webhookEdits,
    commandRegistrations,
    requests,
    lag,
    failNext(fault, count = 1, match) {
      faults.push({ fault, count, match });
    },
    setToken(next) {
      token = next;
    },
    sendMessage(input) {
      const channelId = input.channelId ?? channelIds[0] ?? '';
      const mentions = input.mentionBot === true ? [bot] : [];
      const content = input.mentionBot === true ? `<@${bot.id}> ${input.content}` : input.content;
      const message = apiMessage({
        channelId,
        ...(input.dm === true ? {} : { guildId }),
        author: input.author,
        content,
        mentions,
      });
      if (input.dm !== true) message['member'] = { ...apiMember(input.author, []), user: undefined };
      const list = messages.get(channelId) ?? [];
      list.push(message);
      messages.set(channelId, list);
      if (input.offline !== true) gateway.dispatch('MESSAGE_CREATE', message);
      return String(message['id']);
    },
    sendCommand(input) {
      const id = snowflake();
      gateway.dispatch('INTERACTION_CREATE', {
        id,
        application_id: applicationId,
        type: 2,
        token: `itoken-${id}`,
        version: 1,
        guild_id: guildId,
        channel_id: channelIds[0],
        channel: { id: channelIds[0], type: 0, guild_id: guildId, name: 'channel-0' },
        member: apiMember(input.user, input.roles),
        data: { id: snowflake(), name: input.name, type: 1, guild_id: guildId, options: input.options },
        app_permissions: '0',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': guildId },
        context: 0,
        attachment_size_limit: 8_388_608,
      });
      return id;
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
