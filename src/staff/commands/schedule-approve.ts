import { z } from 'zod';
import { defineCommand } from '../command.js';
import { approvalKind } from '../two-person.js';
import { id } from './schemas.js';

export const scheduleApprove = defineCommand({
  name: 'schedule.approve',
  summary: 'start a repeating post waiting for a second person (its author only with a manager’s emergency override)',
  role: 'comms',
  input: z.strictObject({ id, override: z.boolean().default(false) }),
  async run({ services, actor }, input) {
    const schedule = await services.scheduler.get(input.id);
    const kind = approvalKind(actor, schedule.createdBy, input.override, 'repeating post');
    return services.scheduler.approve(schedule.id, actor.id, kind === 'override' ? 'schedule.approve.override' : 'schedule.approve');
  },
});
