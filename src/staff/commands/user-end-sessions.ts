import { z } from 'zod';
import { defineCommand } from '../command.js';
import { userName } from './schemas.js';

export const userEndSessions = defineCommand({
  name: 'user.end-sessions',
  summary: 'sign a user out everywhere (config or runtime user): sessions, trusted browsers, personal tokens',
  role: 'admin',
  input: z.strictObject({ name: userName }),
  async run({ users, actor, now, audit }, input) {
    await users.endSessions(input.name, actor.id, now);
    await audit({ action: 'user.end-sessions', target: input.name });
    return { name: input.name, sessionsEnded: true };
  },
});
