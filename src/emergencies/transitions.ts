import type { EmergencyStatus } from '../domain/emergency.js';

/** The emergency state machine: proposed → active → lifted | expired; proposed → rejected | expired. */
const ALLOWED: Readonly<Record<EmergencyStatus, readonly EmergencyStatus[]>> = {
  proposed: ['active', 'rejected', 'expired'],
  active: ['lifted', 'expired'],
  lifted: [],
  expired: [],
  rejected: [],
};

export function canTransition(from: EmergencyStatus, to: EmergencyStatus): boolean {
  return ALLOWED[from].includes(to);
}
