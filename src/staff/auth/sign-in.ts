import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { StreamedEntry } from '../audit-trail.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from '../users/password.js';
import type { StaffUser, UserDirectory } from '../users/user-directory.js';
import type { ConsoleSession, SessionStore } from './sessions.js';

const WINDOW_MS = 15 * 60_000;
const GENERATIONS = 'login-generations';
const DEVICES = 'staff-devices';

export interface SignInRequest {
  name: string;
  password: string;
  /** The client's address as the HTTP layer determined it (after `http.trustProxy`). */
  address: string;
  /** The browser's device token from an earlier successful sign-in, if it sent one. */
  device?: string | undefined;
}

export type SignInResult =
  | { ok: true; user: StaffUser; session: { id: string; session: ConsoleSession }; device: string }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'limited'; retryAfterMs: number };

interface Device {
  user: string;
  createdAt: number;
  generation: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Password sign-in with limits an attacker cannot turn against staff:
 * - only failures count: each attempt takes a slot, and a success starts the counters afresh
 *   (a new generation of the key), so staff signing in all day never use up a limit;
 * - from a browser this user signed in from before (a device token, HttpOnly cookie), only that
 *   browser's own failures count: strangers guessing the password, from any number of
 *   addresses, or a shared proxy address, cannot lock the user out there;
 * - from an unknown browser, failures count per user name and per client address: guessing one
 *   password or spraying many names is slowed to the limit per 15 minutes; the worst an attacker
 *   can do is make a new browser wait for the window, never a known one.
 */
export class SignIn {
  constructor(
    private readonly deps: {
      store: Store;
      users: UserDirectory;
      sessions: SessionStore;
      limitPer15Min: number;
      security: (entry: Omit<StreamedEntry, 'stream' | 'at'>) => Promise<void>;
    },
  ) {}

  async attempt(request: SignInRequest, now: number): Promise<SignInResult> {
    const { store, users, limitPer15Min: limit } = this.deps;
    const name = request.name.trim().toLowerCase().slice(0, 100);
    const device = await this.trustedDevice(request.device, name);
    const keys = device !== undefined ? [`login:device:${device.key}:${device.record.generation}`] : [`login:addr:${request.address}:${await this.generation(`addr:${request.address}`)}`, `login:user:${name}:${await this.generation(`user:${name}`)}`];
    for (const key of keys) {
      const slot = await store.takeSlot(key, limit, WINDOW_MS, now);
      if (!slot.taken) {
        await this.deps.security({ actor: 'anonymous', action: 'console.login.limited', target: name, detail: { ip: request.address, knownBrowser: device !== undefined } });
        return { ok: false, reason: 'limited', retryAfterMs: Math.max(60_000, slot.resetAt - now) };
      }
    }
    const user = await users.get(name);
    // Unknown names verify against a dummy hash so timing and message match a wrong password.
    const ok = await verifyPassword(request.password, user?.passwordHash ?? (await dummyHash()));
    if (user === undefined || user.disabled || !ok) {
      await this.deps.security({ actor: 'anonymous', action: 'console.login.failed', target: name, detail: { ip: request.address, knownBrowser: device !== undefined } });
      return { ok: false, reason: 'wrong' };
    }
    // A success starts this user's, this address's and this browser's counts afresh.
    await this.nextGeneration(`user:${name}`);
    await this.nextGeneration(`addr:${request.address}`);
    if (needsRehash(user.passwordHash)) await users.upgradeHash(user.name, await hashPassword(request.password), now);
    let deviceToken = request.device;
    if (device !== undefined) {
      await store.putDoc<Device>(DEVICES, device.key, { ...device.record, generation: device.record.generation + 1 });
    } else {
      deviceToken = randomBytes(32).toString('base64url');
      await store.putDoc<Device>(DEVICES, hashOf(deviceToken), { user: user.name, createdAt: now, generation: 0 });
    }
    const session = await this.deps.sessions.create(user, now);
    await this.deps.security({ actor: `user:${user.name}`, action: 'console.login', detail: { ip: request.address, knownBrowser: device !== undefined } });
    return { ok: true, user, session, device: deviceToken as string };
  }

  /** A device token counts only for the user it was issued to, and only since their last "sign out everywhere". */
  private async trustedDevice(token: string | undefined, name: string): Promise<{ key: string; record: Device } | undefined> {
    if (token === undefined || token.length < 32 || token.length > 100) return undefined;
    const key = hashOf(token);
    const record = await this.deps.store.getDoc<Device>(DEVICES, key);
    if (record === undefined || record.user !== name) return undefined;
    const user = await this.deps.users.get(name);
    if (user === undefined || user.disabled || record.createdAt < user.sessionsNotBefore) return undefined;
    return { key, record };
  }

  private async generation(id: string): Promise<number> {
    return (await this.deps.store.getDoc<{ n: number }>(GENERATIONS, id))?.n ?? 0;
  }

  private async nextGeneration(id: string): Promise<void> {
    await this.deps.store.putDoc(GENERATIONS, id, { n: (await this.generation(id)) + 1 });
  }
}
