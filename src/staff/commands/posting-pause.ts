import { z } from 'zod';
import { defineCommand } from '../command.js';
import { reason } from './schemas.js';

export const postingPause = defineCommand({
  name: 'outbox.pause',
  summary: 'stop ALL outgoing posts on every channel and instance until resumed',
  role: 'admin',
  input: z.strictObject({ reason }),
  async run({ services, actor, now, audit }, input) {
    const state = await services.pause.set(true, actor.id, now, input.reason);
    await audit({ action: 'outbox.pause', ...(input.reason === undefined ? {} : { detail: { reason: input.reason } }) });
    return state;
  },
});
