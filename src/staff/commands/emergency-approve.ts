import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { isAuthor } from '../actor.js';
import { defineCommand } from '../command.js';
import { id } from './schemas.js';

export const emergencyApprove = defineCommand({
  name: 'emergency.approve',
  summary: 'approve a proposed emergency (not one you proposed yourself)',
  role: 'manager',
  input: z.strictObject({ id }),
  async run({ services, actor }, input) {
    const emergency = await services.emergencies.get(input.id);
    // A proposal asked for a second person; its proposer approving it would defeat that.
    if (emergency.status === 'proposed' && isAuthor(actor, emergency.history[0]?.by)) {
      throw new AppError('FORBIDDEN', 'someone other than the proposer must approve this emergency');
    }
    return services.emergencies.approve(input.id, actor.id);
  },
});
