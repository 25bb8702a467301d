import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { reason } from './schemas.js';

export const emergencyLift = defineCommand({
  name: 'emergency.lift',
  summary: 'end an emergency: cancels its pending posts and posts the all-clear',
  role: 'manager',
  input: z.strictObject({ id: z.string().min(1).max(300).optional(), type: z.string().min(1).max(40).optional(), reason }),
  async run({ services, actor }, input) {
    if (input.id === undefined && input.type === undefined) throw new AppError('INVALID_INPUT', 'name the emergency to lift (id or type)');
    const open = await services.emergencies.findOpen({ ...(input.id === undefined ? {} : { id: input.id }), ...(input.type === undefined ? {} : { type: input.type }) });
    return services.emergencies.lift(open.id, actor.id, input.reason);
  },
});
