import { isIP } from 'node:net';
import { z } from 'zod';
import { feedsConfigSchema } from '../feeds/feed-config.js';
import { citySchema, locale, timeZone } from './city-schema.js';

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" or "_"');

/** Fields every channel has; adapter-specific options are checked by the adapter's own schema. */
export const channelCommonSchema = z.looseObject({
  /** A key of the channel registry; checked against this build's kinds by `validateChannelOptions`. */
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a channel kind such as console or file'),
  enabled: z.boolean().default(true),
  /** Render, count and log, but never send. */
  dryRun: z.boolean().default(false),
  /** A test channel: drills (CAP Exercise/Test) post here and only here. */
  drill: z.boolean().default(false),
  /** Languages this channel posts in, a subset of city.languages.served; default: every language the playbook posts in. */
  locales: z.array(locale).optional(),
  /**
   * `separate`: one post per topic and language. `thread`: one post per topic holding the
   * languages as parts of one thread (the default language first), as many per part as the
   * platform's length allows: fewer posts on a budget-limited account.
   */
  languageMode: z.enum(['separate', 'thread']).default('separate'),
  /** Whether citizens' messages on this channel get auto-replies. */
  replies: z.boolean().default(true),
  /**
   * Put the short "automated reply" marker (`labels.replies.automated` in `locales/<lang>.yaml`,
   * in the reply's language) before every automatic reply on this channel; counted in the length.
   */
  automatedReplyMarker: z.boolean().default(false),
  rateLimit: z
    .strictObject({
      perMinute: z.number().int().positive().default(30),
      perHour: z.number().int().positive().optional(),
    })
    .default({ perMinute: 30 }),
  /** Platform post budget, e.g. X's free tier: 17 posts a day. */
  budget: z
    .strictObject({
      perDay: z.number().int().positive(),
      /** Posts kept for danger replies and emergency posts: answers and routine posts wait when only these remain. */
      reserveForEmergency: z.number().int().nonnegative().default(0),
    })
    .refine((b) => b.reserveForEmergency <= b.perDay, { message: 'must not be more than budget.perDay', path: ['reserveForEmergency'] })
    .optional(),
  /**
   * Share of every window (per minute, per hour, per day) that only danger replies may use:
   * ceil(limit × share) slots, always leaving at least one for everyone else. 0 turns it off.
   */
  dangerReserveShare: z.number().min(0).max(0.5).default(0.1),
});

export const scheduleSchema = z.strictObject({
  id: name,
  /** Cron expression (5 or 6 fields), in `timeZone`. */
  cron: z.string().min(9),
  timeZone: timeZone.optional(),
  channels: z.array(z.string()).min(1),
  text: z.string().min(1).max(5000),
  locale: locale.optional(),
  enabled: z.boolean().default(true),
});

/** How long one audit stream keeps entries; unset fields keep the defaults (domain/audit.ts). */
const auditRetentionSchema = z.strictObject({
  days: z.number().positive().max(36_500).optional(),
  maxEntries: z.number().int().positive().max(100_000_000).optional(),
});

/** Audit log streams and their retention: a flood of sign-in failures must not push staff actions out. */
export const auditSchema = z
  .strictObject({
    retention: z
      .strictObject({
        staff: auditRetentionSchema.optional(),
        security: auditRetentionSchema.optional(),
        delivery: auditRetentionSchema.optional(),
        system: auditRetentionSchema.optional(),
      })
      .prefault({}),
  })
  .prefault({});

const staffRole = z.enum(['viewer', 'comms', 'manager', 'admin']);

/** Staff console users and rules. Password hashes come from `civicast hash-password` (scrypt). */
export const staffSchema = z
  .strictObject({
    users: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z0-9._-]{2,40}$/, 'a lower-case login name'),
          role: staffRole,
          /** As printed by `civicast hash-password` (`$argon2id$...`; older `scrypt$N$r$p$salt$hash` still work and are upgraded at sign-in). */
          passwordHash: z.string().regex(/^(scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+|\$argon2id\$v=\d+\$[mtp]=\d+,[mtp]=\d+,[mtp]=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+)$/, 'a hash from `civicast hash-password`'),
          /** Chat members who are this person (`<channel kind>:<member id>`): their staff commands act as this user, with this role. */
          chatIds: z.array(z.string().regex(/^[a-z][a-z0-9-]{0,30}:[A-Za-z0-9_.-]{1,64}$/, 'a chat member as <channel kind>:<member id>')).default([]),
        }),
      )
      .default([]),
    sessionHours: z.number().positive().max(24 * 14).default(12),
    /** A post or campaign written by one comms user goes out only after another approves it. */
    twoPersonRule: z.boolean().default(false),
    /** The composer warns above this reading grade (Flesch-Kincaid). */
    readabilityMaxGrade: z.number().positive().default(8),
    /**
     * Failed sign-ins allowed in 15 minutes per user name and per address (from browsers this user
     * has not signed in from before), and per known browser. Successes do not count and reset them.
     */
    loginAttemptsPer15Min: z.number().int().positive().default(10),
    /** Set the Secure flag on cookies (turn off only for plain-HTTP local testing). */
    secureCookies: z.boolean().default(true),
  })
  .prefault({});

