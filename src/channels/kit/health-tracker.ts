import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import type { ChannelHealth, ChannelState } from '../channel.js';

/**
 * One channel's health, with the rules every adapter shares: a start in progress is `starting`,
 * a failed start is `down` until a retry works, a working call makes a started channel `ok`, a
 * passing failure `degraded`, refused credentials `disabled`. Changes are logged once each:
 * routine trouble at WARN, `disabled` (a person must act) at ERROR.
 */
export class HealthTracker {
  private current: ChannelHealth;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    initial: ChannelState = 'starting',
  ) {
    this.current = { state: initial, since: clock.now() };
  }

  get(): ChannelHealth {
    return this.current;
  }

  get state(): ChannelState {
    return this.current.state;
  }

  /** Connected and able to call the platform (ok or degraded). */
  get up(): boolean {
    return this.current.state === 'ok' || this.current.state === 'degraded';
  }

  set(state: ChannelState, reason?: string, retryAt?: number): void {
    const same = this.current.state === state && this.current.reason === reason;
    if (same && this.current.retryAt === retryAt) return;
    this.current = { state, since: same ? this.current.since : this.clock.now(), ...(reason === undefined ? {} : { reason }), ...(retryAt === undefined ? {} : { retryAt }) };
    if (same) return;
    const fields = { state, reason, ...(retryAt === undefined ? {} : { retryAt: new Date(retryAt).toISOString() }) };
    if (state === 'disabled') this.logger.error(fields, 'channel disabled: a person must check its credentials');
    else if (state === 'ok') this.logger.info({ state }, 'channel ok');
    else if (state !== 'starting') this.logger.warn(fields, `channel ${state}`);
  }

  /** A platform call worked: a started channel is ok again (a start in progress stays starting). */
  succeeded(): void {
    if (this.current.state === 'degraded' || this.current.state === 'disabled') this.set('ok');
  }

  /** A platform call failed in a passing way. */
  degrade(reason: string): void {
    if (this.current.state === 'ok') this.set('degraded', reason);
    else if (this.current.state === 'degraded') this.set('degraded', reason);
  }
}
