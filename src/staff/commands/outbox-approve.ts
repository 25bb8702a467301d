import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { approvalKind } from '../two-person.js';
import { id } from './schemas.js';

export const outboxApprove = defineCommand({
  name: 'post.approve',
  summary: 'release a post waiting for a second person (its author only with a manager’s emergency override)',
  role: 'comms',
  input: z.strictObject({ id, override: z.boolean().default(false) }),
  async run({ services, actor, audit }, input) {
    const post = await services.outbox.get(input.id);
    if (post === undefined) throw new AppError('NOT_FOUND', `no post with id ${input.id}`);
    if (post.status !== 'pending' || post.awaitingApproval !== true) throw new AppError('CONFLICT', `post ${post.id} is not waiting for approval`);
    if (approvalKind(actor, post.createdBy, input.override, 'post') === 'approve') return services.outbox.approve(post.id, actor.id);
    const updated = await services.store.updateUnclaimed(post.id, { awaitingApproval: false }, services.clock.now());
    if (updated === undefined) throw new AppError('CONFLICT', `post ${post.id} is being sent or no longer exists`);
    await audit({ action: 'post.approve.override', target: post.id, where: post.channel, detail: { reason: 'emergency override of the two-person rule' } });
    return updated;
  },
});