/** What fastify's trustProxy (proxy-addr) accepts as one entry; anything else would fail start-up later. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

export const configSchema = z.strictObject({
  city: citySchema,
  channels: z.record(name, channelCommonSchema).refine((c) => Object.keys(c).length > 0, 'at least one channel'),
  channelGroups: z.record(name, z.array(name)).default({}),
  http: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      publicBaseUrl: z.url().optional(),
      bodyLimitBytes: z.number().int().positive().default(1_048_576),
      /**
       * Behind a reverse proxy: which proxies to believe about the client's address and scheme
       * (X-Forwarded-For/-Proto): false (direct), true (any), or the proxies' addresses/CIDRs.
       * Sign-in rate limits count per client address, so behind a proxy this must be set.
       */
      trustProxy: z.union([z.boolean(), z.array(z.string().refine(isProxyAddress, 'an IP address, a CIDR range (10.0.0.0/8), or loopback / linklocal / uniquelocal')).min(1)]).default(false),
      /** Public pages rebuild their view at most this often (an emergency change shows at once); 0 = every request. */
      statusCacheSeconds: z.number().min(0).max(300).default(5),
      /** Host names (optionally host:port) absolute links may follow when `publicBaseUrl` is unset; loopback always may. */
      allowedHosts: z.array(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'a host name such as status.city.gov, optionally with :port')).default([]),
      /** A request (headers and body) must arrive within this; a slow client is cut off (408). */
      requestTimeoutSeconds: z.number().positive().max(600).default(30),
      /** At shutdown, requests still running after this are cut off, so no client can hold up the stop. */
      shutdownGraceSeconds: z.number().min(0).max(60).default(3),
      /** Serve `/api` and `/metrics` on their own listener (e.g. 127.0.0.1:9090) and not on the public port. */
      adminListener: z.strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535) }).optional(),
    })
    .prefault({}),
  outbox: z
    .strictObject({
      pollIntervalMs: z.number().int().min(10).default(250),
      claimBatch: z.number().int().min(1).max(500).default(20),
      leaseMs: z.number().int().min(1000).default(60_000),
      sendTimeoutMs: z.number().int().min(100).default(20_000),
      maxAttempts: z.number().int().min(1).default(8),
      backoffBaseMs: z.number().int().min(10).default(1000),
      backoffMaxMs: z.number().int().min(10).default(300_000),
      /** A routine post held back by a budget longer than this is dropped with a logged reason. */
      routineMaxDelayMinutes: z.number().int().min(1).default(360),
      /** Final posts (sent, failed, cancelled) are kept this long for history. */
      retentionDays: z.number().int().min(1).default(14),
    })
    .prefault({}),
  emergencies: z
    .strictObject({
      /** Emergencies declared by feeds wait for a manager unless a rule says otherwise. */
      feedsRequireApproval: z.boolean().default(true),
      /** How long a proposal waits before it expires. */
      proposalTtlHours: z.number().positive().default(12),
    })
    .prefault({}),
  replies: z
    .strictObject({
      enabled: z.boolean().default(true),
      threshold: z.number().min(0).max(1).default(0.55),
      authorCooldownSeconds: z.number().int().min(0).default(60),
      threadReplyCap: z.number().int().min(1).default(3),
      maxMessageAgeMinutes: z.number().int().min(1).default(120),
      blockedAuthors: z.array(z.string()).default([]),
      /** Accounts whose messages are never answered (the city's own department accounts). */
      ownAccounts: z.array(z.string()).default([]),
      /**
       * Days each resident message's record (its text, the decision, the topic and answer version)
       * is kept for public-records requests (`civicast records export`); then it is deleted.
       */
      recordRetentionDays: z.number().int().min(1).max(3650).default(365),
    })
    .prefault({}),
  schedules: z.array(scheduleSchema).default([]),
  feeds: feedsConfigSchema,
  staff: staffSchema,
  audit: auditSchema,
});

export type CivicastConfig = z.infer<typeof configSchema>;
export type ChannelConfig = z.infer<typeof channelCommonSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type { CityConfig } from './city-schema.js';
export { citySchema };
