import { AppError } from '../domain/errors.js';
import { isAuthor, type Actor } from './actor.js';
import { atLeast } from './roles.js';

/**
 * The two-person rule (`staff.twoPersonRule`): what a comms user (or a comms service account)
 * publishes waits for someone else's approval; managers and admins publish directly.
 */
export function needsSecondPerson(twoPersonRule: boolean, actor: Actor): boolean {
  return twoPersonRule && !atLeast(actor.role, 'manager');
}

/**
 * Who may release something waiting for approval: anyone but its author; the author only with
 * the manager's audited emergency override. Returns whether this approval is an override.
 */
export function approvalKind(actor: Actor, createdBy: string | undefined, override: boolean, what: string): 'approve' | 'override' {
  if (!isAuthor(actor, createdBy)) return 'approve';
  if (!override) throw new AppError('FORBIDDEN', `someone other than the author must approve this ${what}`);
  if (!atLeast(actor.role, 'manager')) throw new AppError('FORBIDDEN', `only a manager or admin may release their own ${what} (emergency override)`);
  return 'override';
}
