import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { type Emergency, type EmergencyParams, type EmergencyStatus, isOpen } from '../domain/emergency.js';
import { AppError } from '../domain/errors.js';
import { neutralize } from '../domain/neutralize.js';
import type { Signal } from '../domain/signal.js';
import type { Store } from '../store/store.js';
import { canTransition } from './transitions.js';

const COLLECTION = 'emergencies';
/** Campaign work promised by a transition and not yet done (see `notify`). */
/** Campaign work written down before a transition is saved (read by readiness, too). */
export const PENDING_WORK = 'campaign-work';

type LifecycleEvent = 'activated' | 'updated' | 'ended';

const CHANGE_LOCK = 'emergency-changes';
/** Long enough for a change and its campaign queueing; a crashed holder blocks no longer than this. */
const CHANGE_LOCK_TTL_MS = 15_000;
const CHANGE_LOCK_WAIT_MS = 20_000;
const CHANGE_LOCK_POLL_MS = 20;

interface PendingCampaignWork {
  emergencyId: string;
  event: LifecycleEvent;
  revision: number;
  at: number;
}

/** Called on lifecycle changes; the campaign runner listens. */
export interface EmergencyListener {
  onActivated(emergency: Emergency): Promise<void>;
  onUpdated(emergency: Emergency): Promise<void>;
  onEnded(emergency: Emergency): Promise<void>;
}

export interface DeclareInput {
  type: string;
  params?: EmergencyParams;
  title?: string;
  effectiveAt?: number;
  expiresAt?: number;
  actor: string;
  source?: string;
  requiresApproval?: boolean;
  drill?: boolean;
  externalKeys?: string[];
  reason?: string;
}

export interface UpdateInput {
  params?: EmergencyParams;
  expiresAt?: number;
  actor: string;
  externalKeys?: string[];
}

export interface EmergencyServiceDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Known emergency types (those with a playbook). */
  types: () => string[];
  titleFor: (type: string) => string;
  defaultParams: (type: string) => EmergencyParams;
  proposalTtlMs: number;
}

/**
 * Owns the emergency lifecycle: declare (or propose), approve, reject, update, lift, expire; from
 * feeds, the CLI, the admin API and chat commands alike. Every transition is on the emergency's
 * history and in the audit log.
 */
export class EmergencyService {
  private listener: EmergencyListener | undefined;

  constructor(private readonly deps: EmergencyServiceDeps) {}

  setListener(listener: EmergencyListener): void {
    this.listener = listener;
  }

