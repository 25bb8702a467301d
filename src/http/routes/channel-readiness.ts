import type { Channel } from '../../channels/channel.js';

export interface ChannelReadiness {
  ready: boolean;
  /** Channels still connecting, or down after a failed start (retrying in the background), with why. */
  notReady: { name: string; state: string; reason: string }[];
}

/**
 * Readiness of the channels: one that is `starting` or `down` cannot post yet, so the service is
 * not ready while it retries. `degraded` (a passing failure while connected) and `disabled`
 * (credentials refused: retrying cannot help, a person must act) do not hold readiness back; both
 * are shown with their reason in `/readyz` and the metrics.
 */
export function channelReadiness(channels: Iterable<Channel>): ChannelReadiness {
  const notReady = [...channels].flatMap((c) => {
    const health = c.health();
    return health.state === 'starting' || health.state === 'down' ? [{ name: c.name, state: health.state, reason: health.reason ?? health.state }] : [];
  });
  return { ready: notReady.length === 0, notReady };
}
