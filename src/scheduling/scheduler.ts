import { occurrenceText } from './occurrence-text.js';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Store } from '../store/store.js';
import { CronRegistry, type OccurrenceHandler } from './cron-registry.js';
import type { Schedule } from './schedule.js';

const COLLECTION = 'schedules';
/** Occurrences being queued: written before the first post, deleted after the last (see `fire`). */
const WORK = 'schedule-work';
/** Unfinished occurrences younger than this may still be queued by another instance right now. */
const WORK_GRACE_MS = 60_000;
/** Unfinished work older than this is given up. */
const STALE_WORK_MS = 86_400_000;

interface OccurrenceWork {
  kind: 'schedule' | 'job';
  id: string;
  /** ISO time of the occurrence. */
  occurrence: string;
  at: number;
}

export interface SchedulerDeps {
  store: Store;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** Channel or group names → channel names. Throws for unknown names. */
  resolveChannels: (names: string[]) => string[];
  /** Fits text to a channel's limits (thread parts). */
  compose: (text: string, channel: string) => string[];
  /** Schedules from config; they are re-registered at every start. */
  configured: Schedule[];
  /** How often to pick up schedules added by other instances or the CLI. */
  syncIntervalMs?: number;
}

/**
 * Recurring schedules (node-cron with time zones) and emergency reminders. Each occurrence becomes
 * one outbox post per channel with the key `sched:<id>:<occurrence>:<channel>`, so two instances
 * never enqueue it twice. An occurrence is written down before its first post and crossed out after
 * its last, so a crash half-way through is finished at the next start instead of leaving some
 * channels without the post.
 */
