import { z } from 'zod';
import { defineCommand } from '../command.js';
import { userName } from './schemas.js';

export const userEnable = defineCommand({
  name: 'user.enable',
  summary: 'enable a disabled runtime user again (they sign in afresh)',
  role: 'admin',
  input: z.strictObject({ name: userName }),
  async run({ users, actor, now, audit }, input) {
    await users.change(input.name, { disabled: false }, actor.id, now);
    await audit({ action: 'user.enable', target: input.name });
    return { name: input.name, disabled: false };
  },
});
