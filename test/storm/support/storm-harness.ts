/**
 * Storm harness: a real redis-server, loopback fakes of X, Mastodon, Bluesky, Facebook Pages and
 * Threads (Discord and Instagram when asked for; one fake server per account), a private config
 * dir whose channels point at them, and the real service either in-process (startService) or as
 * `civicast start` child processes that can be SIGKILLed. Instagram downloads its cards from the
 * service through a small gateway standing in for the public URL (any instance can serve them).
 *
 * The fakes record every post they accept; `verifyExactlyOnce` matches those records against the
 * outbox (every sent part ↔ exactly one accepted post, and no citizen answered twice).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createLogger } from '../../../src/logging/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import type { Post } from '../../../src/domain/post.js';
import { RedisStore } from '../../../src/store/redis/redis-store.js';
import { FakeBlueskyServer, type FakeUser as BskyUser } from '../../fakes/bluesky/fake-bluesky-server.js';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { FakeXServer, type FakeUser as XUser } from '../../fakes/x/fake-x-server.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/fake-discord.js';
import type { StormHit, StormOdds } from '../../fakes/fault-storm.js';
import { startFakeFacebook, type FakeFacebook } from '../../fakes/meta/fake-facebook.js';
import type { FakeGraphServer } from '../../fakes/meta/fake-graph-core.js';
import { startFakeInstagram, type FakeInstagram } from '../../fakes/meta/fake-instagram.js';
import { startFakeThreads, type FakeThreads } from '../../fakes/meta/fake-threads.js';
import { startPublicGateway, type PublicGateway } from './public-gateway.js';
import { killHard, waitFor } from '../../support/child-process.js';
import { startRedis, type RedisHandle } from '../../support/redis-server.js';
import { makeTestConfig, testEnv } from '../../support/test-config.js';

export type Platform = 'x' | 'mastodon' | 'bluesky' | 'discord' | 'facebook' | 'instagram' | 'threads';
/**
 * Platforms a storm uses unless told otherwise (one account each); Discord (a gateway per bot)
 * and Instagram (every post an image card) join when asked for.
 */
export const PLATFORMS: readonly Platform[] = ['x', 'mastodon', 'bluesky', 'facebook', 'threads'];
const ALL_PLATFORMS: readonly Platform[] = ['x', 'mastodon', 'bluesky', 'discord', 'facebook', 'instagram', 'threads'];

/** Department account names: `x-311`, `mastodon-streets`, … */
const DEPARTMENTS = ['311', 'streets', 'parks', 'water', 'transit', 'health', 'fire', 'schools'];

export interface StormOptions {
  /** Accounts per platform (default 1 each); each account is its own fake server. */
  accounts?: Partial<Record<Platform, number>>;
  /** Mention polling interval of every channel, seconds (default 1). */
  pollSeconds?: number;
  /** Civicast's own per-channel limiter (config `rateLimit`); default high so the fakes decide. */
  channelRate?: { perMinute: number; perHour?: number };
  /** Config `dangerReserveShare` of every channel (default: the schema's). */
  dangerReserveShare?: number;
  /**
   * The languages every storm account posts its campaign in (default en and es: the storms measure
   * delivery under faults and limits, and ten languages would multiply the campaign by five).
   */
  locales?: readonly string[];
  /** Enforced platform limits on the fakes (per account). */
  fakeLimits?: {
    /** X: POST /2/tweets per window (X's real number is 300 per 15 minutes). */
    xPosts?: { limit: number; windowSeconds: number };
    /** Mastodon: status creations per window. */
    mastodonPosts?: { limit: number; windowMs: number };
    /** Mastodon: every authenticated call per window (real: 300 per 5 minutes). */
    mastodonAll?: { limit: number; windowMs: number };
    /** Bluesky: createRecord per window. */
    blueskyWrites?: { limit: number; windowSeconds: number };
  };
  /** Overrides of config `outbox` (service.yaml). */
  outbox?: Partial<Record<'pollIntervalMs' | 'claimBatch' | 'leaseMs' | 'sendTimeoutMs' | 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'retentionDays', number>>;
  /** Overrides of config `replies`. */
  replies?: Record<string, number | boolean>;
  /** Per-request timeout of the adapters, ms (default 5000). */
  requestTimeoutMs?: number;
  /** Extra YAML files for the config dir. */
  extraYaml?: Record<string, string>;
  /** Redis key prefix (default `storm:`). */
  prefix?: string;
}

