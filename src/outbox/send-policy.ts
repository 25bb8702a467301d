import type { ChannelConfig } from '../config/schema.js';
import { PRIORITY_RANK, type Post, type Priority } from '../domain/post.js';
import type { SlotWindow, Store } from '../store/store.js';

/** Slots taken for one send, to give back if the send definitely did not happen. */
export interface SendSlot {
  windows: SlotWindow[];
  takenAt: number;
}

export type SlotDecision =
  | { ok: true; slot: SendSlot }
  /** Try again at `retryAt` (the refusing window's reset); `reason` is logged. */
  | { ok: false; retryAt: number; reason: string };

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Slots of a window of `limit` that only danger replies may use: ceil(limit × share), always
 * leaving at least one slot for everyone else.
 */
export function dangerReserve(limit: number, share: number): number {
  if (share <= 0 || limit <= 1) return 0;
  return Math.min(limit - 1, Math.ceil(limit * share));
}

/**
 * The windows a post of `priority` must fit in on `channel`. Every class counts on the same
 * counters, but with a smaller limit the lower it ranks: answers, routine and campaign posts stop
 * short of the danger reserve of each window, and answers and routine posts also short of the
 * daily `reserveForEmergency`. So no amount of lower traffic can take the slot a danger reply needs.
 */
export function sendWindows(channel: string, config: ChannelConfig, priority: Priority): SlotWindow[] {
  const rank = PRIORITY_RANK[priority];
  const forClass = (limit: number, emergencyReserve = 0): number =>
    Math.max(0, limit - (rank > PRIORITY_RANK.urgent ? dangerReserve(limit, config.dangerReserveShare) : 0) - (rank > PRIORITY_RANK.emergency ? emergencyReserve : 0));
  const windows: SlotWindow[] = [];
  if (config.budget !== undefined) windows.push({ key: `budget:${channel}`, limit: forClass(config.budget.perDay, config.budget.reserveForEmergency), windowMs: DAY });
  if (config.rateLimit.perHour !== undefined) windows.push({ key: `rate:${channel}:h`, limit: forClass(config.rateLimit.perHour), windowMs: HOUR });
  windows.push({ key: `rate:${channel}:m`, limit: forClass(config.rateLimit.perMinute), windowMs: MINUTE });
  return windows;
}

/**
 * Per-channel rate limits and post budgets, counted in the store so every instance shares them.
 * One slot of every window is taken at once or none is (a refusal by the per-minute limit spends
 * no daily budget), and `releaseSendSlot` gives it back when the platform definitely did not post.
 */
export async function takeSendSlot(store: Store, channel: string, config: ChannelConfig, post: Post, now: number): Promise<SlotDecision> {
  const windows = sendWindows(channel, config, post.priority);
  const decision = await store.takeSlots(windows, now);
  if (decision.taken) return { ok: true, slot: { windows, takenAt: now } };
  const refused = windows.find((w) => w.key === decision.refusedBy);
  const reason =
    refused?.windowMs === DAY
      ? `daily budget of ${channel} used (${decision.used}/${refused.limit} for ${post.priority})`
      : refused?.windowMs === HOUR
        ? `hourly rate limit of ${channel} reached (${decision.used}/${refused.limit} for ${post.priority})`
        : `rate limit of ${channel} reached (${decision.used}/${refused?.limit ?? 0} for ${post.priority})`;
  return { ok: false, retryAt: decision.resetAt, reason };
}

/** Gives back the slots of a send that did not happen (refused, 429, error before the platform took it). */
export async function releaseSendSlot(store: Store, slot: SendSlot): Promise<void> {
  await store.releaseSlots(slot.windows, slot.takenAt);
}
