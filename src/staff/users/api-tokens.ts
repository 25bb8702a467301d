import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { Store } from '../../store/store.js';
import type { StaffRole } from '../roles.js';

const COLLECTION = 'staff-tokens';

/** Whom a token acts as: a staff user (with the user's current role) or a named service account. */
export type TokenOwner = { kind: 'user'; name: string } | { kind: 'service'; name: string; role: StaffRole };

export interface ApiToken {
  /** Public part of the token, shown in lists and the audit log. */
  id: string;
  label: string;
  owner: TokenOwner;
  createdAt: number;
  createdBy: string;
  revokedAt?: number;
  revokedBy?: string;
}

interface StoredToken extends ApiToken {
  /** SHA-256 of the secret part; the secret itself is shown once and never stored. */
  secretHash: string;
}

const PREFIX = 'cvc_';
const hash = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Bearer tokens for the admin API and the CLI, each bound to a person or a service account.
 * A token is `cvc_<id>_<secret>`: the id finds it, the secret (32 random bytes, so a fast hash
 * suffices) proves it. Revoking is immediate on every instance (the store is shared).
 */
export class ApiTokens {
  constructor(private readonly store: Store) {}

  async create(label: string, owner: TokenOwner, by: string, now: number): Promise<{ token: string; record: ApiToken }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: StoredToken = { id, label, owner, createdAt: now, createdBy: by, secretHash: hash(secret).toString('hex') };
    if (!(await this.store.putDocIfAbsent(COLLECTION, id, record))) throw new AppError('CONFLICT', 'token id collision; try again');
    return { token: `${PREFIX}${id}_${secret}`, record: publicPart(record) };
  }

  async list(): Promise<ApiToken[]> {
    return (await this.store.listDocs<StoredToken>(COLLECTION)).map(publicPart).sort((a, b) => a.createdAt - b.createdAt);
  }

  async revoke(id: string, by: string, now: number): Promise<ApiToken> {
    const stored = await this.store.getDoc<StoredToken>(COLLECTION, id);
    if (stored === undefined) throw new AppError('NOT_FOUND', `no token ${id}`);
    const revoked: StoredToken = { ...stored, revokedAt: stored.revokedAt ?? now, revokedBy: stored.revokedBy ?? by };
    await this.store.putDoc(COLLECTION, id, revoked);
    return publicPart(revoked);
  }

  /** The live token a bearer value proves, or undefined (unknown, malformed, revoked or wrong secret). */
  async verify(bearer: string): Promise<ApiToken | undefined> {
    const match = /^cvc_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(bearer);
    if (match === null) return undefined;
    const stored = await this.store.getDoc<StoredToken>(COLLECTION, match[1] as string);
    if (stored === undefined || stored.revokedAt !== undefined) return undefined;
    const expected = Buffer.from(stored.secretHash, 'hex');
    const given = hash(match[2] as string);
    return expected.length === given.length && timingSafeEqual(expected, given) ? publicPart(stored) : undefined;
  }
}

function publicPart(stored: StoredToken): ApiToken {
  const { secretHash: _secret, ...rest } = stored;
  return rest;
}
