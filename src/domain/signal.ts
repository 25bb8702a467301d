import type { EmergencyParams, EmergencyType } from './emergency.js';

/** What a feed item means for emergencies, after classification. */
export type SignalAction = 'declare' | 'update' | 'end';

export interface Signal {
  /** Dedupe key: `${feedId}:${itemId}` (item id = guid, CAP identifier, or a hash). */
  id: string;
  feedId: string;
  action: SignalAction;
  type: EmergencyType;
  title: string;
  /** Epoch ms. */
  effectiveAt: number;
  expiresAt?: number;
  /** Keys that tie updates and cancellations to the event they change (CAP references, VTEC ETN). */
  eventKeys: string[];
  params: EmergencyParams;
  /** Take effect at once, or wait for a manager's approval. */
  requiresApproval: boolean;
  /** CAP status Exercise/Test: may only drive drill mode. */
  drill: boolean;
  /** Short neutralised summary from the feed, safe to show staff. */
  summary?: string;
  /** Publication time of the item (epoch ms), for the age guard. */
  publishedAt: number;
}
