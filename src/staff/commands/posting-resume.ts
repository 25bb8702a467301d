import { z } from 'zod';
import { defineCommand } from '../command.js';

export const postingResume = defineCommand({
  name: 'outbox.resume',
  summary: 'resume outgoing posts after a pause',
  role: 'admin',
  input: z.strictObject({}),
  async run({ services, actor, now, audit }) {
    const state = await services.pause.set(false, actor.id, now);
    await audit({ action: 'outbox.resume' });
    return state;
  },
});
