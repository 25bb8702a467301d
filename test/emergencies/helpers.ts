import pino from 'pino';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Signal } from '../../src/domain/signal.js';
import { EmergencyService, type EmergencyListener } from '../../src/emergencies/emergency-service.js';
import type { Store } from '../../src/store/store.js';

export const T0 = Date.parse('2026-01-25T12:00:00Z');
export const HOUR = 3_600_000;
export const TYPES = ['snow', 'flood', 'heat'];

/** A clock tests move by hand. */
export class TestClock {
  constructor(public t: number = T0) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export type ListenerCall = { event: 'activated' | 'updated' | 'ended'; id: string; status: Emergency['status']; revision: number };

/** Records every call the campaign runner would get. */
export class RecordingListener implements EmergencyListener {
  readonly calls: ListenerCall[] = [];
  async onActivated(e: Emergency): Promise<void> {
    this.calls.push({ event: 'activated', id: e.id, status: e.status, revision: e.revision });
  }
  async onUpdated(e: Emergency): Promise<void> {
    this.calls.push({ event: 'updated', id: e.id, status: e.status, revision: e.revision });
  }
  async onEnded(e: Emergency): Promise<void> {
    this.calls.push({ event: 'ended', id: e.id, status: e.status, revision: e.revision });
  }
  events(): string[] {
    return this.calls.map((c) => c.event);
  }
}

export function makeService(store: Store, clock: TestClock, options: { proposalTtlMs?: number } = {}): { service: EmergencyService; listener: RecordingListener } {
  const service = new EmergencyService({
    store,
    clock,
    logger: pino({ level: 'silent' }),
    types: () => TYPES,
    titleFor: (type) => `${type} emergency`,
    defaultParams: (type) => (type === 'snow' ? { trashDelayDays: 0, towRoutes: 'none' } : {}),
    proposalTtlMs: options.proposalTtlMs ?? 12 * HOUR,
  });
  const listener = new RecordingListener();
  service.setListener(listener);
  return { service, listener };
}

/** A classified signal, as src/feeds/classify.ts produces it. */
export function makeSignal(overrides: Partial<Signal> & Pick<Signal, 'id'>): Signal {
  return {
    feedId: 'nws',
    action: 'declare',
    type: 'snow',
    title: 'Winter Storm Warning',
    effectiveAt: T0,
    eventKeys: [],
    params: {},
    requiresApproval: false,
    drill: false,
    publishedAt: T0,
    ...overrides,
  };
}
