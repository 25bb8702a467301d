import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { postInput, queueStaffPost } from './post-queue.js';
import { id } from './schemas.js';

export const postEdit = defineCommand({
  name: 'post.edit',
  summary: 'replace a pending staff post with new text (the new one waits for approval again under the two-person rule)',
  role: 'comms',
  input: postInput.extend({ replaces: id }),
  async run(ctx, input) {
    const { services, actor } = ctx;
    const old = await services.outbox.get(input.replaces);
    if (old === undefined) throw new AppError('NOT_FOUND', `no post with id ${input.replaces}`);
    // Only staff-written posts: campaign posts, replies and schedule occurrences are changed at their source.
    if (!old.id.startsWith('post:') || old.status !== 'pending') throw new AppError('CONFLICT', `post ${old.id} is not a pending staff post and cannot be edited`);
    // Cancelled first: if it is being sent right now this refuses, and nothing new is queued.
    await services.outbox.cancel(old.id, actor.id);
    const { replaces, ...post } = input;
    return queueStaffPost(ctx, post, 'post.edit', replaces);
  },
});
