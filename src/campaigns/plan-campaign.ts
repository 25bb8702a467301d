import type { ChannelLimits } from '../channels/channel.js';
import type { Emergency } from '../domain/emergency.js';
import type { NewPost } from '../domain/post.js';
import { fitToChannel } from '../templates/fit-to-channel.js';
import type { CampaignPhase } from './campaign-runner.js';
import { packLanguageThreads, type LanguageParts } from './pack-language-threads.js';
import type { Playbook, PlaybookStep } from './playbook.js';

export interface PlanTarget {
  channel: string;
  limits: ChannelLimits;
  /** The channel's own language list, if it restricts the playbook's. */
  locales?: readonly string[];
  /** `thread`: one post per topic with the languages as thread parts; default `separate`. */
  languageMode?: 'separate' | 'thread';
}

/** What a post's text reads of its emergency. */
export type EmergencyFacts = Pick<Emergency, 'type' | 'title' | 'effectiveAt' | 'params'> & { expiresAt?: number; revision?: number };

/** What the planner needs to say one topic in one language. */
export interface CampaignTexts {
  /** The languages the playbook posts in, the source language first. */
  languages(playbook: Playbook): string[];
  /**
   * The text of `topic` in exactly `language` for this emergency, or why it may not go out in
   * that language (a translation no person has reviewed, while the city allows only reviewed ones).
   */
  post(emergency: EmergencyFacts, topic: string, language: string, now: number): { text: string } | { withheld: string };
  /** "Mon 7:00 AM" / "lun 7:00" in the city's time zone: reminders carry it. */
  stamp(at: number, language: string): string;
}

export interface PlanInput {
  emergency: Emergency;
  playbook: Playbook;
  phase: CampaignPhase;
  /** Reminder occurrence or update revision; part of every id. */
  occurrence?: string;
  reminderIndex?: number;
  targets: PlanTarget[];
  texts: CampaignTexts;
  now: number;
  /**
   * Collects the posts that cannot be fitted to a channel (a parameter too long for it) instead
   * of failing the whole plan: one channel's limit must not stop every other channel's posts.
   */
  unfit?: UnfitPost[];
  /** Collects the languages left out of a post because their text may not go out (never silent). */
  withheld?: UnfitPost[];
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

/** The playbook's languages a channel posts in, in the playbook's order. */
export function localesFor(languages: readonly string[], target: Pick<PlanTarget, 'locales'>): string[] {
  return target.locales === undefined ? [...languages] : languages.filter((l) => target.locales?.includes(l));
}

/**
 * Id of a campaign post: ordered so posts due together go out in playbook order, English first.
 * A multilingual thread has `mul1`, `mul2`... where a post of one language has its code.
 */
export function campaignPostId(emergencyId: string, phase: CampaignPhase, occurrence: string, index: number, topic: string, locale: string, channel: string): string {
  return `camp:${emergencyId}:${phase}:${occurrence}:${String(index).padStart(2, '0')}-${topic}:${locale}:${channel}`;
}

/**
 * Every post of one phase of a campaign, per channel and language, fitted to the channel. Pure
 * and deterministic: planning the same phase twice gives the same ids, so nothing is enqueued
 * twice. A language whose text is missing fails loudly (validation makes sure none is); one whose
 * text may not go out is left out of that post and reported in `withheld`.
 */
export function planCampaign(input: PlanInput): NewPost[] {
  const { emergency, playbook, phase, texts, now } = input;
  const occurrence = input.occurrence ?? '0';
  // A lift is news now, even when it comes before the emergency was to take effect.
  const start = phase === 'lift' ? now : Math.max(now, emergency.effectiveAt);
  const steps = stepsFor(playbook, phase, input.reminderIndex);
  const firstDeclare = playbook.onDeclare[0]?.topic ?? 'status';
  const languages = texts.languages(playbook);
  // Each topic is rendered once per language, whatever the number of channels.
  const rendered = new Map<string, { text: string } | { withheld: string }>();
  const textOf = (topic: string, language: string) => {
    const key = `${topic}\u0000${language}`;
    let result = rendered.get(key);
    if (result === undefined) {
      result = texts.post(emergency, topic, language, now);
      // Reminders repeat the same topics day after day; platforms (X) refuse a repeated text,
      // and readers need to see it is current: each reminder carries its day and time.
      if ('text' in result && phase === 'reminder') result = { text: `${texts.stamp(now, language)} · ${result.text}` };
      rendered.set(key, result);
    }
    return result;
  };
  const base = { priority: playbook.priority, source: `campaign:${emergency.id}`, group: `emergency:${emergency.id}` } as const;
  const posts: NewPost[] = [];
  for (const target of input.targets) {
    const mine = localesFor(languages, target);
    const thread = target.languageMode === 'thread';
    steps.forEach((step, index) => {
      const idFor = (locale: string) => campaignPostId(emergency.id, phase, occurrence, index, step.topic, locale, target.channel);
      const rootFor = (locale: string) => campaignPostId(emergency.id, 'declare', '0', 0, firstDeclare, locale, target.channel);
      const dueAt = start + step.offsetMinutes * 60_000;
      const fitted: LanguageParts[] = [];
      for (const language of mine) {
        const id = idFor(thread ? 'mul' : language);
        const result = textOf(step.topic, language);
        if ('withheld' in result) {
          input.withheld?.push({ id, channel: target.channel, locale: language, topic: step.topic, reason: result.withheld });
          continue;
        }
        try {
          fitted.push({ language, parts: fitToChannel(result.text, target.limits) });
        } catch (error) {
          if (input.unfit === undefined) throw error;
          input.unfit.push({ id: idFor(language), channel: target.channel, locale: language, topic: step.topic, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      if (!thread) {
        for (const { language, parts } of fitted) {
          posts.push({ id: idFor(language), channel: target.channel, parts, ...base, dueAt, locale: language, ...(phase === 'declare' ? {} : { threadUnder: rootFor(language) }) });
        }
        return;
      }
      // One thread per topic: as many languages per post as the platform's thread length allows.
      packLanguageThreads(fitted, target.limits.maxThreadParts).forEach((chunk, i) => {
        const locale = chunk.languages.length === 1 ? (chunk.languages[0] as string) : 'mul';
        const threadUnder = i > 0 ? idFor('mul1') : phase === 'declare' ? undefined : rootFor('mul1');
        posts.push({ id: idFor(`mul${i + 1}`), channel: target.channel, parts: chunk.parts, ...base, dueAt, locale, partLocales: chunk.partLocales, ...(threadUnder === undefined ? {} : { threadUnder }) });
      });
    });
  }
  return posts;
}