export interface Account {
  channel: string;
  platform: Platform;
  x?: FakeXServer;
  mastodon?: FakeMastodon;
  bluesky?: FakeBlueskyServer;
  discord?: FakeDiscord;
  facebook?: FakeFacebook;
  instagram?: FakeInstagram;
  threads?: FakeThreads;
  /** Posts the account made before the storm (residents comment under them); not the service's. */
  seeds?: Set<string>;
}

/** A citizen message created on a fake. */
export interface Mention {
  channel: string;
  /** The id the service knows the message by (tweet id, status id, at:// uri). */
  id: string;
  text: string;
  createdAt: number;
}

/** A post a fake accepted from our account. */
export interface Accepted {
  channel: string;
  id: string;
  text: string;
  /** Id of the post or message it replies to. */
  replyTo: string | undefined;
  at: number;
  /** Position in the fake's acceptance order. */
  seq: number;
}

export interface ServiceChild {
  instanceId: string;
  child: ChildProcess;
  url: string;
  /** The last ~64 KB the child wrote (logs), for failure messages. */
  tail(): string;
  /** How many times the child logged that it reconciled an attempt of unknown outcome. */
  reconciled(): number;
}

const TOKEN = 'storm-admin-token-0123456789';

export class StormHarness {
  readonly accounts: Account[] = [];
  readonly env: Record<string, string> = {};
  private readonly services: RunningService[] = [];
  private readonly children: ServiceChild[] = [];
  private citizens = 0;
  private storeHandle: RedisStore | undefined;
  private rawClient: Redis | undefined;

  private constructor(
    readonly redis: RedisHandle,
    readonly dir: string,
    readonly configDir: string,
    readonly prefix: string,
    /** The service's public URL (Instagram downloads cards through it), when Instagram is in. */
    readonly gateway: PublicGateway | undefined,
  ) {}