  async list(): Promise<Emergency[]> {
    const all = await this.deps.store.listDocs<Emergency>(COLLECTION);
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  async get(id: string): Promise<Emergency> {
    const emergency = await this.deps.store.getDoc<Emergency>(COLLECTION, id);
    if (emergency === undefined) throw new AppError('NOT_FOUND', `no emergency with id ${id}`);
    return emergency;
  }

  async active(): Promise<Emergency[]> {
    return (await this.list()).filter((e) => e.status === 'active');
  }

  /** The emergency answers should follow: the most recent active live one. */
  async current(): Promise<Emergency | undefined> {
    return (await this.active()).find((e) => !e.drill);
  }

  /** Finds an open emergency by id, or the only open one of a type. */
  async findOpen(ref: { id?: string; type?: string }): Promise<Emergency> {
    if (ref.id !== undefined) return this.get(ref.id);
    const open = (await this.list()).filter((e) => isOpen(e.status) && (ref.type === undefined || e.type === ref.type));
    if (open.length === 0) throw new AppError('NOT_FOUND', ref.type === undefined ? 'no open emergency' : `no open ${ref.type} emergency`);
    if (open.length > 1) throw new AppError('CONFLICT', `several open emergencies match; give an id (${open.map((e) => e.id).join(', ')})`);
    return open[0] as Emergency;
  }

  /**
   * Declares an emergency, or updates the open one of its type. Every change goes through
   * `exclusive`, so a feed signal, a manager's click and a second instance cannot make two open
   * emergencies of one type (two campaigns) or bring a lifted one back by a late update.
   */
  declare(input: DeclareInput): Promise<Emergency> {
    return this.exclusive(() => this.declareNow(input));
  }

  approve(id: string, actor: string): Promise<Emergency> {
    return this.exclusive(() => this.approveNow(id, actor));
  }

  reject(id: string, actor: string, reason?: string): Promise<Emergency> {
    return this.exclusive(() => this.rejectNow(id, actor, reason));
  }

  update(id: string, input: UpdateInput): Promise<Emergency> {
    return this.exclusive(() => this.updateNow(id, input));
  }

  lift(id: string, actor: string, reason?: string): Promise<Emergency> {
    return this.exclusive(() => this.liftNow(id, actor, reason));
  }

  /** Expires emergencies past `expiresAt` and proposals nobody answered. Call periodically. */
  expireDue(): Promise<Emergency[]> {
    return this.exclusive(() => this.expireDueNow());
  }

  /** Applies a classified feed signal. Idempotent on the signal id. */
  applySignal(signal: Signal): Promise<Emergency | undefined> {
    return this.exclusive(() => this.applySignalNow(signal));
  }

  /**
   * Finishes campaign work that a transition promised and nobody did: the process died between
   * saving the emergency and queueing its posts, or queueing failed (store hiccup). Each piece is
   * checked against the emergency as stored now, so a promise whose transition never got saved, or
   * that a later change superseded, is dropped instead of posted. Post ids are deterministic, so
   * work that did get queued before the crash is not queued twice. `minAgeMs` leaves alone work that
   * another instance is doing right now.
   */
  resumeCampaignWork(minAgeMs: number): Promise<number> {
    return this.exclusive(() => this.resumeCampaignWorkNow(minAgeMs));
  }

  /** Runs one change at a time across this process and every instance on the same store. */
  private async exclusive<T>(change: () => Promise<T>): Promise<T> {
    const { store, clock } = this.deps;
    const owner = randomUUID();
    for (let attempt = 0; !(await store.acquireLease(CHANGE_LOCK, owner, CHANGE_LOCK_TTL_MS, clock.now())); attempt++) {
      if (attempt * CHANGE_LOCK_POLL_MS > CHANGE_LOCK_WAIT_MS) throw new AppError('CONFLICT', 'another change to emergencies is still in progress; try again', { retryable: true });
      await new Promise((resolve) => setTimeout(resolve, CHANGE_LOCK_POLL_MS));
    }
    try {
      return await change();
    } finally {
      await store.releaseLease(CHANGE_LOCK, owner).catch(() => undefined);
    }
  }

  private async declareNow(input: DeclareInput): Promise<Emergency> {
    const { clock } = this.deps;
    if (!this.deps.types().includes(input.type)) {
      throw new AppError('INVALID_INPUT', `unknown emergency type "${input.type}" (known: ${this.deps.types().join(', ')})`);
    }
    const existing = (await this.list()).find((e) => isOpen(e.status) && e.type === input.type && e.drill === (input.drill ?? false));
    if (existing !== undefined) {
      // One open emergency per type: a second declaration is an update, not a second campaign.
      return this.updateNow(existing.id, { params: input.params ?? {}, actor: input.actor, ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }), externalKeys: input.externalKeys ?? [] });
    }
    const now = clock.now();
    const status: EmergencyStatus = input.requiresApproval === true ? 'proposed' : 'active';
    const emergency: Emergency = {
      id: `${input.type}-${new Date(now).toISOString().slice(0, 10)}-${randomUUID().slice(0, 6)}`,
      type: input.type,
      status,
      title: input.title === undefined ? this.deps.titleFor(input.type) : neutralize(input.title, 200),
      effectiveAt: input.effectiveAt ?? now,
      ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
      params: { ...this.deps.defaultParams(input.type), ...(input.params ?? {}) },
      source: input.source ?? input.actor,
      externalKeys: input.externalKeys ?? [],
      drill: input.drill ?? false,
      createdAt: now,
      updatedAt: now,
      revision: 0,
      history: [{ at: now, from: null, to: status, by: input.actor, ...(input.reason === undefined ? {} : { reason: input.reason }) }],
    };
    const event = status === 'active' ? 'activated' : undefined;
    await this.save(emergency, input.actor, status === 'active' ? 'emergency.declare' : 'emergency.propose', undefined, event);
    if (event !== undefined) await this.notify(event, emergency);
    return emergency;
  }

  private async approveNow(id: string, actor: string): Promise<Emergency> {
    const emergency = await this.transition(id, 'active', actor, 'emergency.approve', undefined, 'activated');
    await this.notify('activated', emergency);
    return emergency;
  }

  private async rejectNow(id: string, actor: string, reason?: string): Promise<Emergency> {
    return this.transition(id, 'rejected', actor, 'emergency.reject', reason);
  }

  private async updateNow(id: string, input: UpdateInput): Promise<Emergency> {
    const emergency = await this.get(id);
    if (!isOpen(emergency.status)) throw new AppError('CONFLICT', `emergency ${id} is ${emergency.status}`);
    const now = this.deps.clock.now();
    const updated: Emergency = {
      ...emergency,
      params: { ...emergency.params, ...(input.params ?? {}) },
      ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
      externalKeys: [...new Set([...emergency.externalKeys, ...(input.externalKeys ?? [])])],
      revision: emergency.revision + 1,
      updatedAt: now,
    };
    const event = updated.status === 'active' ? 'updated' : undefined;
    await this.save(updated, input.actor, 'emergency.update', { params: input.params ?? {} }, event);
    if (event !== undefined) await this.notify(event, updated);
    return updated;
  }

  private async liftNow(id: string, actor: string, reason?: string): Promise<Emergency> {
    const emergency = await this.get(id);
    if (emergency.status === 'proposed') return this.rejectNow(id, actor, reason ?? 'ended before approval');
    const lifted = await this.transition(id, 'lifted', actor, 'emergency.lift', reason, 'ended');
    await this.notify('ended', lifted);
    return lifted;
  }

  private async expireDueNow(): Promise<Emergency[]> {
    const now = this.deps.clock.now();
    const expired: Emergency[] = [];
    for (const emergency of await this.list()) {
      const overdueActive = emergency.status === 'active' && emergency.expiresAt !== undefined && emergency.expiresAt <= now;
      // A proposal also lapses when the event it proposes has ended: approving it later would announce an expired alert.
      const staleProposal = emergency.status === 'proposed' && (now - emergency.createdAt > this.deps.proposalTtlMs || (emergency.expiresAt !== undefined && emergency.expiresAt <= now));
      if (!overdueActive && !staleProposal) continue;
      let next: Emergency;
      try {
        next = await this.transition(emergency.id, 'expired', 'system', 'emergency.expire', undefined, overdueActive ? 'ended' : undefined);
      } catch (error) {
        // Another instance expired (or a person lifted) it between our read and our write:
        // that one is done, and the rest of the pass must still run.
        if (error instanceof AppError && error.code === 'CONFLICT') continue;
        throw error;
      }
      if (overdueActive) await this.notify('ended', next);
      expired.push(next);
    }
    return expired;
  }

  private async applySignalNow(signal: Signal): Promise<Emergency | undefined> {
    // Checked before the signal is marked as seen, so it changes nothing and fails the same way on every poll.
    if (!this.deps.types().includes(signal.type)) {
      throw new AppError('INVALID_INPUT', `signal ${signal.id}: unknown emergency type "${signal.type}" (known: ${this.deps.types().join(', ')})`);
    }
    const first = await this.deps.store.putDocIfAbsent('signals', signal.id, { at: this.deps.clock.now(), action: signal.action });
    if (!first) return undefined;
    try {
      return await this.applyNewSignal(signal);
    } catch (error) {
      // The feed poller retries an item whose signal failed; a kept marker would make that retry a silent no-op.
      await this.deps.store.deleteDoc('signals', signal.id);
      throw error;
    }
  }

  private async applyNewSignal(signal: Signal): Promise<Emergency | undefined> {
    const actor = `feed:${signal.feedId}`;
    const match = await this.matchSignal(signal);
    if (signal.action === 'end') {
      if (match === undefined) {
        this.deps.logger.info({ signal: signal.id }, 'end signal for no open emergency; ignored');
        return undefined;
      }
      return this.liftNow(match.id, actor, signal.title);
    }
    if (match !== undefined) {
      // The same alert again (another feed, a re-issued item id) adds nothing: no revision, no update posts.
      if (addsNothing(match, signal)) return undefined;
      return this.updateNow(match.id, { params: signal.params, actor, externalKeys: signal.eventKeys, ...(signal.expiresAt === undefined ? {} : { expiresAt: signal.expiresAt }) });
    }
    // An event that already ended (every key known) must not come back as a new emergency.
    const ended = signal.eventKeys.length > 0 && (await this.list()).some((e) => e.drill === signal.drill && signal.eventKeys.every((k) => e.externalKeys.includes(k)));
    if (ended) {
      this.deps.logger.info({ signal: signal.id }, 'signal for an event that already ended; ignored');
      return undefined;
    }
    return this.declareNow({
      type: signal.type,
      params: signal.params,
      ...(signal.title === '' ? {} : { title: signal.title }),
      effectiveAt: signal.effectiveAt,
      ...(signal.expiresAt === undefined ? {} : { expiresAt: signal.expiresAt }),
      actor,
      source: `feed:${signal.id}`,
      requiresApproval: signal.requiresApproval,
      drill: signal.drill,
      externalKeys: signal.eventKeys,
      ...(signal.summary === undefined ? {} : { reason: signal.summary }),
    });
  }

  private async matchSignal(signal: Signal): Promise<Emergency | undefined> {
    const open = (await this.list()).filter((e) => isOpen(e.status) && e.drill === signal.drill);
    const byKey = open.find((e) => e.externalKeys.some((k) => signal.eventKeys.includes(k)));
    // A cancellation of some other event (keys we never saw) must not lift an open emergency of the same type.
    if (signal.action === 'end' && signal.eventKeys.length > 0) return byKey;
    return byKey ?? open.find((e) => e.type === signal.type);
  }

  private async transition(id: string, to: EmergencyStatus, actor: string, action: string, reason?: string, event?: LifecycleEvent): Promise<Emergency> {
    const emergency = await this.get(id);
    if (!canTransition(emergency.status, to)) {
      throw new AppError('CONFLICT', `emergency ${id} is ${emergency.status}; it cannot become ${to}`);
    }
    const now = this.deps.clock.now();
    const next: Emergency = {
      ...emergency,
      status: to,
      updatedAt: now,
      ...(to === 'active' ? { effectiveAt: Math.max(emergency.effectiveAt, now) } : {}),
      history: [...emergency.history, { at: now, from: emergency.status, to, by: actor, ...(reason === undefined ? {} : { reason: neutralize(reason, 300) }) }],
    };
    await this.save(next, actor, action, reason === undefined ? undefined : { reason }, event);
    return next;
  }

  private async resumeCampaignWorkNow(minAgeMs: number): Promise<number> {
    const { store, clock, logger } = this.deps;
    let resumed = 0;
    for (const work of await store.listDocs<PendingCampaignWork>(PENDING_WORK)) {
      if (clock.now() - work.at < minAgeMs) continue;
      const workId = pendingWorkId(work.emergencyId, work.event, work.revision);
      const emergency = await store.getDoc<Emergency>(COLLECTION, work.emergencyId);
      if (emergency === undefined || !stillDue(work, emergency)) {
        await store.deleteDoc(PENDING_WORK, workId);
        continue;
      }
      logger.warn({ emergency: emergency.id, event: work.event, revision: work.revision }, 'resuming campaign work that was promised but not done');
      if (await this.notify(work.event, emergency)) resumed++;
    }
    return resumed;
  }

  /**
   * Runs the campaign side of a transition and then clears its promise. A failure is an alarm, not
   * an error for the person who declared: the emergency is saved, and `resumeCampaignWork` retries.
   */
  private async notify(event: LifecycleEvent, emergency: Emergency): Promise<boolean> {
    const listener = this.listener;
    if (listener === undefined) return false;
    try {
      if (event === 'activated') await listener.onActivated(emergency);
      else if (event === 'updated') await listener.onUpdated(emergency);
      else await listener.onEnded(emergency);
      await this.deps.store.deleteDoc(PENDING_WORK, pendingWorkId(emergency.id, event, emergency.revision));
      return true;
    } catch (error) {
      this.deps.logger.error({ err: error, emergency: emergency.id, event }, `ALARM campaign posts for ${emergency.id} (${event}) not queued yet; retrying shortly`);
      return false;
    }
  }

  private async save(emergency: Emergency, actor: string, action: string, detail?: Record<string, unknown>, event?: LifecycleEvent): Promise<void> {
    if (event !== undefined) {
      // The promise goes down before the transition, so a crash right after the transition
      // cannot lose the campaign posts it implies.
      const work: PendingCampaignWork = { emergencyId: emergency.id, event, revision: emergency.revision, at: this.deps.clock.now() };
      await this.deps.store.putDoc(PENDING_WORK, pendingWorkId(emergency.id, event, emergency.revision), work);
    }
    await this.deps.store.putDoc(COLLECTION, emergency.id, emergency);
    await this.deps.store.appendAudit({
      at: this.deps.clock.now(),
      actor,
      action,
      target: emergency.id,
      detail: { type: emergency.type, status: emergency.status, revision: emergency.revision, ...(detail ?? {}) },
    });
    this.deps.logger.info({ emergency: emergency.id, type: emergency.type, status: emergency.status, by: actor }, action);
  }
}

function pendingWorkId(emergencyId: string, event: LifecycleEvent, revision: number): string {
  return `${emergencyId}:${event}:${revision}`;
}

/** Whether promised work still matches the stored emergency (its transition was saved and is current). */
function stillDue(work: PendingCampaignWork, emergency: Emergency): boolean {
  if (work.event === 'ended') return emergency.status === 'lifted' || emergency.status === 'expired';
  if (emergency.status !== 'active') return false;
  // An update superseded by a later one posts nothing: the later one has its own promise.
  return work.event === 'activated' || emergency.revision === work.revision;
}

/** True when applying `signal` as an update would change nothing on `emergency`. */
function addsNothing(emergency: Emergency, signal: Signal): boolean {
  return (
    signal.eventKeys.every((k) => emergency.externalKeys.includes(k)) &&
    Object.entries(signal.params).every(([k, v]) => emergency.params[k] === v) &&
    (signal.expiresAt === undefined || signal.expiresAt === emergency.expiresAt)
  );
}
