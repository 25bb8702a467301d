import { z } from 'zod';
import { defineCommand } from '../command.js';
import { emergencyParams, id } from './schemas.js';

export const emergencyUpdate = defineCommand({
  name: 'emergency.update',
  summary: 'change the parameters of an open emergency (posts the playbook’s update)',
  role: 'manager',
  input: z.strictObject({ id, params: emergencyParams.default({}) }),
  run: ({ services, actor }, input) => services.emergencies.update(input.id, { params: input.params, actor: actor.id }),
});
