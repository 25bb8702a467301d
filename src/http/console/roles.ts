import { STAFF_COMMANDS as C } from '../../staff/commands/all-commands.js';
import type { StaffCommand } from '../../staff/command.js';
import { atLeast, type StaffRole } from '../../staff/roles.js';

export type { StaffRole } from '../../staff/roles.js';

const may = (role: StaffRole, command: StaffCommand) => atLeast(role, command.role);

/**
 * The flags templates use to hide buttons a role may not press. They are read from the staff
 * commands' own roles, so a page never offers what the layer would refuse (and the layer checks
 * again on every POST).
 */
export function permissionsOf(role: StaffRole): Record<'compose' | 'approve' | 'cancel' | 'retry' | 'override' | 'answer' | 'emergencies' | 'audit' | 'pause' | 'users' | 'review', boolean> {
  return {
    compose: may(role, C.postQueue),
    approve: may(role, C.outboxApprove),
    cancel: may(role, C.outboxCancel),
    retry: may(role, C.outboxRetry),
    override: atLeast(role, 'manager'),
    answer: may(role, C.inboxAnswer),
    emergencies: may(role, C.emergencyDeclare),
    audit: atLeast(role, 'manager'),
    pause: may(role, C.postingPause),
    users: may(role, C.userAdd),
    review: may(role, C.translationApprove),
  };
}
