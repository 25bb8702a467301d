/** Staff roles, each including everything the one before it may do. */
export type StaffRole = 'viewer' | 'comms' | 'manager' | 'admin';

const RANK: Record<StaffRole, number> = { viewer: 0, comms: 1, manager: 2, admin: 3 };

/** Every state-changing console action and the least role allowed to do it. */
export const ACTIONS = {
  'post.compose': 'comms',
  'post.approve': 'comms',
  'post.cancel': 'comms',
  'post.retry': 'comms',
  'post.override': 'manager',
  'inbox.answer': 'comms',
  'emergency.manage': 'manager',
  'audit.view': 'manager',
  'outbox.pause': 'admin',
} as const satisfies Record<string, StaffRole>;

export type ConsoleAction = keyof typeof ACTIONS;

export function can(role: StaffRole, action: ConsoleAction): boolean {
  return RANK[role] >= RANK[ACTIONS[action]];
}

/** The flags templates use to hide buttons a role may not press (the server checks again). */
export function permissionsOf(role: StaffRole): Record<'compose' | 'approve' | 'cancel' | 'retry' | 'override' | 'answer' | 'emergencies' | 'audit' | 'pause', boolean> {
  return {
    compose: can(role, 'post.compose'),
    approve: can(role, 'post.approve'),
    cancel: can(role, 'post.cancel'),
    retry: can(role, 'post.retry'),
    override: can(role, 'post.override'),
    answer: can(role, 'inbox.answer'),
    emergencies: can(role, 'emergency.manage'),
    audit: can(role, 'audit.view'),
    pause: can(role, 'outbox.pause'),
  };
}
