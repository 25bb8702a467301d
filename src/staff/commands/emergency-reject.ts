import { z } from 'zod';
import { defineCommand } from '../command.js';
import { id, reason } from './schemas.js';

export const emergencyReject = defineCommand({
  name: 'emergency.reject',
  summary: 'reject a proposed emergency',
  role: 'manager',
  input: z.strictObject({ id, reason }),
  run: ({ services, actor }, input) => services.emergencies.reject(input.id, actor.id, input.reason),
});
