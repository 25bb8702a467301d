import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { hashPassword, passwordProblem, verifyPassword } from '../users/password.js';

export const accountChangePassword = defineCommand({
  name: 'account.change-password',
  summary: 'change your own password (runtime users); ends all your sessions, trusted browsers and personal tokens',
  role: 'viewer',
  input: z.strictObject({ current: z.string().max(1000), password: z.string().max(1000) }),
  async run({ users, actor, now, audit }, input) {
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'a service account has no password');
    const user = await users.get(actor.name);
    if (user === undefined) throw new AppError('NOT_FOUND', `no user ${actor.name}`);
    if (user.origin === 'config') throw new AppError('CONFLICT', 'your account is defined in config/staff.yaml: ask an admin to put a new hash there (civicast hash-password)');
    if (!(await verifyPassword(input.current, user.passwordHash))) throw new AppError('FORBIDDEN', 'the current password is wrong');
    const problem = passwordProblem(input.password);
    if (problem !== undefined) throw new AppError('INVALID_INPUT', `password: ${problem}`);
    await users.change(actor.name, { passwordHash: await hashPassword(input.password), endSessions: true }, actor.id, now);
    await audit({ action: 'account.change-password', target: actor.name });
    return { name: actor.name, sessionsEnded: true };
  },
});
