import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { hashPassword, passwordProblem } from '../users/password.js';
import { userName } from './schemas.js';

export const userSetPassword = defineCommand({
  name: 'user.set-password',
  summary: 'set a runtime user’s password; ends all their sessions, trusted browsers and personal tokens',
  role: 'admin',
  input: z.strictObject({ name: userName, password: z.string().max(1000) }),
  async run({ users, actor, now, audit }, input) {
    const problem = passwordProblem(input.password);
    if (problem !== undefined) throw new AppError('INVALID_INPUT', `password: ${problem}`);
    await users.change(input.name, { passwordHash: await hashPassword(input.password), endSessions: true }, actor.id, now);
    await audit({ action: 'user.set-password', target: input.name });
    return { name: input.name, sessionsEnded: true };
  },
});
