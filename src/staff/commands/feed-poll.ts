import { z } from 'zod';
import { defineCommand } from '../command.js';

export const feedPoll = defineCommand({
  name: 'feed.poll',
  summary: 'poll a feed now (its signals may declare or update emergencies)',
  role: 'manager',
  input: z.strictObject({ id: z.string().min(1).max(100) }),
  async run({ services, audit }, input) {
    const result = await services.pollFeed(input.id);
    await audit({ action: 'feed.poll', target: input.id, detail: { status: result.status, signals: result.signals } });
    return result;
  },
});
