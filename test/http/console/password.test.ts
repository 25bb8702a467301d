import { describe, expect, it } from 'vitest';
import { staffSchema } from '../../../src/config/schema.js';
import { hashPassword, verifyPassword } from '../../../src/staff/users/password.js';

describe('console passwords', () => {
  it('hashes in the scrypt$N$r$p$salt$hash format the config accepts, and verifies', async () => {
    const hash = await hashPassword('plow the routes first');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(() => staffSchema.parse({ users: [{ name: 'maria', role: 'comms', passwordHash: hash }] })).not.toThrow();
    expect(await verifyPassword('plow the routes first', hash)).toBe(true);
    expect(await verifyPassword('plow the routes first ', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('never matches malformed or hostile stored hashes', async () => {
    const good = await hashPassword('x');
    const parts = good.split('$');
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', good.replace('scrypt', 'bcrypt'))).toBe(false);
    expect(await verifyPassword('x', ['scrypt', String(1 << 30), ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('x', [...parts.slice(0, 5), 'AAAA'].join('$'))).toBe(false);
  });
});
