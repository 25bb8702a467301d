import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { atLeast } from '../roles.js';

export const tokenRevoke = defineCommand({
  name: 'token.revoke',
  summary: 'revoke an API token at once (your own, or any as an admin)',
  role: 'viewer',
  input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{12}$/, 'a token id (12 hex digits)') }),
  async run({ tokens, actor, now, audit }, input) {
    const token = (await tokens.list()).find((t) => t.id === input.id);
    if (token === undefined) throw new AppError('NOT_FOUND', `no token ${input.id}`);
    const own = token.owner.kind === 'user' && actor.kind === 'user' && token.owner.name === actor.name;
    if (!own && !atLeast(actor.role, 'admin')) throw new AppError('FORBIDDEN', 'only an admin may revoke another person’s token');
    const revoked = await tokens.revoke(input.id, actor.id, now);
    await audit({ action: 'token.revoke', target: input.id });
    return revoked;
  },
});
