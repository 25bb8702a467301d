/** Emergency types the default config knows; config may add more (any lowercase word). */
export type EmergencyType = string;

export type EmergencyStatus = 'proposed' | 'active' | 'lifted' | 'expired' | 'rejected';

/** Parameters a playbook and FAQ answers read, e.g. `trashDelayDays`, `towRoutes`, `garageRate`. */
export type EmergencyParams = Record<string, string | number | boolean>;

export interface EmergencyTransition {
  at: number;
  from: EmergencyStatus | null;
  to: EmergencyStatus;
  by: string;
  reason?: string;
}

export interface Emergency {
  id: string;
  type: EmergencyType;
  status: EmergencyStatus;
  /** Human title, e.g. "Snow emergency" or the NWS headline. */
  title: string;
  /** Epoch ms it takes (took) effect. */
  effectiveAt: number;
  /** Epoch ms it ends by itself unless updated, if known. */
  expiresAt?: number;
  params: EmergencyParams;
  /** `feed:<feedId>:<itemId>` or `user:<name>` or `cli`. */
  source: string;
  /** External references that identify the same event (NWS alert ids, VTEC event tracking numbers). */
  externalKeys: string[];
  /** Drill (CAP Exercise/Test): posts go to the test channels only. */
  drill: boolean;
  createdAt: number;
  updatedAt: number;
  /** Increments on every update, so campaign update posts get distinct idempotency keys. */
  revision: number;
  history: EmergencyTransition[];
}

export function isOpen(status: EmergencyStatus): boolean {
  return status === 'proposed' || status === 'active';
}
