import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import argon2 from 'argon2';

/**
 * Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane): memory-hard like scrypt at a
 * seventh of the memory of scrypt's recommended N=2^17, so a burst of sign-ins cannot take the
 * process's memory. Stored in the PHC string, so the cost can be raised and old hashes upgraded.
 */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** At most this many hashes are computed at once (each takes 19 MiB and a libuv thread). */
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const normalize = (password: string) => password.normalize('NFKC');

/** `$argon2id$v=19$m=19456,p=1,t=2$<salt>$<hash>`, the format config/staff.yaml expects. */
export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(normalize(password), ARGON2));
}

/** Whether a stored hash is weaker than what `hashPassword` makes now (and should be replaced at sign-in). */
export function needsRehash(stored: string): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    return argon2.needsRehash(stored, { memoryCost: ARGON2.memoryCost, timeCost: ARGON2.timeCost, parallelism: ARGON2.parallelism });
  } catch {
    return true;
  }
}

/** Constant-time check of either format; a malformed stored hash simply never matches. */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    const params = /^\$argon2id\$v=\d+\$([mtp]=\d+(?:,[mtp]=\d+){2})\$/.exec(stored)?.[1];
    if (params === undefined) return Promise.resolve(false);
    const value = (key: string) => Number(new RegExp(`${key}=(\\d+)`).exec(params)?.[1] ?? Infinity);
    // Bounds keep a hostile config value from making each sign-in burn seconds or gigabytes.
    if (value('m') > 1 << 20 || value('t') > 20 || value('p') > 16) return Promise.resolve(false);
    return limited(() => argon2.verify(stored, normalize(password)).catch(() => false));
  }
  return limited(() => verifyScrypt(password, stored));
}

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(normalize(password), salt, keyLength, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

/** The format before argon2id: `scrypt$N$r$p$<salt b64url>$<hash b64url>`. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!Number.isInteger(n) || n < 2 || n > 1 << 20 || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || expected.length < 16) return false;
  const actual = await derive(password, salt, { N: n, r, p, maxmem: 256 * n * r + 64 * 1024 * 1024 }, expected.length);
  return timingSafeEqual(actual, expected);
}

/** The old scrypt format, for tests of the upgrade path and for verifying old hashes. */
export async function hashPasswordScryptLegacy(password: string, n = 16384): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: n, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, 32);
  return `scrypt$${n}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * A hash to verify against when the user name is unknown, so that case costs the same time as a
 * wrong password and the response does not reveal which names exist.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString('hex'));
  return dummy;
}

/** Staff passwords: long enough to resist guessing; a few random words work well. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'use at least 12 characters (a few random words work well)';
  if (password.length > 1000) return 'use at most 1000 characters';
  return undefined;
}