  static async start(options: StormOptions = {}): Promise<StormHarness> {
    const redis = await startRedis();
    const accounts: Account[] = [];
    const env: Record<string, string> = {};
    const poll = options.pollSeconds ?? 1;
    const timeoutMs = options.requestTimeoutMs ?? 5_000;
    const rate = options.channelRate ?? { perMinute: 1_000_000 };
    const rateYaml = `rateLimit: { perMinute: ${rate.perMinute}${rate.perHour === undefined ? '' : `, perHour: ${rate.perHour}`} }${options.dangerReserveShare === undefined ? '' : `, dangerReserveShare: ${options.dangerReserveShare}`}, locales: [${(options.locales ?? ['en', 'es']).join(', ')}]`;
    const lines: string[] = ['channels:', '  console: { kind: console, enabled: false }', '  audit: { kind: file, enabled: false }'];
    const groups: Record<Platform, string[]> = { x: [], mastodon: [], bluesky: [], discord: [], facebook: [], instagram: [], threads: [] };
    const gateway = (options.accounts?.instagram ?? 0) > 0 ? await startPublicGateway() : undefined;
    // Meta timings for a storm: short settle windows and overlaps (the fakes' lag is what tests set).
    const meta = `pollSeconds: ${poll}, timeoutMs: ${timeoutMs}, settleSeconds: 10, mentionOverlapSeconds: 30, ${rateYaml}`;
    for (const platform of ALL_PLATFORMS) {
      const count = options.accounts?.[platform] ?? (PLATFORMS.includes(platform) ? 1 : 0);
      for (let i = 0; i < count; i++) {
        const dept = DEPARTMENTS[i] ?? `d${i}`;
        const channel = `${platform}-${dept}`;
        const envPrefix = `${platform.toUpperCase()}_${dept.toUpperCase()}`;
        groups[platform].push(channel);
        if (platform === 'x') {
          const fake = new FakeXServer();
          fake.oauth1AccessToken = `x-access-${dept}`;
          // Mentions and timeline reads are not what the storm is about: generous windows, so
          // the poll interval (not X's read quota) sets the pace. Posting keeps X's real limit.
          fake.endpointLimits.set('GET /2/users/:id/mentions', { limit: 1_000_000, windowSeconds: 900 });
          fake.endpointLimits.set('GET /2/users/:id/tweets', { limit: 1_000_000, windowSeconds: 900 });
          fake.endpointLimits.set('GET /2/users/me', { limit: 1_000_000, windowSeconds: 900 });
          fake.endpointLimits.set('POST /2/tweets', options.fakeLimits?.xPosts ?? { limit: 300, windowSeconds: 900 });
          await fake.start();
          Object.assign(env, { [`${envPrefix}_APP_KEY`]: `app-key-${dept}`, [`${envPrefix}_APP_SECRET`]: `app-secret-${dept}`, [`${envPrefix}_ACCESS_TOKEN`]: fake.oauth1AccessToken, [`${envPrefix}_ACCESS_SECRET`]: `access-secret-${dept}` });
          lines.push(
            `  ${channel}:`,
            `    { kind: x, apiBase: "${fake.url}", pollSeconds: ${poll}, requestTimeoutSeconds: ${timeoutMs / 1000}, appKeyEnv: ${envPrefix}_APP_KEY, appSecretEnv: ${envPrefix}_APP_SECRET, accessTokenEnv: ${envPrefix}_ACCESS_TOKEN, accessSecretEnv: ${envPrefix}_ACCESS_SECRET, ${rateYaml} }`,
          );
          accounts.push({ channel, platform, x: fake });
        } else if (platform === 'mastodon') {
          const fake = await startFakeMastodon({ token: `masto-token-${dept}` });
          if (options.fakeLimits?.mastodonPosts !== undefined) fake.limits.posts = options.fakeLimits.mastodonPosts;
          if (options.fakeLimits?.mastodonAll !== undefined) fake.limits.all = options.fakeLimits.mastodonAll;
          env[`${envPrefix}_TOKEN`] = fake.token;
          lines.push(`  ${channel}:`, `    { kind: mastodon, instance: "${fake.url}", tokenEnv: ${envPrefix}_TOKEN, pollSeconds: ${poll}, timeoutMs: ${timeoutMs}, ${rateYaml} }`);
          accounts.push({ channel, platform, mastodon: fake });
        } else if (platform === 'facebook') {
          const fake = await startFakeFacebook({ pageToken: `fb-page-token-${dept}` });
          const seed = fake.seedPost(`Questions about city services? Ask us here (${dept}).`);
          env[`${envPrefix}_TOKEN`] = fake.pageToken;
          lines.push(`  ${channel}:`, `    { kind: facebook, pageId: "${fake.page.id}", graphUrl: "${fake.url}", tokenEnv: ${envPrefix}_TOKEN, ${meta} }`);
          accounts.push({ channel, platform, facebook: fake, seeds: new Set([seed.id]) });
        } else if (platform === 'instagram') {
          const fake = await startFakeInstagram({ token: `ig-token-${dept}` });
          const seed = fake.seedMedia(`Questions about city services? Ask us here (${dept}).`);
          env[`${envPrefix}_TOKEN`] = fake.token;
          lines.push(`  ${channel}:`, `    { kind: instagram, igUserId: "${fake.user.id}", graphUrl: "${fake.url}", tokenEnv: ${envPrefix}_TOKEN, cardBaseUrl: "${gateway?.url ?? ''}", containerPollMs: 50, ${meta} }`);
          accounts.push({ channel, platform, instagram: fake, seeds: new Set([seed.id]) });
        } else if (platform === 'threads') {
          const fake = await startFakeThreads({ token: `threads-token-${dept}` });
          env[`${envPrefix}_TOKEN`] = fake.token;
          lines.push(`  ${channel}:`, `    { kind: threads, userId: "${fake.user.id}", graphUrl: "${fake.url}", tokenEnv: ${envPrefix}_TOKEN, containerPollMs: 50, ${meta} }`);
          accounts.push({ channel, platform, threads: fake });
        } else if (platform === 'discord') {
          const channelId = String(333_333_333_333_333_300n + BigInt(i));
          const token = `discord-bot-token.${dept}.storm`;
          const fake = await startFakeDiscord({ token, channelIds: [channelId] });
          env[`${envPrefix}_TOKEN`] = token;
          lines.push(`  ${channel}:`, `    { kind: discord, apiBase: "${fake.apiBase}", tokenEnv: ${envPrefix}_TOKEN, channelIds: ["${channelId}"], guildId: "${fake.guildId}", timeoutMs: ${timeoutMs}, ${rateYaml} }`);
          accounts.push({ channel, platform, discord: fake });
        } else {
          const fake = await new FakeBlueskyServer().start();
          if (options.fakeLimits?.blueskyWrites !== undefined) fake.writeLimit = options.fakeLimits.blueskyWrites;
          env[`${envPrefix}_APP_PASSWORD`] = fake.account.password ?? '';
          lines.push(
            `  ${channel}:`,
            `    { kind: bluesky, service: "${fake.url}", identifier: "${fake.account.handle}", passwordEnv: ${envPrefix}_APP_PASSWORD, pollSeconds: ${poll}, timeoutMs: ${timeoutMs}, ${rateYaml} }`,
          );
          accounts.push({ channel, platform, bluesky: fake });
        }
      }
    }
    lines.push('channelGroups:', ...ALL_PLATFORMS.filter((p) => groups[p].length > 0).map((p) => `  ${p}: [${groups[p].join(', ')}]`));

    const outbox = { pollIntervalMs: 50, claimBatch: 50, leaseMs: 5_000, sendTimeoutMs: 10_000, maxAttempts: 50, backoffBaseMs: 200, backoffMaxMs: 3_000, ...options.outbox };
    const replies = { authorCooldownSeconds: 0, ...options.replies };
    const service = [
      'outbox:',
      ...Object.entries(outbox).map(([k, v]) => `  ${k}: ${v}`),
      'replies:',
      ...Object.entries(replies).map(([k, v]) => `  ${k}: ${String(v)}`),
    ].join('\n');

    const { dir, configDir } = makeTestConfig({ 'zz-channels.yaml': `${lines.join('\n')}\n`, 'zz-service.yaml': `${service}\n`, 'playbooks/snow.yaml': immediateSnowPlaybook(), ...options.extraYaml });
    const harness = new StormHarness(redis, dir, configDir, options.prefix ?? 'storm:', gateway);
    harness.accounts.push(...accounts);
    Object.assign(harness.env, env);
    return harness;
  }

