import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { STAFF_ROLES } from '../roles.js';
import { userName } from './schemas.js';

export const userSetRole = defineCommand({
  name: 'user.set-role',
  summary: 'change a runtime user’s role (takes effect on their next request)',
  role: 'admin',
  input: z.strictObject({ name: userName, role: z.enum(STAFF_ROLES) }),
  async run({ users, actor, now, audit }, input) {
    if (actor.kind === 'user' && actor.name === input.name) throw new AppError('FORBIDDEN', 'another admin must change your own role');
    await users.change(input.name, { role: input.role }, actor.id, now);
    await audit({ action: 'user.set-role', target: input.name, detail: { role: input.role } });
    return { name: input.name, role: input.role };
  },
});
