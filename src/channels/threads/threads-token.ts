import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelStateStore } from '../channel.js';
import type { GraphApi } from '../graph/graph-api.js';

/** The token chain as kept in channel state (`token`). */
interface SavedToken {
  /** Fingerprint of the env token the chain grew from: a new env token starts a new chain. */
  seed: string;
  /** When this process first used the env token (a token must be a day old to be refreshed). */
  firstSeenAt: number;
  token?: string;
  refreshedAt?: number;
  /** Epoch ms, from the refresh answer's `expires_in`. */
  expiresAt?: number;
}

export const TOKEN_STATE_KEY = 'token';
/** Meta refreshes a long-lived token only once it is at least 24 hours old. */
const MIN_AGE_MS = 24 * 3_600_000;

const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 16);

/**
 * Keeps a Threads long-lived token alive. Tokens last 60 days and can be refreshed once they are
 * a day old (`GET /refresh_access_token?grant_type=th_refresh_token`); a refreshed token lasts 60
 * days from then. The refreshed token is written to channel state before it is used, so every
 * instance and every restart use the newest; the env token only starts the chain, and a new env
 * token (an operator re-authorised) starts a new one.
 */
export class ThreadsToken {
  private saved: SavedToken | undefined;

  constructor(
    private readonly input: { state: ChannelStateStore; envToken: () => string | undefined; now: () => number; refreshEveryMs: number; logger: Logger },
  ) {}

  /** The token to use now: the newest refreshed one of this chain, else the env token. */
  current(): string | undefined {
    const env = this.input.envToken();
    if (env === undefined || env.length === 0) return undefined;
    const saved = this.saved;
    return saved !== undefined && saved.seed === fingerprint(env) && saved.token !== undefined ? saved.token : env;
  }

  /** Reads the chain from state (another instance may have refreshed it). */
  async load(): Promise<void> {
    const env = this.input.envToken();
    if (env === undefined || env.length === 0) return;
    const saved = await this.input.state.get<SavedToken | null>(TOKEN_STATE_KEY);
    if (saved !== null && saved !== undefined && saved.seed === fingerprint(env)) {
      this.saved = saved;
      return;
    }
    this.saved = { seed: fingerprint(env), firstSeenAt: this.input.now() };
    await this.input.state.set(TOKEN_STATE_KEY, this.saved);
  }

  /** Whether a refresh is due: the refreshed token is older than the period, or the env token a day old. */
  due(): boolean {
    const saved = this.saved;
    if (saved === undefined || this.input.refreshEveryMs === 0) return false;
    const now = this.input.now();
    if (saved.refreshedAt !== undefined) return now >= saved.refreshedAt + Math.max(this.input.refreshEveryMs, MIN_AGE_MS) || (saved.expiresAt !== undefined && saved.expiresAt - now < 7 * 86_400_000);
    return now >= saved.firstSeenAt + MIN_AGE_MS;
  }

  /** Refreshes when due; returns whether it did. Failures are thrown (the caller logs and tries later). */
  async refreshIfDue(api: GraphApi): Promise<boolean> {
    await this.load();
    if (!this.due() || this.saved === undefined) return false;
    const answer = await api.call<{ access_token?: string; expires_in?: number }>('read', 'refresh access token', 'GET', '/refresh_access_token', { grant_type: 'th_refresh_token' }, true);
    if (typeof answer.access_token !== 'string' || answer.access_token.length === 0) throw new Error('Threads answered the token refresh without a token');
    const now = this.input.now();
    this.saved = { ...this.saved, token: answer.access_token, refreshedAt: now, ...(typeof answer.expires_in === 'number' ? { expiresAt: now + answer.expires_in * 1000 } : {}) };
    await this.input.state.set(TOKEN_STATE_KEY, this.saved);
    this.input.logger.info({ expiresAt: this.saved.expiresAt === undefined ? undefined : new Date(this.saved.expiresAt).toISOString() }, 'threads token refreshed');
    return true;
  }
}
