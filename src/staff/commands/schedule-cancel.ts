import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { id } from './schemas.js';

export const scheduleCancel = defineCommand({
  name: 'schedule.cancel',
  summary: 'stop a repeating post added at run time (those from config are changed in config)',
  role: 'comms',
  input: z.strictObject({ id }),
  async run({ services, actor }, input) {
    const schedule = await services.scheduler.get(input.id);
    if (schedule.origin === 'config') throw new AppError('CONFLICT', `schedule ${schedule.id} comes from config; remove it there`);
    await services.scheduler.cancel(schedule.id, actor.id);
    return { cancelled: schedule.id };
  },
});
