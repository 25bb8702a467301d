import type { ChannelConfig } from '../config/schema.js';
import type { Post } from '../domain/post.js';
import type { Store } from '../store/store.js';

export type SlotDecision =
  | { ok: true }
  /** Try again at `retryAt`; `reason` is logged. */
  | { ok: false; retryAt: number; reason: string };

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Per-channel rate limits and post budgets, counted in the store so every instance shares them.
 * Urgent and emergency posts may use the whole daily budget; routine posts stop when only the
 * emergency reserve is left, so a routine reminder can never starve an evacuation notice.
 */
export async function takeSendSlot(store: Store, channel: string, config: ChannelConfig, post: Post, now: number): Promise<SlotDecision> {
  const budget = config.budget;
  if (budget !== undefined) {
    const limit = post.priority === 'routine' ? Math.max(0, budget.perDay - budget.reserveForEmergency) : budget.perDay;
    const day = await store.takeSlot(`budget:${channel}`, limit, DAY, now);
    if (!day.taken) return { ok: false, retryAt: day.resetAt, reason: `daily budget of ${channel} used (${day.used}/${limit} for ${post.priority})` };
  }
  const perHour = config.rateLimit.perHour;
  if (perHour !== undefined) {
    const hour = await store.takeSlot(`rate:${channel}:h`, perHour, HOUR, now);
    if (!hour.taken) return { ok: false, retryAt: hour.resetAt, reason: `hourly rate limit of ${channel} reached` };
  }
  const minute = await store.takeSlot(`rate:${channel}:m`, config.rateLimit.perMinute, MINUTE, now);
  if (!minute.taken) return { ok: false, retryAt: minute.resetAt, reason: `rate limit of ${channel} reached` };
  return { ok: true };
}
