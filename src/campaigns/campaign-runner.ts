import type { Logger } from 'pino';
import type { Emergency } from '../domain/emergency.js';
import type { NewPost } from '../domain/post.js';
import type { UnfitPost } from './plan-campaign.js';
import type { Services } from '../services.js';

export type CampaignPhase = 'declare' | 'update' | 'reminder' | 'lift';

/** What the runner needs from playbooks and templates: posts for one phase of one emergency. */
export interface CampaignPlanner {
  plan(emergency: Emergency, phase: CampaignPhase, occurrence?: string, reminderIndex?: number, unfit?: UnfitPost[], withheld?: UnfitPost[]): NewPost[];
  reminders(type: string): { cron: string }[];
}

/**
 * Turns emergency lifecycle events into outbox posts: the declare sequence, recurring reminders
 * while active, update posts, and on lift (or expiry) cancels what is still pending and posts the
 * all-clear. Post ids are deterministic, so a repeated event enqueues nothing new.
 */
export class CampaignRunner {
  private readonly armed = new Set<string>();

  constructor(
    private readonly deps: { services: Services; planner: CampaignPlanner; logger: Logger },
  ) {}

  async start(): Promise<void> {
    // After a restart, reminders of emergencies still active are armed again.
    for (const emergency of await this.deps.services.emergencies.active()) this.armReminders(emergency);
  }

  close(): void {
    for (const id of this.armed) this.deps.services.scheduler.deleteJob(id);
    this.armed.clear();
  }

  async onActivated(emergency: Emergency): Promise<void> {
    await this.enqueue(emergency, 'declare');
    if (await this.endedMeanwhile(emergency)) return;
    this.armReminders(emergency);
  }

  async onUpdated(emergency: Emergency): Promise<void> {
    await this.enqueue(emergency, 'update', `r${emergency.revision}`);
    await this.endedMeanwhile(emergency);
  }

  /**
   * Another instance (or a person) may lift the emergency while its posts are being queued; the
   * lift cancelled what was queued before, so what this call queued after must go too.
   */
  private async endedMeanwhile(emergency: Emergency): Promise<boolean> {
    const current = await this.deps.services.emergencies.get(emergency.id);
    if (current.status === 'active') return false;
    await this.deps.services.outbox.cancelGroup(`emergency:${emergency.id}`, 'system');
    return true;
  }

  async onEnded(emergency: Emergency): Promise<void> {
    this.disarmReminders(emergency);
    const cancelled = await this.deps.services.outbox.cancelGroup(`emergency:${emergency.id}`, 'system');
    if (cancelled > 0) this.deps.logger.info({ emergency: emergency.id, cancelled }, 'cancelled pending campaign posts');
    await this.enqueue(emergency, 'lift');
  }

  private async enqueue(emergency: Emergency, phase: CampaignPhase, occurrence?: string, reminderIndex?: number): Promise<void> {
    const { services, planner, logger } = this.deps;
    const unfit: UnfitPost[] = [];
    const withheld: UnfitPost[] = [];
    const posts = planner.plan(emergency, phase, occurrence, reminderIndex, unfit, withheld).map((post) =>
      // The all-clear must survive the cancellation of the campaign it ends.
      phase === 'lift' ? { ...post, group: `emergency:${emergency.id}:all-clear` } : post,
    );
    const created = await services.outbox.enqueueAll(posts);
    await services.store.appendAudit({
      at: services.clock.now(),
      actor: 'system',
      action: `campaign.${phase}`,
      target: emergency.id,
      detail: { planned: posts.length, created, ...(occurrence === undefined ? {} : { occurrence }) },
    });
    logger.info({ emergency: emergency.id, phase, planned: posts.length, created }, 'campaign posts queued');
    for (const post of unfit) {
      // Never silent: the post that could not be made is an alarm and an audit entry for staff.
      logger.error({ emergency: emergency.id, post: post.id, channel: post.channel, reason: post.reason }, `ALARM campaign post ${post.topic} (${post.locale}) does not fit ${post.channel}; not queued there`);
      await services.store.appendAudit({ at: services.clock.now(), actor: 'system', action: 'campaign.unfit', target: post.id, where: post.channel, detail: { reason: post.reason } });
    }
    await this.reportWithheld(emergency, withheld);
  }

  /**
   * A language left out of a post because its text may not go out (not reviewed, while the city
   * allows only reviewed translations): logged and audited, one line per topic and language, so
   * staff see which residents did not get it.
   */
  private async reportWithheld(emergency: Emergency, withheld: UnfitPost[]): Promise<void> {
    const { services, logger } = this.deps;
    const seen = new Set<string>();
    for (const post of withheld) {
      const key = `${post.topic}\u0000${post.locale}`;
      if (seen.has(key)) continue;
      seen.add(key);
      logger.warn({ emergency: emergency.id, topic: post.topic, language: post.locale, reason: post.reason }, `campaign post ${post.topic} left out in ${post.locale}: ${post.reason}`);
      await services.store.appendAudit({ at: services.clock.now(), actor: 'system', action: 'campaign.language-withheld', target: emergency.id, detail: { topic: post.topic, language: post.locale, reason: post.reason } });
    }
  }

  private armReminders(emergency: Emergency): void {
    const { services, planner } = this.deps;
    planner.reminders(emergency.type).forEach((reminder, index) => {
      const id = `reminder:${emergency.id}:${index}`;
      this.armed.add(id);
      services.scheduler.setJob(id, reminder.cron, services.config.city.timeZone, async (occurrence) => {
        const current = await services.emergencies.get(emergency.id);
        if (current.status !== 'active') return this.disarmReminders(current);
        await this.enqueue(current, 'reminder', occurrence.toISOString().slice(0, 16), index);
      });
    });
  }

  private disarmReminders(emergency: Emergency): void {
    for (const id of [...this.armed]) {
      if (id.startsWith(`reminder:${emergency.id}:`)) {
        this.deps.services.scheduler.deleteJob(id);
        this.armed.delete(id);
      }
    }
  }
}
