import { describe, expect, it } from 'vitest';
import { staffSchema } from '../../../src/config/schema.js';
import { hashPassword, hashPasswordScryptLegacy, needsRehash, verifyPassword } from '../../../src/staff/users/password.js';

describe('staff passwords', () => {
  it('hashes with argon2id at OWASP’s parameters, in the format the config accepts, and verifies', async () => {
    const hash = await hashPassword('plow the routes first');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(() => staffSchema.parse({ users: [{ name: 'maria', role: 'comms', passwordHash: hash }] })).not.toThrow();
    expect(await verifyPassword('plow the routes first', hash)).toBe(true);
    expect(await verifyPassword('plow the routes first ', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('still verifies the old scrypt hashes, and marks them for an upgrade', async () => {
    const old = await hashPasswordScryptLegacy('plow the routes first');
    expect(() => staffSchema.parse({ users: [{ name: 'maria', role: 'comms', passwordHash: old }] })).not.toThrow();
    expect(await verifyPassword('plow the routes first', old)).toBe(true);
    expect(await verifyPassword('plow the routes', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('never matches malformed or hostile stored hashes', async () => {
    const good = await hashPassword('x');
    const old = await hashPasswordScryptLegacy('x');
    const parts = old.split('$');
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', old.replace('scrypt', 'bcrypt'))).toBe(false);
    expect(await verifyPassword('x', ['scrypt', String(1 << 30), ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('x', [...parts.slice(0, 5), 'AAAA'].join('$'))).toBe(false);
    // A hostile cost in config must not make a sign-in burn gigabytes.
    expect(await verifyPassword('x', good.replace('m=19456', 'm=99999999'))).toBe(false);
    expect(await verifyPassword('x', good.replace('$argon2id$', '$argon2i$'))).toBe(false);
    expect(await verifyPassword('x', good.slice(0, -10))).toBe(false);
  });
});
