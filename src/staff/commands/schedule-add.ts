import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { needsSecondPerson } from '../two-person.js';
import { defineCommand, type CommandContext } from '../command.js';
import { channelNames, epoch } from './schemas.js';

export const scheduleInput = z.strictObject({
  /** Unset: a fresh id is made. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - or _ (at most 64)').optional(),
  cron: z.string().min(9).max(100),
  timeZone: z.string().max(64).optional(),
  channels: channelNames,
  text: z.string().trim().min(1, 'write the post text').max(5000),
  priority: z.enum(['routine', 'emergency']).default('routine'),
  /** No occurrence before this (epoch ms). */
  startsAt: epoch.optional(),
});
export type ScheduleInput = z.output<typeof scheduleInput>;

/** Adds a runtime schedule under the two-person rule; shared by add and edit. */
export async function addStaffSchedule(ctx: CommandContext, input: ScheduleInput, idPrefix: string) {
  const { services, actor } = ctx;
  const awaitingApproval = needsSecondPerson(services.config.staff.twoPersonRule, actor);
  // The scheduler checks the cron, zone and channels, and audits `schedule.add` with this actor.
  return services.scheduler.add({
    id: input.id ?? `${idPrefix}-${randomBytes(5).toString('hex')}`,
    cron: input.cron,
    timeZone: input.timeZone ?? services.config.city.timeZone,
    channels: input.channels,
    text: input.text,
    priority: input.priority,
    createdBy: actor.id,
    ...(awaitingApproval ? { awaitingApproval: true } : {}),
    ...(input.startsAt === undefined ? {} : { startsAt: input.startsAt }),
  });
}

export const scheduleAdd = defineCommand({
  name: 'schedule.add',
  summary: 'add a repeating post (cron in a time zone; waits for a second person under the two-person rule)',
  role: 'comms',
  input: scheduleInput,
  run: (ctx, input) => addStaffSchedule(ctx, input, ctx.actor.via),
});
