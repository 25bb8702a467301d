import { AppError } from '../../domain/errors.js';
import type { PlatformFailure } from '../kit/platform-failure.js';
import type { GraphUsage } from './graph-usage.js';

/** The Graph API error object (`{"error": {...}}`), as every Meta API sends it. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

/** An answer from a Graph API that is an error, or that could not be read. */
export class GraphAnswerError extends Error {
  constructor(
    readonly status: number,
    /** The error object; absent when the body was not Graph JSON (a proxy's page, a cut body). */
    readonly body: GraphErrorBody | undefined,
    /** The usage headers of this very answer (throttling errors carry the regain time here). */
    readonly usage: GraphUsage | undefined,
    /** The body could not be read at all. */
    readonly unreadable = false,
  ) {
    super(`Graph answered ${status}${body?.code === undefined ? '' : `, code ${body.code}${body.error_subcode === undefined ? '' : `/${body.error_subcode}`}`}: ${body?.message ?? (unreadable ? 'unreadable body' : 'no error message')}${body?.fbtrace_id === undefined ? '' : ` (fbtrace_id ${body.fbtrace_id})`}`);
    this.name = 'GraphAnswerError';
  }
}

/** Platform throttling codes: 4 app, 17 user, 32 page, 613 custom, 9 Instagram publishing. */
const THROTTLED = new Set([4, 9, 17, 32, 613]);
/** Business-use-case throttling (page, Instagram, ...): the BUC header's regain time is theirs. */
const BUC_THROTTLED = new Set([80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009]);
/** `368`: blocked for going too fast; Meta gives no end time. */
const POLICY_BLOCK_WAIT_MS = 60 * 60_000;

/**
 * Reads a Graph answer as the kit's {@link PlatformFailure} by the error `code` (Meta sets HTTP
 * 400 for most errors, throttling included), so the kit's shared rules apply:
 * - throttling codes are a 429: a business-use-case throttle (800xx) waits its
 *   `estimated_time_to_regain_access` (0 minutes: the budget is back); a platform throttle waits a
 *   regain time only when one is running, else the kit's conservative minute (X-App-Usage names
 *   none); 368 (a temporary block) waits an hour;
 * - 190/102 (token expired, revoked, password changed) and 10/200–299 (permission missing) are
 *   about our credentials: the channel is disabled until a person renews the token;
 * - 506 ("duplicate status message") is a refusal as a repeat, which after an earlier attempt
 *   means "look it up";
 * - 1, 2 and `is_transient` are a passing server failure (a write may have succeeded);
 * - 100 with subcode 33 (no such object) is a 404.
 */
export function describeGraphError(error: unknown, now: number): PlatformFailure | AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof GraphAnswerError)) {
    return { kind: 'network', detail: error instanceof Error ? error.message : String(error), error };
  }
  const { status, body } = error;
  const detail = error.message;
  // A success whose body was cut may hide a stored post; an error page keeps its status.
  if (body === undefined) return status < 300 ? { kind: 'unreadable', detail } : { kind: 'http', status, detail };
  const code = body.code;
  const regainAt = error.usage?.regainAt;
  if (code !== undefined && BUC_THROTTLED.has(code)) return { kind: 'http', status: 429, detail, ...(regainAt === undefined ? {} : { retryAt: Math.max(now, regainAt) }) };
  if (code !== undefined && THROTTLED.has(code)) return { kind: 'http', status: 429, detail, ...(regainAt === undefined || regainAt <= now ? {} : { retryAt: regainAt }) };
  if (code === 368) return { kind: 'http', status: 429, detail, retryAt: now + POLICY_BLOCK_WAIT_MS };
  if (code === 190 || code === 102 || code === 10 || (code !== undefined && code >= 200 && code <= 299)) return { kind: 'http', status: status === 403 ? 403 : 401, detail, auth: true };
  if (code === 506) return { kind: 'http', status, detail, duplicate: true };
  if (code === 1 || code === 2 || body.is_transient === true) return { kind: 'http', status: status >= 500 ? status : 503, detail };
  if (code === 100 && body.error_subcode === 33) return { kind: 'http', status: 404, detail };
  return { kind: 'http', status, detail };
}
