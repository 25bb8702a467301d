import { createHash } from 'node:crypto';
import type { CivicastConfig } from '../../config/schema.js';
import { AppError } from '../../domain/errors.js';
import type { Store } from '../../store/store.js';
import type { StaffRole } from '../roles.js';

const COLLECTION = 'staff-users';

/** A staff user as the staff layer sees it, whichever of the two places defines them. */
export interface StaffUser {
  name: string;
  role: StaffRole;
  /** `config`: `staff.users` in config/*.yaml (changed only there); `runtime`: added by an admin. */
  origin: 'config' | 'runtime';
  disabled: boolean;
  chatIds: readonly string[];
  /** The hash to verify a password against (an upgraded one once the user has signed in). */
  passwordHash: string;
  /** Sessions, trusted browsers and personal tokens made before this are void. */
  sessionsNotBefore: number;
  /**
   * Changes when the password is replaced outside the service (a new hash in config): sessions
   * remember it, so editing a config user's hash and restarting signs them out everywhere.
   */
  credentialStamp: string;
}

/** What the store keeps per user: the whole record for runtime users, state only for config users. */
interface StoredUser {
  name: string;
  origin: 'config' | 'runtime';
  role?: StaffRole;
  passwordHash?: string;
  /** Config users: the config hash this upgraded `passwordHash` belongs to (void once config changes). */
  upgradedFrom?: string;
  disabled?: boolean;
  chatIds?: string[];
  sessionsNotBefore?: number;
  createdAt: number;
  createdBy: string;
  updatedAt?: number;
  updatedBy?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/**
 * Config users and runtime users side by side. Config users are the deployment's own (and the
 * way to bootstrap): their role, password, Discord ids and existence come from config only, so
 * a config change always wins and nothing at runtime can lock the city out of its own accounts.
 * Runtime users are added, changed and disabled by admins (console, CLI, API) and live in the
 * store. A name is one or the other: a runtime user cannot take a config user's name, and a
 * name added to config later shadows the runtime record.
 */
export class UserDirectory {
  constructor(
    private readonly store: Store,
    private readonly config: CivicastConfig['staff'],
  ) {}

  private configUser(name: string) {
    return this.config.users.find((u) => u.name === name);
  }

  async get(name: string): Promise<StaffUser | undefined> {
    const stored = await this.store.getDoc<StoredUser>(COLLECTION, name);
    const fromConfig = this.configUser(name);
    if (fromConfig !== undefined) {
      const stamp = digest(fromConfig.passwordHash);
      const upgraded = stored?.upgradedFrom === stamp ? stored.passwordHash : undefined;
      return {
        name,
        role: fromConfig.role,
        origin: 'config',
        disabled: false,
        chatIds: fromConfig.chatIds,
        passwordHash: upgraded ?? fromConfig.passwordHash,
        sessionsNotBefore: stored?.sessionsNotBefore ?? 0,
        credentialStamp: stamp,
      };
    }
    if (stored === undefined || stored.origin !== 'runtime' || stored.role === undefined || stored.passwordHash === undefined) return undefined;
    return {
      name,
      role: stored.role,
      origin: 'runtime',
      disabled: stored.disabled === true,
      chatIds: stored.chatIds ?? [],
      passwordHash: stored.passwordHash,
      sessionsNotBefore: stored.sessionsNotBefore ?? 0,
      credentialStamp: 'runtime',
    };
  }

  async list(): Promise<StaffUser[]> {
    const names = new Set([...this.config.users.map((u) => u.name), ...(await this.store.listDocs<StoredUser>(COLLECTION)).map((u) => u.name)]);
    const users = await Promise.all([...names].map((n) => this.get(n)));
    return users.filter((u): u is StaffUser => u !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The enabled user a chat member (`<channel kind>:<member id>`) is linked to. */
  async byChatId(id: string): Promise<StaffUser | undefined> {
    return (await this.list()).find((u) => !u.disabled && u.chatIds.includes(id));
  }

  async add(user: { name: string; role: StaffRole; passwordHash: string; chatIds: string[] }, by: string, now: number): Promise<void> {
    if (this.configUser(user.name) !== undefined) throw new AppError('CONFLICT', `user ${user.name} is defined in config; change it there`);
    const existing = await this.store.getDoc<StoredUser>(COLLECTION, user.name);
    if (existing?.origin === 'runtime') throw new AppError('CONFLICT', `user ${user.name} exists`);
    // A config user's old state record (same name, since removed from config) is replaced.
    await this.store.putDoc<StoredUser>(COLLECTION, user.name, { ...user, origin: 'runtime', createdAt: now, createdBy: by, sessionsNotBefore: now });
  }

  /** Changes a runtime user; config users are refused with a message naming config. */
  async change(name: string, change: Partial<Pick<StoredUser, 'role' | 'passwordHash' | 'disabled' | 'chatIds'>> & { endSessions?: boolean }, by: string, now: number): Promise<void> {
    if (this.configUser(name) !== undefined) throw new AppError('CONFLICT', `user ${name} is defined in config (config/staff.yaml); change it there`);
    const existing = await this.store.getDoc<StoredUser>(COLLECTION, name);
    if (existing?.origin !== 'runtime') throw new AppError('NOT_FOUND', `no user ${name}`);
    const { endSessions, ...fields } = change;
    await this.store.putDoc<StoredUser>(COLLECTION, name, { ...existing, ...fields, updatedAt: now, updatedBy: by, ...(endSessions === true ? { sessionsNotBefore: now } : {}) });
  }

  /** Ends every session, trusted browser and personal token of a user, config or runtime. */
  async endSessions(name: string, by: string, now: number): Promise<void> {
    const user = await this.get(name);
    if (user === undefined) throw new AppError('NOT_FOUND', `no user ${name}`);
    const existing = await this.store.getDoc<StoredUser>(COLLECTION, name);
    const base: StoredUser = existing ?? { name, origin: user.origin, createdAt: now, createdBy: by };
    await this.store.putDoc<StoredUser>(COLLECTION, name, { ...base, sessionsNotBefore: now, updatedAt: now, updatedBy: by });
  }

  /** Replaces a weak hash after a successful sign-in with the same password, hashed as today. */
  async upgradeHash(name: string, newHash: string, now: number): Promise<void> {
    const fromConfig = this.configUser(name);
    const existing = await this.store.getDoc<StoredUser>(COLLECTION, name);
    if (fromConfig !== undefined) {
      const base: StoredUser = existing ?? { name, origin: 'config', createdAt: now, createdBy: 'system' };
      await this.store.putDoc<StoredUser>(COLLECTION, name, { ...base, origin: 'config', passwordHash: newHash, upgradedFrom: digest(fromConfig.passwordHash) });
      return;
    }
    if (existing?.origin === 'runtime') await this.store.putDoc<StoredUser>(COLLECTION, name, { ...existing, passwordHash: newHash });
  }
}
