import { z } from 'zod';
import { defineCommand } from '../command.js';
import { id } from './schemas.js';

export const inboxResolve = defineCommand({
  name: 'inbox.resolve',
  summary: 'mark a message handed to staff as handled without replying',
  role: 'comms',
  input: z.strictObject({ id }),
  run: ({ services, actor }, input) => services.inbox.close(input.id, 'resolved', actor.id),
});
