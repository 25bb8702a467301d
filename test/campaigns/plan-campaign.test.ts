import { describe, expect, it } from 'vitest';
import { limitsByKind } from '../../src/channels/registry.js';
import { campaignPostId, planCampaign, stepsFor, type CampaignTexts, type PlanInput, type PlanTarget } from '../../src/campaigns/plan-campaign.js';
import type { Playbook } from '../../src/campaigns/playbook.js';
import type { ChannelLimits } from '../../src/channels/channel.js';
import type { Emergency } from '../../src/domain/emergency.js';
import { measureLength } from '../../src/templates/measure-length.js';
import { shippedLanguageContent } from '../support/language-content.js';

const content = shippedLanguageContent().campaigns;
const texts = content.campaignTexts;
const snow = content.playbooks.get('snow') as Playbook;
/** The shipped texts as if only English and Spanish were served (the planner posts what `languages` says). */
const enEs: CampaignTexts = { ...texts, languages: () => ['en', 'es'] };
const NOW = Date.UTC(2026, 0, 19, 23, 0);
const X = limitsByKind()['x'] as ChannelLimits;
const BLUESKY = limitsByKind()['bluesky'] as ChannelLimits;

function emergency(overrides: Partial<Emergency> = {}): Emergency {
  return {
    id: 'snow-2026-01-19-abc123',
    type: 'snow',
    status: 'active',
    title: 'Snow emergency',
    effectiveAt: NOW,
    params: { trashDelayDays: 1 },
    source: 'cli',
    externalKeys: [],
    drill: false,
    createdAt: NOW,
    updatedAt: NOW,
    revision: 0,
    history: [],
    ...overrides,
  };
}

const TARGETS: PlanTarget[] = [
  { channel: 'x-311', limits: X },
  { channel: 'bluesky-311', limits: BLUESKY, locales: ['en'] },
];

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return { emergency: emergency(), playbook: snow, phase: 'declare', targets: TARGETS, texts: enEs, now: NOW, ...overrides };
}

describe('campaignPostId', () => {
  it('has the documented shape and sorts in playbook order', () => {
    expect(campaignPostId('snow-1', 'declare', '0', 3, 'trash', 'es', 'x-311')).toBe('camp:snow-1:declare:0:03-trash:es:x-311');
    const ids = [10, 2, 0, 9, 1].map((i) => campaignPostId('e', 'declare', '0', i, 't', 'en', 'c'));
    expect([...ids].sort()).toEqual([0, 1, 2, 9, 10].map((i) => campaignPostId('e', 'declare', '0', i, 't', 'en', 'c')));
  });
});

