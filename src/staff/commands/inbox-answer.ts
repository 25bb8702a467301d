import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { needsSecondPerson } from '../two-person.js';
import { defineCommand } from '../command.js';
import { id } from './schemas.js';

export const inboxAnswer = defineCommand({
  name: 'inbox.answer',
  summary: 'answer a message handed to staff (a reply through the outbox; waits for a second person under the two-person rule)',
  role: 'comms',
  input: z.strictObject({ id, text: z.string().trim().min(1, 'write the answer').max(5000) }),
  async run({ services, actor, audit }, input) {
    const item = await services.inbox.get(input.id);
    if (item.status === 'resolved') throw new AppError('CONFLICT', `inbox item ${item.id} is already resolved`);
    const awaitingApproval = needsSecondPerson(services.config.staff.twoPersonRule, actor);
    // Urgent only for someone in danger: an answer to an ordinary question must not jump the danger replies.
    const priority = item.urgent ? 'urgent' : 'emergency';
    // One staff answer per item (its outbox id): a form sent twice posts once, the second finds it.
    const posted = await services.replies.staffReply(item, input.text, actor.id, { awaitingApproval, priority });
    if (!posted) return { item, awaitingApproval: false, posted };
    const closed = await services.inbox.close(item.id, 'answered', actor.id);
    await audit({ action: 'inbox.answer', target: item.id, where: item.channel, detail: { awaitingApproval, priority } });
    return { item: closed, awaitingApproval, posted };
  },
});