  get channels(): string[] {
    return this.accounts.map((a) => a.channel);
  }

  account(channel: string): Account {
    const found = this.accounts.find((a) => a.channel === channel);
    if (found === undefined) throw new Error(`no account ${channel}`);
    return found;
  }

  /** The environment a service process needs (store, config, credentials). */
  serviceEnv(instanceId: string): Record<string, string> {
    return { REDIS_URL: this.redis.url, REDIS_PREFIX: this.prefix, CIVICAST_CONFIG_DIR: this.configDir, ADMIN_TOKEN: TOKEN, HTTP_PORT: '0', INSTANCE_ID: instanceId, ...this.env };
  }

  /** The service in this process (startService), on the harness's Redis. */
  async startInProcess(instanceId = 'inproc'): Promise<RunningService> {
    const svc = await startService({ env: testEnv(this.configDir, this.serviceEnv(instanceId)), logger: createLogger({ level: process.env['STORM_LOG'] ?? 'silent' }), runtimeDir: path.join(this.dir, `run-${instanceId}`) });
    this.services.push(svc);
    this.gateway?.add(svc.url as string);
    return svc;
  }

  /** `civicast start` as a child process; resolves once its admin API answers. */
  async spawnService(instanceId: string): Promise<ServiceChild> {
    const cwd = path.join(this.dir, `cwd-${instanceId}`);
    fs.mkdirSync(cwd, { recursive: true });
    const runtime = path.join(cwd, '.civicast', 'admin.json');
    fs.rmSync(runtime, { force: true });
    const child = spawn(process.execPath, [path.resolve('bin/civicast.js'), 'start'], {
      cwd,
      env: { ...process.env, ...this.serviceEnv(instanceId), CIVICAST_FROM_SOURCE: '1', LOG_FORMAT: 'json', LOG_LEVEL: process.env['STORM_LOG'] ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let reconciled = 0;
    const keep = (d: Buffer) => {
      const text = d.toString();
      reconciled += text.split('reconciled an attempt').length - 1;
      tail = (tail + text).slice(-65_536);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited = false;
    child.once('exit', () => (exited = true));
    let url = '';
    await waitFor(
      () => {
        if (exited) throw new Error(`service ${instanceId} exited before it was ready:\n${tail.slice(-4000)}`);
        try {
          const info = JSON.parse(fs.readFileSync(runtime, 'utf8')) as { url: string; pid: number };
          if (info.pid !== child.pid) return false;
          url = info.url;
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      `service ${instanceId} to start`,
    );
    const handle: ServiceChild = { instanceId, child, url, tail: () => tail, reconciled: () => reconciled };
    this.children.push(handle);
    this.gateway?.add(url);
    return handle;
  }

  async kill(child: ServiceChild): Promise<void> {
    await killHard(child.child);
  }

  /** Children spawned so far (killed ones included). */
  get spawned(): readonly ServiceChild[] {
    return this.children;
  }

  /** Admin API call with the bearer token; throws on a non-2xx answer. */
  async api<T>(baseUrl: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** Declares a snow emergency through the admin API; the campaign goes to every channel. */
  async declareSnow(baseUrl: string): Promise<{ id: string }> {
    return this.api<{ id: string }>(baseUrl, 'POST', '/api/emergencies', { type: 'snow' });
  }

  /** A direct store view on the same Redis (counters, outbox), for assertions. */
  store(): RedisStore {
    this.storeHandle ??= new RedisStore({ url: this.redis.url, prefix: this.prefix });
    return this.storeHandle;
  }

  redisClient(): Redis {
    this.rawClient ??= new Redis(this.redis.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    return this.rawClient;
  }

  /** DBSIZE of the storm's Redis. */
  async keyCount(): Promise<number> {
    return this.redisClient().dbsize();
  }

  /** Every outbox post (all statuses), read straight from Redis. */
  async allPosts(): Promise<Post[]> {
    const ids = await this.redisClient().zrange(`${this.prefix}posts`, 0, -1);
    const store = this.store();
    const out: Post[] = [];
    for (let i = 0; i < ids.length; i += 200) {
      const batch = await Promise.all(ids.slice(i, i + 200).map((id) => store.getPost(id)));
      for (const post of batch) if (post !== undefined) out.push(post);
    }
    return out;
  }

  async counters(): Promise<{ answered: number; handoff: number; urgent: number }> {
    const all = await this.store().getCounters('replies.');
    // Possible danger is replied to like urgent danger (the 911 line first, top priority).
    return { answered: all['replies.answered'] ?? 0, handoff: all['replies.handoff'] ?? 0, urgent: (all['replies.urgent'] ?? 0) + (all['replies.possible'] ?? 0) };
  }

  /** A citizen's message mentioning the account behind `channel`, from a fresh author. */
  mention(channel: string, text: string): Mention {
    const account = this.account(channel);
    const n = (this.citizens += 1);
    const createdAt = Date.now();
    if (account.x !== undefined) {
      const user: XUser = account.x.addUser(`citizen${n}`);
      return { channel, id: account.x.addMention(user, text).id, text, createdAt };
    }
    if (account.mastodon !== undefined) {
      return { channel, id: account.mastodon.mention({ from: `citizen${n}`, text }).id, text, createdAt };
    }
    if (account.discord !== undefined) {
      const author = { id: String(555_555_555_000_000_000n + BigInt(n)), username: `citizen${n}` };
      return { channel, id: account.discord.sendMessage({ author, content: text, mentionBot: true }), text, createdAt };
    }
    if (account.facebook !== undefined) {
      const post = [...(account.seeds ?? [])][0] ?? '';
      return { channel, id: account.facebook.comment({ postId: post, from: `Citizen ${n}`, message: text }).id, text, createdAt };
    }
    if (account.instagram !== undefined) {
      const media = [...(account.seeds ?? [])][0] ?? '';
      return { channel, id: account.instagram.comment({ mediaId: media, username: `citizen${n}`, text }).id, text, createdAt };
    }
    if (account.threads !== undefined) return { channel, id: account.threads.mention({ username: `citizen${n}`, text }).id, text, createdAt };
    const fake = account.bluesky as FakeBlueskyServer;
    const user: BskyUser = fake.addUser(`c${String(n).padStart(7, '0')}.storm.test`);
    return { channel, id: fake.citizenPost(user, `@${fake.account.handle} ${text}`).uri, text, createdAt };
  }

  /** 429s the fake behind `channel` sent because its enforced posting window was full. */
  rateLimited(channel: string): number {
    const account = this.account(channel);
    return account.x?.rateLimited ?? account.mastodon?.rateLimited ?? account.bluesky?.rateLimited ?? 0;
  }

  /** The Graph server behind a Meta account (faults, storms, counters), if it is one. */
  graphOf(account: Account): FakeGraphServer | undefined {
    return account.facebook?.graph ?? account.instagram?.graph ?? account.threads?.graph;
  }

  /** Random faults on a share of the account's requests, whatever its platform. */
  stormOn(account: Account, odds: StormOdds): void {
    if (account.x !== undefined) account.x.storm = odds;
    if (account.mastodon !== undefined) account.mastodon.storm = odds;
    if (account.bluesky !== undefined) account.bluesky.storm = odds;
    const graph = this.graphOf(account);
    if (graph !== undefined) graph.storm = odds;
  }

  /** How many requests each storm fault hit on the account. */
  stormHits(account: Account): Partial<Record<StormHit, number>> {
    return account.x?.stormHits ?? account.mastodon?.stormHits ?? account.bluesky?.stormHits ?? this.graphOf(account)?.stormHits ?? {};
  }

  /** Everything the fake behind `channel` accepted from our account, in acceptance order. */
  accepted(channel: string): Accepted[] {
    const account = this.account(channel);
    if (account.x !== undefined) {
      const fake = account.x;
      return fake.posted.map((t, seq) => ({ channel, id: t.id, text: t.text, replyTo: t.in_reply_to_tweet_id, at: fake.acceptedAt.get(t.id) ?? Date.parse(t.created_at), seq }));
    }
    if (account.mastodon !== undefined) {
      const fake = account.mastodon;
      return fake.posted().map((s, seq) => ({ channel, id: s.id, text: s.text, replyTo: s.inReplyToId ?? undefined, at: fake.acceptedAt.get(s.id) ?? Date.parse(s.createdAt), seq }));
    }
    if (account.discord !== undefined) {
      return account.discord.posts.map((p, seq) => ({
        channel,
        id: String(p.message['id']),
        text: String(p.body['content'] ?? ''),
        replyTo: (p.body['message_reference'] as { message_id?: string } | undefined)?.message_id,
        at: Date.parse(String(p.message['timestamp'])),
        seq,
      }));
    }
    const metaOwn = this.metaAccepted(account);
    if (metaOwn !== undefined) return metaOwn.sort((a, b) => a.at - b.at).map((a, seq) => ({ channel, ...a, seq }));
    const fake = account.bluesky as FakeBlueskyServer;
    return fake.ownPosts().map((r, seq) => {
      const reply = r.value['reply'] as { parent?: { uri?: string } } | undefined;
      return { channel, id: r.uri, text: String(r.value['text'] ?? ''), replyTo: reply?.parent?.uri, at: fake.acceptedAt.get(r.uri) ?? Date.parse(r.indexedAt), seq };
    });
  }

  /** Posts and comments a Meta fake accepted from our account (its own earlier posts left out). */
  private metaAccepted(account: Account): Omit<Accepted, 'channel' | 'seq'>[] | undefined {
    const seeds = account.seeds ?? new Set<string>();
    if (account.facebook !== undefined) {
      const fb = account.facebook;
      return [...fb.posted().filter((p) => !seeds.has(p.id)).map((p) => ({ id: p.id, text: p.message, replyTo: undefined, at: p.createdAt })), ...fb.pageComments().map((c) => ({ id: c.id, text: c.message, replyTo: c.parentId ?? c.postId, at: c.createdAt }))];
    }
    if (account.instagram !== undefined) {
      const ig = account.instagram;
      return [...ig.posted().filter((m) => !seeds.has(m.id)).map((m) => ({ id: m.id, text: m.caption, replyTo: undefined, at: m.createdAt })), ...ig.ownComments().map((c) => ({ id: c.id, text: c.text, replyTo: c.parentId ?? c.mediaId, at: c.createdAt }))];
    }
    if (account.threads !== undefined) return account.threads.posted().map((p) => ({ id: p.id, text: p.text, replyTo: p.replyToId ?? undefined, at: p.createdAt }));
    return undefined;
  }

  /** Number of accepted posts replying to `messageId` on `channel`. */
  repliesTo(channel: string, messageId: string): number {
    return this.accepted(channel).filter((a) => a.replyTo === messageId).length;
  }

  /**
   * Matches the fakes against the outbox. For every channel: each part of each sent post is one
   * accepted post, each accepted post is one part of one outbox post (so nothing doubled, nothing
   * invented), and no message got two answers. Returns the problems found (empty = exactly once).
   */
  async verifyExactlyOnce(posts?: Post[]): Promise<string[]> {
    const all = posts ?? (await this.allPosts());
    const problems: string[] = [];
    for (const channel of this.channels) {
      const accepted = this.accepted(channel);
      const byId = new Map<string, number>();
      for (const a of accepted) byId.set(a.id, (byId.get(a.id) ?? 0) + 1);
      const refs = new Map<string, string>();
      for (const post of all.filter((p) => p.channel === channel)) {
        for (const ref of post.sentParts) {
          if (refs.has(ref.id)) problems.push(`${channel}: platform post ${ref.id} recorded for both ${refs.get(ref.id) ?? ''} and ${post.id}`);
          refs.set(ref.id, post.id);
          if (!byId.has(ref.id)) problems.push(`${channel}: ${post.id} records ${ref.id}, which the platform never accepted`);
        }
      }
      for (const a of accepted) {
        if (!refs.has(a.id)) {
          // Either a second copy of a post (a double send) or an accepted post the outbox does not
          // know went out (recorded failed/pending: a staff retry would then double it).
          const twin = accepted.find((b) => b.id !== a.id && b.text === a.text && b.replyTo === a.replyTo);
          const owner = all.find((p) => p.channel === channel && p.status !== 'sent' && ((a.replyTo !== undefined && (p.replyTo?.messageId === a.replyTo || p.sentParts.at(-1)?.id === a.replyTo)) || p.parts.includes(a.text)));
          if (twin !== undefined) problems.push(`${channel}: platform accepted ${a.id} ("${a.text.slice(0, 50)}") twice (also ${twin.id}): a double send`);
          else if (owner !== undefined) problems.push(`${channel}: platform accepted ${a.id} ("${a.text.slice(0, 50)}") but the outbox has ${owner.id} as ${owner.status} (${owner.lastError ?? ''}): a retry would double it`);
          else problems.push(`${channel}: platform accepted ${a.id} ("${a.text.slice(0, 50)}") that no outbox post accounts for`);
        }
      }
      const perTarget = new Map<string, number>();
      const ours = new Set(accepted.map((a) => a.id));
      for (const a of accepted) if (a.replyTo !== undefined && !ours.has(a.replyTo)) perTarget.set(a.replyTo, (perTarget.get(a.replyTo) ?? 0) + 1);
      for (const [target, n] of perTarget) if (n > 1) problems.push(`${channel}: message ${target} was answered ${n} times`);
    }
    return problems;
  }

  /** Stops every service, child, fake and Redis this harness started. */
  async close(): Promise<void> {
    for (const svc of this.services) await svc.close(2_000).catch(() => undefined);
    for (const child of this.children) await killHard(child.child);
    await this.storeHandle?.close().catch(() => undefined);
    this.rawClient?.disconnect();
    for (const account of this.accounts) {
      await account.x?.stop();
      await account.mastodon?.close();
      await account.bluesky?.close();
      await account.discord?.close();
      await account.facebook?.close();
      await account.instagram?.close();
      await account.threads?.close();
    }
    await this.gateway?.close();
    await this.redis.stop();
  }
}

/**
 * The shipped snow playbook with every declare step due at once and no reminders, so a test can
 * wait for the whole campaign (and a reminder at 07:00 or 17:00 cannot add posts mid-test).
 */
export function immediateSnowPlaybook(): string {
  const shipped = fs.readFileSync(path.resolve('config/playbooks/snow.yaml'), 'utf8');
  const immediate = shipped.replace(/offsetMinutes: \d+/g, 'offsetMinutes: 0').replace(/reminders:\n(?: {2}.*\n)+/, 'reminders: []\n');
  if (!immediate.includes('reminders: []')) throw new Error('storm harness: the snow playbook changed shape; update immediateSnowPlaybook');
  return immediate;
}

/** Outbox posts of a campaign (declare phase), by emergency id. */
export function campaignPosts(posts: Post[], emergencyId: string): Post[] {
  return posts.filter((p) => p.id.startsWith(`camp:${emergencyId}:`));
}

/** Polls until every outbox post matching `filter` is final; returns the posts. */
export async function waitForFinal(harness: StormHarness, filter: (p: Post) => boolean, expected: number, timeoutMs: number, what: string): Promise<Post[]> {
  let last: Post[] = [];
  try {
    await waitFor(
      async () => {
        last = (await harness.allPosts()).filter(filter);
        return last.length >= expected && last.every((p) => p.status === 'sent' || p.status === 'failed' || p.status === 'cancelled' || p.status === 'dropped');
      },
      timeoutMs,
      what,
    );
  } catch (error) {
    const open = last.filter((p) => p.status !== 'sent').slice(0, 10).map((p) => `${p.id} ${p.status} ${p.lastError ?? ''}`);
    throw new Error(`${(error as Error).message}: ${last.length}/${expected} posts, not final/sent: ${open.join('; ')}`);
  }
  return last;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