describe('planCampaign', () => {
  it('is deterministic: the same input gives the same posts and ids', () => {
    const first = planCampaign(input());
    const second = planCampaign(input());
    expect(second).toEqual(first);
    expect(new Set(first.map((p) => p.id)).size).toBe(first.length);
  });

  it('covers every channel × allowed locale × declare step, in playbook order and offsets', () => {
    const posts = planCampaign(input());
    const steps = snow.onDeclare;
    const combos: [string, string][] = [
      ['x-311', 'en'],
      ['x-311', 'es'],
      ['bluesky-311', 'en'],
    ];
    expect(posts).toHaveLength(steps.length * combos.length);
    for (const [channel, locale] of combos) {
      const mine = posts.filter((p) => p.channel === channel && p.locale === locale);
      expect(mine.map((p) => p.id)).toEqual(steps.map((s, i) => `camp:snow-2026-01-19-abc123:declare:0:${String(i).padStart(2, '0')}-${s.topic}:${locale}:${channel}`));
      expect(mine.map((p) => p.dueAt)).toEqual(steps.map((s) => NOW + s.offsetMinutes * 60_000));
      // Ids sort in playbook order, so posts due together go out in order.
      expect([...mine.map((p) => p.id)].sort()).toEqual(mine.map((p) => p.id));
    }
    expect(posts.some((p) => p.channel === 'bluesky-311' && p.locale === 'es')).toBe(false);
  });

  it('marks every post with the emergency group, source and playbook priority, and fits each channel', () => {
    for (const post of planCampaign(input())) {
      expect(post).toMatchObject({ group: 'emergency:snow-2026-01-19-abc123', source: 'campaign:snow-2026-01-19-abc123', priority: 'emergency' });
      expect(post.threadUnder).toBeUndefined();
      const limits = post.channel === 'x-311' ? X : BLUESKY;
      for (const part of post.parts) expect(measureLength(part, limits.lengthRule)).toBeLessThanOrEqual(limits.maxLength);
    }
  });

  it('renders each locale in its own language', () => {
    const posts = planCampaign(input());
    const status = (locale: string) => posts.find((p) => p.id === `camp:snow-2026-01-19-abc123:declare:0:00-status:${locale}:x-311`)?.parts.join(' ') ?? '';
    expect(status('en')).toContain('SNOW EMERGENCY');
    expect(status('es')).not.toBe(status('en'));
    expect(status('es')).toMatch(/nieve/i);
  });

  it('gives different ids for different occurrences and revisions, stable ids for the same one', () => {
    const ids = (extra: Partial<PlanInput>) => planCampaign(input(extra)).map((p) => p.id);
    const morning = ids({ phase: 'reminder', occurrence: '2026-01-20T12:00', reminderIndex: 0 });
    const evening = ids({ phase: 'reminder', occurrence: '2026-01-20T22:00', reminderIndex: 0 });
    expect(morning.length).toBeGreaterThan(0);
    expect(morning.filter((id) => evening.includes(id))).toEqual([]);
    expect(ids({ phase: 'reminder', occurrence: '2026-01-20T12:00', reminderIndex: 0 })).toEqual(morning);
    const r1 = ids({ phase: 'update', occurrence: 'r1', emergency: emergency({ revision: 1 }) });
    const r2 = ids({ phase: 'update', occurrence: 'r2', emergency: emergency({ revision: 2 }) });
    expect(r1.every((id) => id.includes(':update:r1:'))).toBe(true);
    expect(r1.filter((id) => r2.includes(id))).toEqual([]);
    // Phases never collide either.
    const declare = ids({});
    const lift = ids({ phase: 'lift' });
    expect([...declare, ...lift, ...r1, ...morning].length).toBe(new Set([...declare, ...lift, ...r1, ...morning]).size);
    // A different emergency gets different ids.
    expect(ids({ emergency: emergency({ id: 'snow-2026-02-01-ffffff' }) }).filter((id) => declare.includes(id))).toEqual([]);
  });

  it('threads update, reminder and lift posts under the first declare post of the same channel and locale', () => {
    for (const phase of ['update', 'reminder', 'lift'] as const) {
      const posts = planCampaign(input({ phase, occurrence: phase === 'update' ? 'r1' : phase === 'reminder' ? '2026-01-20T12:00' : '0' }));
      expect(posts.length).toBeGreaterThan(0);
      for (const post of posts) {
        expect(post.threadUnder, post.id).toBe(`camp:snow-2026-01-19-abc123:declare:0:00-status:${post.locale}:${post.channel}`);
      }
    }
  });

  it('posts the steps of each phase: reminders by index, update and lift', () => {
    const topicsOf = (extra: Partial<PlanInput>) => [...new Set(planCampaign(input(extra)).map((p) => /:\d\d-([a-z-]+):/.exec(p.id)?.[1]))];
    expect(topicsOf({ phase: 'reminder', occurrence: 'o', reminderIndex: 0 })).toEqual(['status', 'move-car']);
    expect(topicsOf({ phase: 'update', occurrence: 'r1' })).toEqual(['update']);
    expect(topicsOf({ phase: 'lift' })).toEqual(['all-clear']);
    expect(stepsFor(snow, 'reminder', 5)).toEqual([]);
  });

  it('schedules from the effective time when it is in the future, and from now otherwise', () => {
    const later = NOW + 3 * 3_600_000;
    const future = planCampaign(input({ emergency: emergency({ effectiveAt: later }) }));
    expect(Math.min(...future.map((p) => p.dueAt))).toBe(later);
    const past = planCampaign(input({ emergency: emergency({ effectiveAt: NOW - 3_600_000 }) }));
    expect(Math.min(...past.map((p) => p.dueAt))).toBe(NOW);
    // Lifted before it took effect: the all-clear goes out now, not at the effective time.
    const liftedEarly = planCampaign(input({ emergency: emergency({ effectiveAt: later }), phase: 'lift' }));
    expect(liftedEarly.length).toBeGreaterThan(0);
    expect(liftedEarly.every((p) => p.dueAt === NOW)).toBe(true);
  });

  it('targets nothing → plans nothing', () => {
    expect(planCampaign(input({ targets: [] }))).toEqual([]);
  });

  describe('no language falls back to another', () => {
    const withheldEs: CampaignTexts = { ...enEs, post: (e, topic, language, now) => (language === 'es' ? { withheld: 'template:snow/status (es) is draft, not reviewed' } : texts.post(e, topic, language, now)) };

    it('leaves a withheld language out of the post and reports it, never posting English in its place', () => {
      const withheld: NonNullable<PlanInput['withheld']> = [];
      const posts = planCampaign(input({ texts: withheldEs, targets: [{ channel: 'x-es', limits: X, locales: ['es'] }, { channel: 'x-311', limits: X }], withheld }));
      expect(posts.filter((p) => p.channel === 'x-es')).toEqual([]);
      expect(posts.filter((p) => p.channel === 'x-311').every((p) => p.locale === 'en')).toBe(true);
      expect(withheld.map((w) => `${w.channel}:${w.locale}:${w.topic}`)).toEqual([...snow.onDeclare.map((s) => `x-es:es:${s.topic}`), ...snow.onDeclare.map((s) => `x-311:es:${s.topic}`)]);
      expect(withheld[0]?.reason).toMatch(/not reviewed/);
    });

    it('fails loudly for a language with no template at all (validation keeps this from happening)', () => {
      expect(() => planCampaign(input({ texts: { ...texts, languages: () => ['en', 'ko'] } }))).toThrow(/no ko template for snow\/status/);
    });
  });

  describe('a multilingual thread per topic (languageMode: thread)', () => {
    const all = texts.languages(snow);
    // An account that allows six parts per thread (X's own default is ten), so ten languages split.
    const X6 = { ...X, maxThreadParts: 6 };
    const threadX: PlanTarget = { channel: 'x-all', limits: X6, languageMode: 'thread' };

    it('posts one thread per topic, the source language first, each language as its own parts', () => {
      const posts = planCampaign(input({ texts, targets: [threadX] }));
      const status = posts.filter((p) => p.id.includes(':00-status:'));
      // Six parts per thread: ten languages of one part each take two threads.
      expect(status.map((p) => p.id)).toEqual(['camp:snow-2026-01-19-abc123:declare:0:00-status:mul1:x-all', 'camp:snow-2026-01-19-abc123:declare:0:00-status:mul2:x-all']);
      const [first, second] = status;
      expect(first?.partLocales?.[0]).toBe('en');
      expect([...new Set([...(first?.partLocales ?? []), ...(second?.partLocales ?? [])])]).toEqual(all);
      expect(first?.parts.length).toBeLessThanOrEqual(X6.maxThreadParts);
      expect(first?.locale).toBe('mul');
      expect(second?.threadUnder).toBe(first?.id);
      // Each part is that language's own text, whole.
      for (const post of status) post.parts.forEach((part, i) => expect(part).toBe(planCampaign(input({ texts, targets: [{ channel: 'x-all', limits: X, locales: [post.partLocales?.[i] ?? ''] }] })).find((p) => p.id.includes(':00-status:'))?.parts[0]));
      // Far fewer posts than one per language and topic: what budgets count. (A topic whose text
      // needs two parts in some language may take a third thread.)
      expect(posts.length).toBeLessThanOrEqual(snow.onDeclare.length * 3);
      for (const post of posts) expect(post.parts.length).toBeLessThanOrEqual(X6.maxThreadParts);
    });

    it('threads later phases under the first thread of the declaration, and keeps ids stable', () => {
      const lift = planCampaign(input({ texts, targets: [threadX], phase: 'lift' }));
      expect(lift[0]?.threadUnder).toBe('camp:snow-2026-01-19-abc123:declare:0:00-status:mul1:x-all');
      expect(planCampaign(input({ texts, targets: [threadX], phase: 'lift' }))).toEqual(lift);
    });

    it('keeps a channel with room for every language to one post per topic', () => {
      const discord: PlanTarget = { channel: 'discord', limits: { maxLength: 2000, lengthRule: 'chars', threads: true, maxThreadParts: 12 }, languageMode: 'thread' };
      const posts = planCampaign(input({ texts, targets: [discord] }));
      expect(posts).toHaveLength(snow.onDeclare.length);
      expect(posts[0]?.partLocales).toEqual(all);
    });
  });
});

