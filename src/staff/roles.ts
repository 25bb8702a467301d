/** Staff roles, each including everything the one before it may do. */
export type StaffRole = 'viewer' | 'comms' | 'manager' | 'admin';

export const STAFF_ROLES = ['viewer', 'comms', 'manager', 'admin'] as const satisfies readonly StaffRole[];

const RANK: Record<StaffRole, number> = { viewer: 0, comms: 1, manager: 2, admin: 3 };

/** Whether `role` includes `least`. */
export function atLeast(role: StaffRole, least: StaffRole): boolean {
  return RANK[role] >= RANK[least];
}
