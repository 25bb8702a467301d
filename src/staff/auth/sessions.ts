import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { StaffUser } from '../users/user-directory.js';

export const SESSION_COOKIE = 'civicast_session';
const COLLECTION = 'console-sessions';

export interface ConsoleSession {
  user: string;
  csrf: string;
  createdAt: number;
  expiresAt: number;
  /** The user's credential stamp at sign-in: a new password in config ends the session. */
  credentialStamp?: string;
}

/** Only a hash of the cookie value is stored, so a copy of the store cannot be replayed as a login. */
function keyOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * Server-side console sessions in the shared store, so every instance and a restart keep them.
 * Whether a session still counts (user disabled, password changed, "sign out everywhere") is
 * decided against the user record on every request, by `StaffActions.actorForSession`.
 */
export class SessionStore {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
  ) {}

  async create(user: StaffUser, now: number): Promise<{ id: string; session: ConsoleSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = { user: user.name, csrf: newToken(), createdAt: now, expiresAt: now + this.ttlMs, credentialStamp: user.credentialStamp };
    await this.store.putDoc(COLLECTION, keyOf(id), session);
    return { id, session };
  }

  async get(id: string | undefined, now: number): Promise<ConsoleSession | undefined> {
    if (id === undefined || id.length < 32 || id.length > 100) return undefined;
    const session = await this.store.getDoc<ConsoleSession>(COLLECTION, keyOf(id));
    if (session === undefined) return undefined;
    if (session.expiresAt <= now) {
      await this.store.deleteDoc(COLLECTION, keyOf(id));
      return undefined;
    }
    return session;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id !== undefined) await this.store.deleteDoc(COLLECTION, keyOf(id));
  }
}
