import { z } from 'zod';
import { defineCommand } from '../command.js';
import { id } from './schemas.js';

export const outboxCancel = defineCommand({
  name: 'post.cancel',
  summary: 'cancel a pending or failed post',
  role: 'comms',
  input: z.strictObject({ id }),
  run: ({ services, actor }, input) => services.outbox.cancel(input.id, actor.id),
});
