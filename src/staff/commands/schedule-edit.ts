import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { addStaffSchedule, scheduleInput } from './schedule-add.js';
import { id } from './schemas.js';

export const scheduleEdit = defineCommand({
  name: 'schedule.edit',
  summary: 'replace a repeating post added at run time: the new one is made first, then the old one stops',
  role: 'comms',
  input: scheduleInput.omit({ id: true }).extend({ replaces: id }),
  async run(ctx, input) {
    const { services, actor } = ctx;
    const old = await services.scheduler.get(input.replaces);
    // Config schedules are the deployment's; an edit (which stops the old one) would delete them.
    if (old.origin === 'config') throw new AppError('CONFLICT', `schedule ${old.id} comes from config; change it there`);
    const { replaces, ...schedule } = input;
    // The new schedule exists before the old one goes: an edit never leaves a gap with neither.
    const created = await addStaffSchedule(ctx, schedule, actor.via);
    await services.scheduler.cancel(replaces, actor.id);
    await ctx.audit({ action: 'schedule.edit', target: created.id, detail: { replaces } });
    return created;
  },
});