export class Scheduler {
  private readonly registry: CronRegistry;
  private readonly extra = new Map<string, { cron: string; timeZone: string; handler: OccurrenceHandler }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    this.registry = new CronRegistry(deps.logger);
  }

  async start(): Promise<void> {
    for (const schedule of this.deps.configured) {
      // Config is checked here (the schema only checks length), so a typo fails the start naming the schedule.
      const problem = CronRegistry.check(schedule.cron) ?? timeZoneProblem(schedule.timeZone);
      if (problem !== undefined) throw new AppError('CONFIG_INVALID', `schedules.${schedule.id}: cron "${schedule.cron}" in ${schedule.timeZone}: ${problem}`);
    }
    const configuredIds = new Set(this.deps.configured.map((s) => s.id));
    for (const stored of await this.deps.store.listDocs<Schedule>(COLLECTION)) {
      // A schedule removed (or disabled) in config must stop; it was stored by an earlier start.
      if (stored.origin === 'config' && !configuredIds.has(stored.id)) await this.deps.store.deleteDoc(COLLECTION, stored.id);
    }
    for (const schedule of this.deps.configured) await this.deps.store.putDoc(COLLECTION, schedule.id, schedule);
    await this.sync();
    await this.resumeWork(0);
    this.timer = setInterval(() => {
      this.sync()
        .then(() => this.resumeWork(WORK_GRACE_MS))
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'schedule sync failed'));
    }, this.deps.syncIntervalMs ?? 15_000);
    this.timer.unref();
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.registry.close();
  }

  /**
   * Registers an in-process recurring job (emergency reminders); ids must be unique. Each run is
   * written down like a schedule's occurrence; a run a crash interrupted is finished once the job
   * is registered again (its handler must be idempotent, as reminders are).
   */
  setJob(id: string, cron: string, timeZone: string, handler: OccurrenceHandler): void {
    const promised: OccurrenceHandler = (occurrence) => this.promised('job', id, occurrence, () => handler(occurrence));
    this.extra.set(id, { cron, timeZone, handler: promised });
    this.registry.set({ id: `job:${id}`, cron, timeZone, handler: promised });
    void this.resumeJob(id).catch((error: unknown) => this.deps.logger.warn({ err: error, job: id }, 'resuming an interrupted reminder failed'));
  }

  deleteJob(id: string): void {
    this.extra.delete(id);
    this.registry.delete(`job:${id}`);
  }

  async list(): Promise<(Schedule & { nextRun: string | null })[]> {
    const schedules = await this.deps.store.listDocs<Schedule>(COLLECTION);
    return schedules
      .map((s) => ({ ...s, nextRun: this.registry.nextRun(`sched:${s.id}`)?.toISOString() ?? null }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async add(schedule: Omit<Schedule, 'createdAt' | 'origin'>): Promise<Schedule> {
    const problem = CronRegistry.check(schedule.cron);
    if (problem !== undefined) throw new AppError('INVALID_INPUT', `cron "${schedule.cron}": ${problem}`);
    // An unknown zone would be stored and then break every later sync (node-cron throws RangeError).
    const zoneProblem = timeZoneProblem(schedule.timeZone);
    if (zoneProblem !== undefined) throw new AppError('INVALID_INPUT', zoneProblem);
    this.deps.resolveChannels(schedule.channels);
    const stored: Schedule = { ...schedule, origin: 'runtime', createdAt: this.deps.clock.now() };
    if (!(await this.deps.store.putDocIfAbsent(COLLECTION, stored.id, stored))) {
      throw new AppError('CONFLICT', `a schedule with id ${stored.id} exists`);
    }
    await this.audit(schedule.createdBy, 'schedule.add', stored.id, { cron: stored.cron, channels: stored.channels });
    await this.sync();
    return stored;
  }

  async get(id: string): Promise<Schedule> {
    const schedule = await this.deps.store.getDoc<Schedule>(COLLECTION, id);
    if (schedule === undefined) throw new AppError('NOT_FOUND', `no schedule with id ${id}`);
    return schedule;
  }

  /** Releases a schedule held by the two-person rule; who may approve is the caller's rule. */
  async approve(id: string, actor: string, action = 'schedule.approve'): Promise<Schedule> {
    const existing = await this.get(id);
    if (existing.awaitingApproval !== true) throw new AppError('CONFLICT', `schedule ${id} is not waiting for approval`);
    const approved: Schedule = { ...existing, awaitingApproval: false };
    await this.deps.store.putDoc(COLLECTION, id, approved);
    await this.audit(actor, action, id);
    return approved;
  }

  async cancel(id: string, actor: string): Promise<void> {
    const existing = await this.deps.store.getDoc<Schedule>(COLLECTION, id);
    if (existing === undefined) throw new AppError('NOT_FOUND', `no schedule with id ${id}`);
    await this.deps.store.deleteDoc(COLLECTION, id);
    await this.audit(actor, 'schedule.cancel', id);
    await this.sync();
  }

  /** Makes the cron tasks match the stored schedules. */
  async sync(): Promise<void> {
    const schedules = await this.deps.store.listDocs<Schedule>(COLLECTION);
    const wanted = new Set(schedules.map((s) => `sched:${s.id}`));
    this.registry.retain((id) => wanted.has(id) || id.startsWith('job:'));
    for (const schedule of schedules) {
      try {
        this.registry.set({
          id: `sched:${schedule.id}`,
          cron: schedule.cron,
          timeZone: schedule.timeZone,
          handler: async (occurrence) => {
            // Read it again: another instance may have cancelled or changed it since our last sync.
            const current = await this.deps.store.getDoc<Schedule>(COLLECTION, schedule.id);
            if (current !== undefined) await this.fire(current, occurrence);
          },
        });
      } catch (error) {
        // One bad stored schedule must not keep the others from running.
        this.deps.logger.error({ err: error, schedule: schedule.id }, 'schedule cannot be registered; skipped');
      }
    }
  }

  /** Enqueues one occurrence of a schedule; safe to call from several instances. */
  async fire(schedule: Schedule, occurrence: Date): Promise<number> {
    if (schedule.awaitingApproval === true || (schedule.startsAt !== undefined && occurrence.getTime() < schedule.startsAt)) return 0;
    const stamp = occurrence.toISOString().slice(0, 19);
    const channels = this.deps.resolveChannels(schedule.channels);
    return this.promised('schedule', schedule.id, occurrence, async () => {
      let created = 0;
      for (const channel of channels) {
        const isNew = await this.deps.outbox.enqueue({
          id: `sched:${schedule.id}:${stamp}:${channel}`,
          channel,
          parts: this.deps.compose(occurrenceText(schedule.text, occurrence, schedule.timeZone, schedule.locale), channel),
          priority: schedule.priority,
          dueAt: occurrence.getTime(),
          source: `schedule:${schedule.id}`,
          ...(schedule.locale === undefined ? {} : { locale: schedule.locale }),
          createdBy: schedule.createdBy,
        });
        if (isNew) created++;
      }
      return created;
    });
  }

  /** Runs the work of one occurrence between writing it down and crossing it out. */
  private async promised<T>(kind: OccurrenceWork['kind'], id: string, occurrence: Date, work: () => Promise<T>): Promise<T> {
    const key = workKey(kind, id, occurrence);
    await this.deps.store.putDoc<OccurrenceWork>(WORK, key, { kind, id, occurrence: occurrence.toISOString(), at: this.deps.clock.now() });
    const result = await work();
    await this.deps.store.deleteDoc(WORK, key);
    return result;
  }

  /** Finishes schedule occurrences a crash (or a store failure) left half-queued; post ids keep it single. */
  private async resumeWork(minAgeMs: number): Promise<void> {
    for (const work of await this.deps.store.listDocs<OccurrenceWork>(WORK)) {
      const age = this.deps.clock.now() - work.at;
      const occurrence = new Date(work.occurrence);
      if (age > STALE_WORK_MS) {
        // A reminder whose job never came back (its emergency ended), or an occurrence that fails
        // every time (text that no longer fits a channel): stop retrying, loudly.
        if (work.kind === 'schedule') this.deps.logger.error({ schedule: work.id, occurrence: work.occurrence }, 'ALARM a schedule occurrence could not be finished within a day; given up');
        await this.deps.store.deleteDoc(WORK, workKey(work.kind, work.id, occurrence));
        continue;
      }
      if (work.kind !== 'schedule' || age < minAgeMs) continue;
      const schedule = await this.deps.store.getDoc<Schedule>(COLLECTION, work.id);
      if (schedule === undefined) {
        await this.deps.store.deleteDoc(WORK, workKey(work.kind, work.id, occurrence));
        continue;
      }
      this.deps.logger.warn({ schedule: work.id, occurrence: work.occurrence }, 'finishing a schedule occurrence that was interrupted');
      // One occurrence that fails again must not keep the others from being finished.
      await this.fire(schedule, occurrence).catch((error: unknown) => this.deps.logger.error({ err: error, schedule: work.id, occurrence: work.occurrence }, 'schedule occurrence failed again; retrying later'));
    }
  }

  private async resumeJob(id: string): Promise<void> {
    for (const work of await this.deps.store.listDocs<OccurrenceWork>(WORK)) {
      if (work.kind !== 'job' || work.id !== id) continue;
      const job = this.extra.get(id);
      if (job === undefined) return;
      this.deps.logger.warn({ job: id, occurrence: work.occurrence }, 'finishing a reminder that was interrupted');
      await job.handler(new Date(work.occurrence));
    }
  }

  private async audit(actor: string, action: string, target: string, detail?: Record<string, unknown>): Promise<void> {
    await this.deps.store.appendAudit({ at: this.deps.clock.now(), actor, action, target, ...(detail === undefined ? {} : { detail }) });
  }
}

function workKey(kind: OccurrenceWork['kind'], id: string, occurrence: Date): string {
  return `${kind}:${id}@${occurrence.toISOString()}`;
}

function timeZoneProblem(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return undefined;
  } catch {
    return `unknown time zone "${timeZone}" (use an IANA name such as America/New_York)`;
  }
}
