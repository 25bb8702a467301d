import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { userName } from './schemas.js';

export const userDisable = defineCommand({
  name: 'user.disable',
  summary: 'disable a runtime user at once: sessions, trusted browsers and tokens stop working',
  role: 'admin',
  input: z.strictObject({ name: userName }),
  async run({ users, actor, now, audit }, input) {
    if (actor.kind === 'user' && actor.name === input.name) throw new AppError('FORBIDDEN', 'another admin must disable your account');
    await users.change(input.name, { disabled: true, endSessions: true }, actor.id, now);
    await audit({ action: 'user.disable', target: input.name });
    return { name: input.name, disabled: true };
  },
});
