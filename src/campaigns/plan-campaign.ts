import type { ChannelLimits } from '../channels/channel.js';
import type { CityConfig } from '../config/schema.js';
import type { Emergency } from '../domain/emergency.js';
import type { NewPost } from '../domain/post.js';
import { fitToChannel } from '../templates/fit-to-channel.js';
import { buildTemplateContext } from '../templates/template-context.js';
import type { TemplateSet } from '../templates/template-set.js';
import type { CampaignPhase } from './campaign-runner.js';
import type { Playbook, PlaybookStep } from './playbook.js';

export interface PlanTarget {
  channel: string;
  limits: ChannelLimits;
  /** The channel's own locale list, if it restricts the playbook's. */
  locales?: readonly string[];
}

export interface PlanInput {
  emergency: Emergency;
  playbook: Playbook;
  phase: CampaignPhase;
  /** Reminder occurrence or update revision; part of every id. */
  occurrence?: string;
  reminderIndex?: number;
  targets: PlanTarget[];
  templates: TemplateSet;
  city: CityConfig;
  now: number;
  /**
   * Collects the posts that cannot be fitted to a channel (a parameter too long for it) instead
   * of failing the whole plan: one channel's limit must not stop every other channel's posts.
   */
  unfit?: UnfitPost[];
}

export interface UnfitPost {
  id: string;
  channel: string;
  locale: string;
  topic: string;
  reason: string;
}

/** The steps of one phase, in playbook order. */
export function stepsFor(playbook: Playbook, phase: CampaignPhase, reminderIndex = 0): PlaybookStep[] {
  switch (phase) {
    case 'declare':
      return playbook.onDeclare;
    case 'update':
      return playbook.onUpdate;
    case 'lift':
      return playbook.onLift;
    case 'reminder':
      return (playbook.reminders[reminderIndex]?.topics ?? []).map((topic) => ({ topic, offsetMinutes: 0 }));
  }
}

export function localesFor(playbook: Playbook, target: Pick<PlanTarget, 'locales'>): string[] {
  return target.locales === undefined ? playbook.locales : playbook.locales.filter((l) => target.locales?.includes(l));
}

/** "Mon 7:00 AM" / "lun 7:00" in the city's time zone. */
export function reminderStamp(at: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(at));
}

/** Id of a campaign post: ordered so posts due together go out in playbook order, English first. */
export function campaignPostId(emergencyId: string, phase: CampaignPhase, occurrence: string, index: number, topic: string, locale: string, channel: string): string {
  return `camp:${emergencyId}:${phase}:${occurrence}:${String(index).padStart(2, '0')}-${topic}:${locale}:${channel}`;
}

/**
 * Every post of one phase of a campaign, per channel and locale, fitted to the channel. Pure and
 * deterministic: planning the same phase twice gives the same ids, so nothing is enqueued twice.
 */
export function planCampaign(input: PlanInput): NewPost[] {
  const { emergency, playbook, phase, templates, city, now } = input;
  const occurrence = input.occurrence ?? '0';
  const context = buildTemplateContext(emergency, city, now);
  // A lift is news now, even when it comes before the emergency was to take effect.
  const start = phase === 'lift' ? now : Math.max(now, emergency.effectiveAt);
  const steps = stepsFor(playbook, phase, input.reminderIndex);
  const firstDeclare = playbook.onDeclare[0]?.topic ?? 'status';
  const posts: NewPost[] = [];
  for (const target of input.targets) {
    for (const locale of localesFor(playbook, target)) {
      steps.forEach((step, index) => {
        const { text: body, locale: rendered } = templates.render(emergency.type, step.topic, locale, context);
        // Reminders repeat the same topics day after day; platforms (X) refuse a repeated text,
        // and readers need to see it is current: each reminder carries its day and time.
        const text = phase === 'reminder' ? `${reminderStamp(now, rendered, city.timeZone)} · ${body}` : body;
        // A fallback to the default locale would post the same English text twice on one channel.
        if (rendered !== locale && localesFor(playbook, target).includes(rendered)) return;
        const id = campaignPostId(emergency.id, phase, occurrence, index, step.topic, locale, target.channel);
        let parts: string[];
        try {
          parts = fitToChannel(text, target.limits);
        } catch (error) {
          if (input.unfit === undefined) throw error;
          input.unfit.push({ id, channel: target.channel, locale, topic: step.topic, reason: error instanceof Error ? error.message : String(error) });
          return;
        }
        posts.push({
          id,
          channel: target.channel,
          parts,
          priority: playbook.priority,
          dueAt: start + step.offsetMinutes * 60_000,
          source: `campaign:${emergency.id}`,
          group: `emergency:${emergency.id}`,
          locale,
          ...(phase === 'declare' ? {} : { threadUnder: campaignPostId(emergency.id, 'declare', '0', 0, firstDeclare, locale, target.channel) }),
        });
      });
    }
  }
  return posts;
}
