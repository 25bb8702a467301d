import { createHash } from 'node:crypto';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { IClientSettings } from 'twitter-api-v2';
import { AppError } from '../../domain/errors.js';
import type { ChannelDeps } from '../channel.js';
import type { XOptions } from './x-options.js';

/** The OAuth 2 token pair as kept in channel state ('oauth2'). */
export interface StoredOAuth2 {
  accessToken: string;
  /** Empty when X issued no refresh token (app lacks `offline.access`). */
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Fingerprint of the env refresh token this chain grew from: a new env token starts a new chain. */
  seed: string;
}

export const OAUTH2_STATE_KEY = 'oauth2';
/** Refresh this long before X's stated expiry, so a call never races the deadline. */
const EXPIRY_MARGIN_MS = 60_000;

/** One authenticated client for the life of the channel; OAuth 2 refreshes it in place. */
export interface XSession {
  /** Runs one API call with a current client; with OAuth 2 it refreshes on expiry and once on 401. */
  run<T>(call: (client: TwitterApi) => Promise<T>): Promise<T>;
  /** Non-secret id of the credentials, to tell whether a cached account id still applies. */
  readonly fingerprint: string;
}

export function fingerprintOf(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

function requireSecret(deps: ChannelDeps, env: string, what: string): string {
  const value = deps.secret(env);
  if (value === undefined || value.trim() === '') {
    throw new AppError('AUTH_FAILED', `X ${what} missing: set the environment variable ${env}`, { retryable: false });
  }
  return value.trim();
}

/** Throws AUTH_FAILED naming the first credential variable the chosen auth scheme lacks. */
export function checkSecrets(options: XOptions, deps: ChannelDeps): void {
  if (options.auth === 'oauth1') {
    requireSecret(deps, options.appKeyEnv, 'app key');
    requireSecret(deps, options.appSecretEnv, 'app secret');
    requireSecret(deps, options.accessTokenEnv, 'access token');
    requireSecret(deps, options.accessSecretEnv, 'access secret');
    return;
  }
  requireSecret(deps, options.clientIdEnv, 'OAuth 2 client id');
  requireSecret(deps, options.refreshTokenEnv, 'OAuth 2 refresh token');
}

/**
 * Builds the session. OAuth 2 may call the token endpoint here (no stored pair yet, or it expired),
 * so this can fail like any API call.
 */
export async function openSession(options: XOptions, deps: ChannelDeps, settings: Partial<IClientSettings>, onAuthFailed: (reason: string) => void): Promise<XSession> {
  if (options.auth === 'oauth1') {
    const appKey = requireSecret(deps, options.appKeyEnv, 'app key');
    const client = new TwitterApi(
      {
        appKey,
        appSecret: requireSecret(deps, options.appSecretEnv, 'app secret'),
        accessToken: requireSecret(deps, options.accessTokenEnv, 'access token'),
        accessSecret: requireSecret(deps, options.accessSecretEnv, 'access secret'),
      },
      settings,
    );
    const id = fingerprintOf(`${appKey}:${deps.secret(options.accessTokenEnv) ?? ''}`);
    return { fingerprint: id, run: (call) => call(client) };
  }
  const clientId = requireSecret(deps, options.clientIdEnv, 'OAuth 2 client id');
  const clientSecret = deps.secret(options.clientSecretEnv)?.trim();
  const envRefresh = requireSecret(deps, options.refreshTokenEnv, 'OAuth 2 refresh token');
  const session = new OAuth2Session(
    new TwitterApi(clientSecret === undefined || clientSecret === '' ? { clientId } : { clientId, clientSecret }, settings),
    settings,
    envRefresh,
    fingerprintOf(clientId),
    deps,
    options.refreshTokenEnv,
    onAuthFailed,
  );
  await session.init();
  return session;
}

/**
 * OAuth 2 user context. X refresh tokens are single-use: each refresh spends the old one and
 * returns a new pair, so the new pair is written to state BEFORE it is used. Losing it would lock
 * the channel out until someone re-authorises. Refreshes are single-flight for the same reason.
 */
class OAuth2Session implements XSession {
  private tokens: StoredOAuth2;
  private client: TwitterApi | undefined;
  private refreshing: Promise<TwitterApi> | undefined;
  /** Set once X refuses the refresh token: nothing can work until an operator re-authorises. */
  private dead: AppError | undefined;

  constructor(
    private readonly appClient: TwitterApi,
    private readonly settings: Partial<IClientSettings>,
    envRefresh: string,
    readonly fingerprint: string,
    private readonly deps: ChannelDeps,
    private readonly refreshTokenEnv: string,
    private readonly onAuthFailed: (reason: string) => void,
  ) {
    this.tokens = { accessToken: '', refreshToken: envRefresh, expiresAt: 0, seed: fingerprintOf(envRefresh) };
  }

  async init(): Promise<void> {
    const stored = await this.deps.state.get<StoredOAuth2>(OAUTH2_STATE_KEY);
    // A stored pair from the same seed is newer than the env token, which has been spent.
    if (stored !== undefined && stored.seed === this.tokens.seed) this.tokens = stored;
    await this.current();
  }

  async run<T>(call: (client: TwitterApi) => Promise<T>): Promise<T> {
    const client = await this.current();
    try {
      return await call(client);
    } catch (error) {
      // 401 means the request was refused before any effect, so one retry after a refresh is safe.
      if (!(error instanceof ApiResponseError) || error.code !== 401) throw error;
      return call(await this.refresh(client));
    }
  }

  private async current(): Promise<TwitterApi> {
    if (this.dead !== undefined) throw this.dead;
    if (this.tokens.expiresAt - EXPIRY_MARGIN_MS > this.deps.clock.now()) {
      // A pair restored from state is good as it is: no token call on restart.
      return this.client ?? this.use(new TwitterApi(this.tokens.accessToken, this.settings));
    }
    return this.refresh(this.client);
  }

  private refresh(failed: TwitterApi | undefined): Promise<TwitterApi> {
    // A concurrent caller already refreshed past the client that failed for us.
    if (this.client !== undefined && this.client !== failed && this.refreshing === undefined) return Promise.resolve(this.client);
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<TwitterApi> {
    if (this.dead !== undefined) throw this.dead;
    const now = this.deps.clock.now();
    // Another instance sharing the state may have refreshed: its pair is now the only valid one.
    const stored = await this.deps.state.get<StoredOAuth2>(OAUTH2_STATE_KEY);
    if (stored !== undefined && stored.seed === this.tokens.seed && stored.refreshToken !== this.tokens.refreshToken) {
      this.tokens = stored;
      if (stored.expiresAt - EXPIRY_MARGIN_MS > now) return this.use(new TwitterApi(stored.accessToken, this.settings));
    }
    if (this.tokens.refreshToken === '') {
      return this.fail('X issued no refresh token (the app needs the offline.access scope)');
    }
    let result: Awaited<ReturnType<TwitterApi['refreshOAuth2Token']>>;
    try {
      result = await this.appClient.refreshOAuth2Token(this.tokens.refreshToken);
    } catch (error) {
      if (error instanceof ApiResponseError && (error.code === 400 || error.code === 401)) {
        const reason = (error.data as { error?: unknown } | undefined)?.error;
        return this.fail(`X refused the OAuth 2 refresh token (${typeof reason === 'string' ? reason : error.code})`);
      }
      throw error;
    }
    const next: StoredOAuth2 = {
      accessToken: result.accessToken,
      refreshToken: result.refreshToken ?? '',
      expiresAt: now + result.expiresIn * 1000,
      seed: this.tokens.seed,
    };
    // The old refresh token is spent now; if this write fails the channel cannot refresh again.
    await this.deps.state.set(OAUTH2_STATE_KEY, next);
    this.tokens = next;
    this.deps.logger.info({ expiresAt: new Date(next.expiresAt).toISOString() }, 'X OAuth 2 token refreshed');
    return this.use(result.client);
  }

  private use(client: TwitterApi): TwitterApi {
    this.client = client;
    return client;
  }

  private fail(reason: string): never {
    this.dead = new AppError('AUTH_FAILED', `${reason}; re-authorise the app and set ${this.refreshTokenEnv}`, { retryable: false });
    this.onAuthFailed(this.dead.message);
    throw this.dead;
  }
}
