import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { atLeast, STAFF_ROLES } from '../roles.js';
import { userName } from './schemas.js';

export const tokenCreate = defineCommand({
  name: 'token.create',
  summary: 'make an API token for yourself, or (admins) for another user or a named service account; shown once',
  role: 'viewer',
  input: z.strictObject({
    label: z.string().trim().min(1).max(100),
    /** A user's personal token (default: yourself). */
    user: userName.optional(),
    /** A service account's token, with its own role. */
    service: z.strictObject({ name: userName, role: z.enum(STAFF_ROLES) }).optional(),
  }),
  async run({ users, tokens, actor, now, audit }, input) {
    if (input.user !== undefined && input.service !== undefined) throw new AppError('INVALID_INPUT', 'a token is for a user or a service account, not both');
    const forSelf = input.service === undefined && (input.user === undefined || (actor.kind === 'user' && input.user === actor.name));
    if (!forSelf && !atLeast(actor.role, 'admin')) throw new AppError('FORBIDDEN', 'only an admin may make tokens for others or for service accounts');
    if (forSelf && actor.kind !== 'user' && input.user === undefined) throw new AppError('INVALID_INPUT', 'name the user or service account the token is for');
    const owner = input.service !== undefined ? ({ kind: 'service', name: input.service.name, role: input.service.role } as const) : ({ kind: 'user', name: input.user ?? actor.name } as const);
    if (owner.kind === 'user' && (await users.get(owner.name)) === undefined) throw new AppError('NOT_FOUND', `no user ${owner.name}`);
    const { token, record } = await tokens.create(input.label, owner, actor.id, now);
    await audit({ action: 'token.create', target: record.id, detail: { label: record.label, owner: `${owner.kind}:${owner.name}`, ...(owner.kind === 'service' ? { role: owner.role } : {}) } });
    return { token, ...record };
  },
});
