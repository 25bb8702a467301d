import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { STAFF_ROLES } from '../roles.js';
import { hashPassword, passwordProblem } from '../users/password.js';
import { chatIds, userName } from './schemas.js';

export const userAdd = defineCommand({
  name: 'user.add',
  summary: 'add a staff user (kept in the store; users in config/staff.yaml are changed there)',
  role: 'admin',
  input: z.strictObject({ name: userName, role: z.enum(STAFF_ROLES), password: z.string().max(1000), chatIds }),
  async run({ users, actor, now, audit }, input) {
    const problem = passwordProblem(input.password);
    if (problem !== undefined) throw new AppError('INVALID_INPUT', `password: ${problem}`);
    await users.add({ name: input.name, role: input.role, passwordHash: await hashPassword(input.password), chatIds: input.chatIds }, actor.id, now);
    await audit({ action: 'user.add', target: input.name, detail: { role: input.role, chatIds: input.chatIds } });
    return { name: input.name, role: input.role };
  },
});
