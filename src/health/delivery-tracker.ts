import type { DeliveryResult } from '../outbox/dispatcher.js';

/** How many results in a row, all failures, make a channel "failing". */
const FAILING_AFTER = 3;

interface ChannelRecord {
  /** Failures since the last success. */
  failuresInARow: number;
  lastError: string | undefined;
  lastFailureAt: number;
  lastSuccessAt: number | undefined;
}

/**
 * Remembers, per channel, whether its posts get through: fed by the dispatcher's observer, read
 * by readiness and metrics. A channel whose last posts all failed is reported until one succeeds.
 * Rate-limit deferrals and drops are policy, not failures, and change nothing here.
 */
export class DeliveryTracker {
  private readonly channels = new Map<string, ChannelRecord>();

  record(channel: string, result: DeliveryResult, now: number, error?: string): void {
    if (result === 'sent' || result === 'reconciled') {
      this.channels.set(channel, { failuresInARow: 0, lastError: undefined, lastFailureAt: 0, lastSuccessAt: now });
    } else if (result === 'failed' || result === 'retry') {
      const record = this.channels.get(channel) ?? { failuresInARow: 0, lastError: undefined, lastFailureAt: 0, lastSuccessAt: undefined };
      this.channels.set(channel, { ...record, failuresInARow: record.failuresInARow + 1, lastError: error ?? record.lastError, lastFailureAt: now });
    }
  }

  /** Channels whose last FAILING_AFTER or more results were all failures. */
  failing(): { channel: string; failures: number; lastError: string | undefined; lastSuccessAt: number | undefined }[] {
    return [...this.channels]
      .filter(([, r]) => r.failuresInARow >= FAILING_AFTER)
      .map(([channel, r]) => ({ channel, failures: r.failuresInARow, lastError: r.lastError, lastSuccessAt: r.lastSuccessAt }));
  }
}
