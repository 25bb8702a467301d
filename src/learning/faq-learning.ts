import { createHash } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import { neutralize } from '../domain/neutralize.js';
import type { FaqService } from '../faq/faq-service.js';
import { normalizeText } from '../faq/normalize.js';
import type { Store } from '../store/store.js';

const PHRASINGS = 'faq-phrasings';
const DRAFTS = 'faq-drafts';
const SWITCHES = 'faq-switches';

/** A resident's wording staff added to an existing topic: answered at once, listed for review. */
export interface TaughtPhrasing {
  id: string;
  topic: string;
  text: string;
  locale: string;
  addedBy: string;
  addedAt: number;
  /** Live as soon as added; `pending` until someone copies it into the topic's file (faq/*.yaml). */
  review: 'pending';
  /** The hand-offs it was taught from, if any. */
  fromItems: string[];
}

/** A new topic proposed from hand-offs: never answers anything; the city writes it into faq/ after review. */
export interface TopicDraft {
  id: string;
  title: string;
  examples: string[];
  answer: string;
  locale: string;
  createdBy: string;
  createdAt: number;
  review: 'draft';
  fromItems: string[];
}

/** A topic staff switched off (or on again): the latest change wins, on every instance. */
export interface TopicSwitch {
  topic: string;
  disabled: boolean;
  by: string;
  at: number;
  reason?: string;
}

/**
 * What staff teach the FAQ while it runs, kept in the store so every instance and every restart
 * applies the same: phrasings added to topics, drafts of new topics, topics switched off. Each
 * change is applied to this instance's FAQ at once; other instances pick it up on `refresh`
 * (every 30 s, like translation reviews). The staff commands audit each change.
 */
export class FaqLearning {
  constructor(
    private readonly store: Store,
    private readonly faq: Pick<FaqService, 'applyOverrides' | 'topics'> & Partial<Pick<FaqService, 'retrained'>>,
    private readonly clock: Clock,
  ) {}

  /** Reads the store and applies phrasings and switches to the FAQ (start-up, timer, after each change). */
  async refresh(): Promise<void> {
    const [phrasings, switches] = await Promise.all([this.phrasings(), this.switches()]);
    const known = new Set(this.faq.topics());
    this.faq.applyOverrides({
      // A phrasing for a topic removed from faq/ since is kept in the store but teaches nothing.
      phrasings: phrasings.filter((p) => known.has(p.topic)).map((p) => ({ topic: p.topic, text: p.text, locale: p.locale })),
      disabled: switches.filter((s) => s.disabled).map((s) => s.topic),
    });
    // The classifier retrained with what was taught answers before this returns: a teach command
    // is live, rewordings included, when it reports success (a few seconds of background training).
    await this.faq.retrained?.();
  }

  async phrasings(): Promise<TaughtPhrasing[]> {
    return (await this.store.listDocs<TaughtPhrasing>(PHRASINGS)).sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
  }

  async drafts(): Promise<TopicDraft[]> {
    return (await this.store.listDocs<TopicDraft>(DRAFTS)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async switches(): Promise<TopicSwitch[]> {
    return (await this.store.listDocs<TopicSwitch>(SWITCHES)).sort((a, b) => a.topic.localeCompare(b.topic));
  }

  private requireTopic(topic: string): void {
    if (!this.faq.topics().includes(topic)) throw new AppError('INVALID_INPUT', `no FAQ topic "${topic}" (known: ${this.faq.topics().join(', ')})`);
  }

  /**
   * Teaches `text` as a phrasing of `topic`. The same words for the same topic are one phrasing
   * (adding twice changes nothing; `added` is false). Live on this instance before it returns.
   */
  async addPhrasing(input: { topic: string; text: string; locale: string; actor: string; fromItems?: string[] }): Promise<{ phrasing: TaughtPhrasing; added: boolean }> {
    this.requireTopic(input.topic);
    const text = neutralize(input.text, 500);
    const key = normalizeText(text);
    if (key === '') throw new AppError('INVALID_INPUT', 'the phrasing has no words to learn from');
    const id = createHash('sha256').update(`${input.topic}\u0000${key}`).digest('hex').slice(0, 16);
    const phrasing: TaughtPhrasing = { id, topic: input.topic, text, locale: input.locale, addedBy: input.actor, addedAt: this.clock.now(), review: 'pending', fromItems: input.fromItems ?? [] };
    const added = await this.store.putDocIfAbsent(PHRASINGS, id, phrasing);
    await this.refresh();
    return { phrasing: added ? phrasing : ((await this.store.getDoc<TaughtPhrasing>(PHRASINGS, id)) ?? phrasing), added };
  }

  /** Removes a taught phrasing (a reviewer disagreed); live on this instance at once. */
  async removePhrasing(id: string): Promise<TaughtPhrasing> {
    const phrasing = await this.store.getDoc<TaughtPhrasing>(PHRASINGS, id);
    if (phrasing === undefined) throw new AppError('NOT_FOUND', `no taught phrasing ${id}`);
    await this.store.deleteDoc(PHRASINGS, id);
    await this.refresh();
    return phrasing;
  }

  /** Stores a draft of a new topic; it answers nothing until the city adds it to faq/ after review. */
  async draftTopic(input: { title: string; examples: string[]; answer: string; locale: string; actor: string; fromItems?: string[] }): Promise<TopicDraft> {
    const title = neutralize(input.title, 120);
    const slug = normalizeText(title).replace(/ /g, '_').slice(0, 60) || 'topic';
    const now = this.clock.now();
    const draft: TopicDraft = {
      id: `${slug}-${now.toString(36)}`,
      title,
      examples: input.examples.map((e) => neutralize(e, 500)).filter((e) => e !== ''),
      answer: neutralize(input.answer, 1000),
      locale: input.locale,
      createdBy: input.actor,
      createdAt: now,
      review: 'draft',
      fromItems: input.fromItems ?? [],
    };
    if (!(await this.store.putDocIfAbsent(DRAFTS, draft.id, draft))) throw new AppError('CONFLICT', `a draft ${draft.id} already exists; try again`);
    return draft;
  }

  /** Switches a topic off (its questions go to staff) or on again; live on this instance at once. */
  async setDisabled(input: { topic: string; disabled: boolean; actor: string; reason?: string }): Promise<{ change: TopicSwitch; changed: boolean }> {
    this.requireTopic(input.topic);
    const before = await this.store.getDoc<TopicSwitch>(SWITCHES, input.topic);
    const change: TopicSwitch = { topic: input.topic, disabled: input.disabled, by: input.actor, at: this.clock.now(), ...(input.reason === undefined ? {} : { reason: neutralize(input.reason, 300) }) };
    const changed = (before?.disabled ?? false) !== input.disabled;
    if (changed) await this.store.putDoc(SWITCHES, input.topic, change);
    await this.refresh();
    return { change: changed ? change : (before ?? change), changed };
  }
}
