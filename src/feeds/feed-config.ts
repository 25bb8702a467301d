import { z } from 'zod';

const paramValue = z.union([z.string(), z.number(), z.boolean()]);

/** A classification rule: which items mean what. The first matching rule wins. */
export const ruleSchema = z.strictObject({
  /** CAP/NWS event names, matched case-insensitively, e.g. "Winter Storm Warning". */
  events: z.array(z.string().min(1)).default([]),
  /** A regular expression tested on title + summary (case-insensitive), for city announcements. */
  pattern: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p, 'i');
        return true;
      } catch {
        return false;
      }
    }, 'a valid regular expression')
    .optional(),
  type: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Fixed action; by default CAP msgType and the VTEC action decide (NEW → declare, CON/EXT… → update, CAN/EXP → end). */
  action: z.enum(['declare', 'update', 'end']).optional(),
  /** Wait for a manager's approval (default: emergencies.feedsRequireApproval). */
  requiresApproval: z.boolean().optional(),
  params: z.record(z.string(), paramValue).default({}),
});

export const sourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  /** http(s) URL, or `file:relative/or/absolute/path`. */
  url: z.string().refine((u) => /^(https?:\/\/|file:)/.test(u), 'an http(s) URL or file:PATH'),
  /** rss covers RSS 2.0 and Atom (including NWS CAP Atom); nws-json is the NWS alerts API; cap a single CAP document; json a JSON Feed. */
  format: z.enum(['rss', 'nws-json', 'cap', 'json']),
  enabled: z.boolean().default(true),
  pollSeconds: z.number().int().min(5).default(120),
  /** Only alerts for these zones/counties (UGC, FIPS6 or SAME codes) or whose areaDesc contains one of `areaContains`. Empty = everything. */
  area: z
    .strictObject({
      codes: z.array(z.string()).default([]),
      areaContains: z.array(z.string()).default([]),
    })
    .default({ codes: [], areaContains: [] }),
  /** Rules for this source; falls back to the shared `feeds.rules`. */
  rules: z.array(ruleSchema).optional(),
  /** A new feed must not re-announce history: items present on its first poll are only remembered. */
  ignoreExistingOnFirstPoll: z.boolean().default(true),
  /** Items published longer ago than this never trigger anything (0 = no limit). */
  maxItemAgeMinutes: z.number().int().min(0).default(720),
  /** More signals than this in an hour pauses the feed with an alarm (runaway protection). */
  maxSignalsPerHour: z.number().int().min(1).default(10),
  /** CAP Exercise/Test alerts: `drill` drives drill mode (drill channels only), `ignore` drops them. */
  drills: z.enum(['drill', 'ignore']).default('drill'),
});

export const feedsConfigSchema = z
  .strictObject({
    /** Sent with every request; the NWS API requires a contact. */
    userAgent: z.string().min(5).default('civicast/0.1 (set feeds.userAgent to your contact e-mail)'),
    timeoutMs: z.number().int().min(100).default(15_000),
    maxBytes: z.number().int().min(1024).default(5_000_000),
    /** Stale when no successful poll for this many intervals. */
    staleAfterPolls: z.number().int().min(1).default(3),
    maxBackoffSeconds: z.number().int().min(1).default(1800),
    sources: z.array(sourceSchema).default([]),
    rules: z.array(ruleSchema).default([]),
  })
  .prefault({});

export type FeedsConfig = z.infer<typeof feedsConfigSchema>;
export type FeedSource = z.infer<typeof sourceSchema>;
export type FeedRule = z.infer<typeof ruleSchema>;
