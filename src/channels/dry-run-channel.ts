import type { Logger } from 'pino';
import type { Channel } from './channel.js';

/** Wraps a channel so it renders, counts and logs, and never sends: for rehearsals. */
export function dryRunChannel(inner: Channel, logger: Logger): Channel {
  return {
    name: inner.name,
    kind: inner.kind,
    limits: inner.limits,
    // Nothing is ever sent, so nothing needs settling.
    ...(inner.capabilities === undefined ? {} : { capabilities: { ...inner.capabilities, settleWindowMs: 0 } }),
    start: (onInbound) => inner.start(onInbound),
    close: () => inner.close(),
    health: () => inner.health(),
    // Webhooks still deliver what residents write; media is only ever asked for after a real post.
    ...(inner.web === undefined ? {} : { web: inner.web }),
    async publish(request) {
      logger.info({ channel: inner.name, key: request.key, length: request.text.length, text: request.text }, 'dry run: not sent');
      return { id: `dry-run:${request.key}` };
    },
    async lookup() {
      // Nothing was ever sent, so nothing can be doubled by "sending" again.
      return { found: false };
    },
  };
}