describe('reminders', () => {
  it('carry their day and time, so a repeated reminder is never the same text (X refuses duplicates)', () => {
    const morning = planCampaign(input({ phase: 'reminder', occurrence: '2026-01-20T12:00', now: Date.UTC(2026, 0, 20, 12, 0) }));
    const evening = planCampaign(input({ phase: 'reminder', occurrence: '2026-01-20T22:00', now: Date.UTC(2026, 0, 20, 22, 0) }));
    const en = morning.find((p) => p.locale === 'en' && p.channel === 'x-311');
    const es = morning.find((p) => p.locale === 'es' && p.channel === 'x-311');
    expect(en?.parts[0]).toMatch(/^Tue 7:00\s?AM · /);
    expect(es?.parts[0]).toMatch(/^mar, 7:00 · /);
    const texts = (posts: typeof morning) => posts.map((p) => p.parts.join(' '));
    for (const text of texts(evening)) expect(texts(morning)).not.toContain(text);
    for (const post of [...morning, ...evening]) for (const part of post.parts) expect(measureLength(part, post.channel === 'x-311' ? 'weighted' : 'graphemes')).toBeLessThanOrEqual(post.channel === 'x-311' ? 280 : 300);
  });
});

describe('a channel its posts cannot fit', () => {
  const tiny: PlanTarget = { channel: 'pager', limits: { maxLength: 40, lengthRule: 'chars', threads: false, maxThreadParts: 1 } };

  it('is reported post by post while every other channel is still planned', () => {
    const unfit: { id: string; channel: string; reason: string }[] = [];
    const posts = planCampaign(input({ targets: [...TARGETS, tiny], unfit: unfit as NonNullable<PlanInput['unfit']> }));
    const normal = planCampaign(input());
    expect(posts.map((p) => p.id)).toEqual(normal.map((p) => p.id));
    expect(unfit.length).toBeGreaterThan(0);
    for (const u of unfit) {
      expect(u.channel).toBe('pager');
      expect(u.reason).toMatch(/allows 40 and has no threads/);
    }
  });

  it('fails the whole plan when nobody collects the problems (validation stays strict)', () => {
    expect(() => planCampaign(input({ targets: [...TARGETS, tiny] }))).toThrow(/allows 40/);
  });
});
