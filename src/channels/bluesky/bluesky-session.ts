import { AtpAgent } from '@atproto/api';
import type { AtpSessionData, AtpSessionEvent } from '@atproto/api';
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.js';
import type { ChannelStateStore } from '../channel.js';
import { blueskyAppError } from './bluesky-errors.js';

/** What we keep under the `session` state key; null once the PDS said the session is dead. */
export interface SavedSession {
  service: string;
  identifier: string;
  data: AtpSessionData;
}

export interface SessionKeeperOptions {
  service: string;
  identifier: string;
  password: string;
  timeoutMs: number;
  state: ChannelStateStore;
  logger: Logger;
  now: () => number;
}

/**
 * Owns the AtpAgent and its session. Bluesky allows only about 100 createSession calls a day per
 * account, so the session (access + refresh JWT) is persisted on every change the agent reports
 * and resumed on start; a fresh login happens only when no usable session is stored.
 */
export class SessionKeeper {
  readonly agent: AtpAgent;
  /** Serialises state writes so an older session never overwrites a newer one. */
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: SessionKeeperOptions) {
    this.agent = new AtpAgent({
      service: options.service,
      fetch: timeoutFetch(options.timeoutMs),
      persistSession: (event, session) => this.persist(event, session),
    });
  }

  get did(): string | undefined {
    return this.agent.session?.did;
  }

  get handle(): string | undefined {
    return this.agent.session?.handle;
  }

  /** Resumes the stored session, or logs in when there is none or the PDS refuses it. */
  async open(): Promise<void> {
    const saved = await this.options.state.get<SavedSession | null>('session');
    if (saved && saved.service === this.options.service && saved.identifier === this.options.identifier) {
      try {
        await this.agent.resumeSession(saved.data);
        this.options.logger.info({ did: saved.data.did, handle: saved.data.handle }, 'bluesky session resumed');
        await this.flush();
        return;
      } catch (error) {
        const mapped = blueskyAppError(error, 'read', this.options.now());
        // Only a refused refresh token justifies spending one of the day's logins; a network
        // failure would fail the login too.
        if (mapped.code !== 'AUTH_FAILED' && mapped.code !== 'REJECTED') throw mapped;
        this.options.logger.warn({ code: mapped.code }, 'bluesky stored session refused, logging in again');
      }
    }
    try {
      await this.agent.login({ identifier: this.options.identifier, password: this.options.password });
    } catch (error) {
      await this.flush();
      const mapped = blueskyAppError(error, 'read', this.options.now());
      if (mapped.code === 'REJECTED') {
        throw new AppError('AUTH_FAILED', `bluesky login refused: ${mapped.message}`, { retryable: false, cause: error });
      }
      throw mapped;
    }
    this.options.logger.info({ did: this.did, handle: this.handle }, 'bluesky logged in');
    await this.flush();
  }

  /** Waits until every session change reported so far is stored. */
  flush(): Promise<void> {
    return this.writes;
  }

  private persist(event: AtpSessionEvent, session: AtpSessionData | undefined): void {
    let value: SavedSession | null | undefined;
    if ((event === 'create' || event === 'update') && session) {
      value = { service: this.options.service, identifier: this.options.identifier, data: { ...session } };
    } else if (event === 'expired' || event === 'create-failed') {
      value = null;
    }
    // 'network-error' keeps the stored session: it is still valid, the PDS was just unreachable.
    if (value === undefined) return;
    const toStore = value;
    this.writes = this.writes
      .then(() => this.options.state.set('session', toStore))
      .catch((error: unknown) => {
        this.options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'bluesky session not saved');
      });
  }
}

/**
 * The agent has no request timeout of its own; a hung PDS would block the dispatcher forever.
 * The agent calls fetch with either (Request) or (URL, init), so the signal is merged from both.
 */
function timeoutFetch(timeoutMs: number): typeof globalThis.fetch {
  return (input, init) => {
    const signals: AbortSignal[] = [AbortSignal.timeout(timeoutMs)];
    if (init?.signal) signals.push(init.signal);
    else if (input instanceof Request) signals.push(input.signal);
    return globalThis.fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}
