import { z } from 'zod';
import { defineCommand } from '../command.js';
import { id } from './schemas.js';

export const outboxRetry = defineCommand({
  name: 'post.retry',
  summary: 'put a failed, dropped or cancelled post back in the queue (one waiting for approval still waits)',
  role: 'comms',
  input: z.strictObject({ id }),
  run: ({ services, actor }, input) => services.outbox.retry(input.id, actor.id),
});
