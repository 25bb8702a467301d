import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

/** What a recurring schedule does at each occurrence; `occurrence` is the scheduled minute. */
export type OccurrenceHandler = (occurrence: Date) => Promise<void>;

export interface CronEntry {
  id: string;
  cron: string;
  timeZone: string;
  handler: OccurrenceHandler;
}

/**
 * Keeps node-cron tasks in step with a set of entries. Every instance runs every task: the
 * occurrence handlers derive idempotency keys from the occurrence time, so two instances firing
 * the same minute enqueue one post, and an instance that is down misses nothing the other fires.
 */
export class CronRegistry {
  private readonly tasks = new Map<string, { task: ScheduledTask; signature: string }>();

  constructor(private readonly logger: Logger) {}

  /** Validates a cron expression; returns an error message or undefined. */
  static check(expression: string): string | undefined {
    const result = cron.validateDetailed(expression);
    if (result.valid) return undefined;
    return result.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid cron expression';
  }

  set(entry: CronEntry): void {
    const signature = `${entry.cron}|${entry.timeZone}`;
    const existing = this.tasks.get(entry.id);
    if (existing !== undefined && existing.signature === signature) return;
    if (existing !== undefined) void existing.task.destroy();
    const task = cron.schedule(
      entry.cron,
      async (context) => {
        const occurrence = new Date(context.date);
        occurrence.setMilliseconds(0); // node-cron passes the scheduled slot, the same on every instance
        try {
          await entry.handler(occurrence);
        } catch (error) {
          this.logger.error({ err: error, schedule: entry.id }, 'schedule occurrence failed');
        }
      },
      { timezone: entry.timeZone, name: entry.id, noOverlap: true, suppressMissedWarning: true },
    );
    this.tasks.set(entry.id, { task, signature });
  }

  delete(id: string): void {
    const existing = this.tasks.get(id);
    if (existing === undefined) return;
    void existing.task.destroy();
    this.tasks.delete(id);
  }

  /** Keeps only the given ids (and those starting with a kept prefix). */
  retain(predicate: (id: string) => boolean): void {
    for (const id of [...this.tasks.keys()]) if (!predicate(id)) this.delete(id);
  }

  ids(): string[] {
    return [...this.tasks.keys()];
  }

  nextRun(id: string): Date | null {
    return this.tasks.get(id)?.task.getNextRun() ?? null;
  }

  close(): void {
    for (const id of [...this.tasks.keys()]) this.delete(id);
  }
}
