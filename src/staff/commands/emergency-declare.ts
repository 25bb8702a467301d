import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { emergencyParams, epoch } from './schemas.js';

export const emergencyDeclare = defineCommand({
  name: 'emergency.declare',
  summary: 'declare an emergency (or propose it for approval) and start its campaign',
  role: 'manager',
  input: z.strictObject({
    type: z.string().min(1).max(40),
    params: emergencyParams.default({}),
    title: z.string().trim().min(1).max(200).optional(),
    expiresAt: epoch.optional(),
    requiresApproval: z.boolean().default(false),
    drill: z.boolean().default(false),
  }),
  async run({ services, actor }, input) {
    if (!services.emergencyTypes().includes(input.type)) throw new AppError('INVALID_INPUT', `unknown emergency type "${input.type}"`);
    // The emergency service audits the transition with this actor.
    return services.emergencies.declare({
      type: input.type,
      params: input.params,
      actor: actor.id,
      requiresApproval: input.requiresApproval,
      drill: input.drill,
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
    });
  },
});
