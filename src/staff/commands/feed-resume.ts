import { z } from 'zod';
import { defineCommand } from '../command.js';

export const feedResume = defineCommand({
  name: 'feed.resume',
  summary: 'resume a feed the runaway guard paused',
  role: 'manager',
  input: z.strictObject({ id: z.string().min(1).max(100) }),
  async run({ services, audit }, input) {
    await services.resumeFeed(input.id);
    await audit({ action: 'feed.resume', target: input.id });
    return { resumed: input.id };
  },
});
