import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';

export const accountSignOutEverywhere = defineCommand({
  name: 'account.sign-out-everywhere',
  summary: 'end all your own sessions, trusted browsers and personal tokens (this one too)',
  role: 'viewer',
  input: z.strictObject({}),
  async run({ users, actor, now, audit }) {
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'a service account has no sessions; revoke its token instead');
    await users.endSessions(actor.name, actor.id, now);
    await audit({ action: 'account.sign-out-everywhere', target: actor.name });
    return { name: actor.name, sessionsEnded: true };
  },
});
