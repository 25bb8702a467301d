import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { atLeast } from '../roles.js';
import { needsSecondPerson } from '../two-person.js';
import { defineCommand, type CommandContext } from '../command.js';
import { channelNames, epoch, postText } from './schemas.js';

export const postInput = z.strictObject({
  text: postText,
  channels: channelNames,
  /** Epoch ms; unset = now. */
  at: epoch.optional(),
  priority: z.enum(['routine', 'emergency', 'urgent']).default('routine'),
  /** Shown in the audit entry (the console's reading grade). */
  readabilityGrade: z.number().min(0).max(100).optional(),
});
export type PostInput = z.output<typeof postInput>;

/** Queues a staff post on its channels under the two-person rule; shared by queue and edit. */
export async function queueStaffPost(ctx: CommandContext, input: PostInput, action: 'post.create' | 'post.edit', replaces?: string) {
  const { services, actor } = ctx;
  // `urgent` goes ahead of danger replies to residents: only managers may put a post there.
  if (input.priority === 'urgent' && !atLeast(actor.role, 'manager')) throw new AppError('FORBIDDEN', 'only a manager or admin may queue a post at urgent priority');
  const awaitingApproval = needsSecondPerson(services.config.staff.twoPersonRule, actor);
  const posts = services.composePosts({ text: input.text, channels: input.channels, priority: input.priority, actor: actor.id, awaitingApproval, ...(input.at === undefined ? {} : { at: input.at }) });
  const created = await services.outbox.enqueueAll(posts);
  await ctx.audit({
    action,
    target: posts.map((p) => p.id).join(','),
    detail: { channels: input.channels, at: input.at === undefined ? null : new Date(input.at).toISOString(), priority: input.priority, awaitingApproval, ...(input.readabilityGrade === undefined ? {} : { readabilityGrade: input.readabilityGrade }), ...(replaces === undefined ? {} : { replaces }) },
  });
  return { created, awaitingApproval, posts: posts.map((p) => ({ id: p.id, channel: p.channel, parts: p.parts.length, dueAt: p.dueAt })) };
}

export const postQueue = defineCommand({
  name: 'post.create',
  summary: 'queue a post on channels or groups, now or at a time (waits for a second person under the two-person rule)',
  role: 'comms',
  input: postInput,
  run: (ctx, input) => queueStaffPost(ctx, input, 'post.create'),
});
