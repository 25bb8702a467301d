import type { CityConfig } from '../config/schema.js';
import type { ReplyDecider, ReplyDecision, ReplyEmergency, TopicGuess } from '../replies/decider.js';
import { buildTemplateContext } from '../templates/template-context.js';
import { DANGER_TIER_RANK } from './danger/compose-danger.js';
import type { DangerDetector, DangerFinding } from './danger/danger-detector.js';
import { createDangerTexts, type DangerTextKind } from './danger/danger-texts.js';
import { pickReplyLocale } from './danger/pick-reply-locale.js';
import type { KnowledgeBase, Topic } from './knowledge-base.js';
import { knowledgeBaseVocabulary } from './language/knowledge-base-vocabulary.js';
import { DEFAULT_RECOGNISED_LANGUAGES, DEFAULT_SERVED_LANGUAGES, UNDETERMINED } from './language/language-codes.js';
import { createLatinToCyrillic } from './language/latin-to-cyrillic.js';
import { createLanguageRecognizer, type LanguageOptions, type LanguageRecognition } from './language/recognize-language.js';
import { LearnedPhrasings, type LearnedPhrasing } from './learned-phrasings.js';
import { Matcher, OFF_TOPIC, type MatchResult, type TopicExamples } from './matcher.js';
import { commonWords } from './known-words.js';

export interface FaqService extends ReplyDecider {
  topics(): string[];
  /** The language of a post as `decide` reads it, with the knowledge base's own words (for evaluation and routing). */
  recognizeLanguage(text: string): LanguageRecognition;
  /** A topic's answer for a locale and emergency state (the console's FAQ browser uses it too). */
  answer(topic: string, locale: string, emergency: ReplyEmergency | null): string;
  /** A 911 text (`faq/_urgent.yaml`) as a resident writing in `language` would get it. */
  dangerText(kind: DangerTextKind, language: string): string;
  /** Languages with an answer of their own for every topic: the ones residents can be answered in. */
  answeredLocales(): string[];
  /**
   * Replaces what staff changed while running (learnt phrasings, switched-off topics). Switches and
   * the taught wordings themselves are live at once; the classifier is retrained with the taught
   * phrasings in the background (`retrained()`), so rewordings of them are answered too.
   */
  applyOverrides(overrides: FaqOverrides): void;
  /** Resolves once the classifier trained with the phrasings last applied answers (at once when nothing is training). */
  retrained(): Promise<void>;
  /** A topic's answer version and its "as of" time; undefined for an unknown topic. */
  versionOf(topic: string): { version: string; asOf: number } | undefined;
  /** Topics switched off by staff: their questions go to the staff inbox. */
  disabledTopics(): string[];
}

/** What staff changed in the FAQ while the service runs (kept in the store, applied on every instance). */
export interface FaqOverrides {
  phrasings: readonly LearnedPhrasing[];
  disabled: readonly string[];
}

/**
 * Each taught phrasing trains the classifier as this many examples: staff picked it from real
 * hand-offs, and one example among hundreds of a topic would hardly move the model.
 */
export const TAUGHT_EXAMPLE_WEIGHT = 2;

/** The topics with the taught phrasings added to their examples, in each phrasing's language. */
function withTaught(topics: readonly TopicExamples[], phrasings: readonly LearnedPhrasing[]): TopicExamples[] {
  if (phrasings.length === 0) return [...topics];
  return topics.map((topic) => {
    const taught = phrasings.filter((p) => p.topic === topic.id);
    if (taught.length === 0) return topic;
    const byLocale: Record<string, string[]> = topic.phrasesByLocale === undefined ? { und: [...topic.examples, ...topic.keywords] } : Object.fromEntries(Object.entries(topic.phrasesByLocale).map(([locale, texts]) => [locale, [...texts]]));
    for (const p of taught) for (let i = 0; i < TAUGHT_EXAMPLE_WEIGHT; i++) (byLocale[p.locale ?? 'und'] ??= []).push(p.text);
    return { ...topic, phrasesByLocale: byLocale };
  });
}

/** The knowledge base as the classifier is trained on it: every topic and the off-topic class, each text in its language. */
export function matcherTopics(kb: KnowledgeBase): TopicExamples[] {
  return [...kb.topics, { ...kb.offTopic, id: OFF_TOPIC }].map((t) => ({ id: t.id, examples: t.examples, keywords: t.keywords, ...(t.phrasesByLocale === undefined ? {} : { phrasesByLocale: t.phrasesByLocale }) }));
}

/** What identifies a set of taught phrasings (order aside). */
function withTaughtKey(phrasings: readonly LearnedPhrasing[]): string {
  return JSON.stringify(phrasings.map((p) => [p.topic, p.locale ?? 'und', p.text]).sort());
}

/** Of two readings of one message, the one that found the graver danger (the first when equal). */
function moreAlarming(first: DangerFinding, second: DangerFinding): DangerFinding {
  return DANGER_TIER_RANK[second.tier] > DANGER_TIER_RANK[first.tier] ? second : first;
}

/** How many of the classifier's best topics a hand-off keeps for staff. */
const GUESSES_KEPT = 3;

export interface FaqOptions {
  locales: readonly string[];
  defaultLocale: string;
  /** Languages answered in and languages only recognised (`city.languages`); default: the ten and the thirteen. */
  languages?: LanguageOptions;
  threshold: number;
  city: CityConfig;
  /** Reads every message for danger first, in every language it has a lexicon for. */
  danger: DangerDetector;
  now?: () => number;
  /** A type's title in a language other than the source one (the playbook's); answers say it. */
  titleFor?: (type: string, language: string) => string | undefined;
  /** The short pointer to 311 with an interpreter (911 for danger) in an unserved language, if the city approved one. */
  interpreterReply?: (language: string, variant: 'general' | 'danger', now: number) => string | undefined;
  /** Reviews of the answers made while running (src/translations): held-back drafts, live corrections. */
  answerTexts?: LiveAnswerTexts;
}

/**
 * How a FAQ text in a language stands now, beyond its file: `state` is an answer's state
 * (`default`, `snow`...) or `acknowledge`. Implemented by the translations module (the one place
 * reviews live); the 911 texts are never asked about: they are never held back.
 */
export interface LiveAnswerTexts {
  /** Why this text may not go out now (not reviewed while `city.translations.sendUnreviewed` is off), else undefined. */
  withheldReason(language: string, topic: string, state: string): string | undefined;
  /** A reviewer's correction of this text rendered with `context`, or undefined when the file's text stands. */
  renderEdited(language: string, topic: string, state: string, context: Record<string, unknown>): string | undefined;
  /** What to send instead of a held-back answer: a reviewed pointer in that language, or undefined (staff only). */
  heldReply(language: string, now: number): string | undefined;
  /** Changes whenever a review or correction does: cached renders are dropped. */
  revision(): number;
  /** A topic's version and "as of" time once a reviewer corrected any of its texts while running; undefined when none is. */
  correctedVersion(topic: string, fileVersion: string, fileAsOf: number): { version: string; asOf: number } | undefined;
}

/** The answer template for a state: the emergency's own type, then any emergency, then normal times. */
function pickTemplate(topic: Topic, locale: string, defaultLocale: string, emergency: ReplyEmergency | null) {
  const states = emergency === null ? ['default'] : [emergency.type, 'active', 'default'];
  for (const state of states) {
    const variant = topic.answers.get(state);
    if (variant === undefined) continue;
    const own = variant.get(locale);
    if (own !== undefined) return { template: own, locale, state };
    const fallback = variant.get(defaultLocale);
    if (fallback !== undefined) return { template: fallback, locale: defaultLocale, state };
  }
  return undefined;
}

/**
 * Danger check first: clear danger always gets the 911 reply, possible danger a reply that leads
 * with the 911 line. Then the matcher; below the confidence threshold the message goes to staff.
 * Answers are rendered for the emergency in effect now, in the asker's language where the
 * knowledge base has it.
 */
export function createFaqService(kb: KnowledgeBase, options: FaqOptions): FaqService {
  const baseTopics = matcherTopics(kb);
  let matcher = new Matcher(baseTopics, options.threshold, commonWords(), { cues: kb.cues });
  /** The taught phrasings the current (or coming) matcher is trained with, and its training. */
  let trainedWith = withTaughtKey([]);
  /** Settles with the error of a training that failed (the model before it keeps answering); never rejects. */
  let training: Promise<Error | undefined> = Promise.resolve(undefined);
  const retrain = (phrasings: readonly LearnedPhrasing[]): void => {
    const key = withTaughtKey(phrasings);
    if (key === trainedWith) return;
    const before = trainedWith;
    trainedWith = key;
    const topics = withTaught(baseTopics, phrasings);
    training = Matcher.inBackground(topics, options.threshold, commonWords(), { cues: kb.cues }).then(
      (next) => {
        // A newer set of phrasings may have been applied meanwhile: only the latest goes live.
        if (trainedWith === key) matcher = next;
        return undefined;
      },
      (error: unknown) => {
        // The next refresh tries again.
        if (trainedWith === key) trainedWith = before;
        return error instanceof Error ? error : new Error(String(error));
      },
    );
  };
  const byId = new Map(kb.topics.map((t) => [t.id, t]));
  const learned = new LearnedPhrasings();
  let disabled: ReadonlySet<string> = new Set();
  /** A phrasing staff added wins over the classifier: that is what they taught it. */
  const matchPost = (text: string, read: string, language: string): MatchResult & { learned: boolean } => {
    const taught = learned.match(text);
    if (taught !== undefined && byId.has(taught.topic)) return { topic: taught.topic, confidence: taught.similarity, best: taught.topic, complaint: false, learned: true };
    return { ...matcher.match(read, language), learned: false };
  };
  const guessesFor = (text: string, language: string): TopicGuess[] =>
    matcher
      .explain(text, language)
      .filter((g) => g.topic !== OFF_TOPIC)
      .slice(0, GUESSES_KEPT)
      .map((g) => ({ topic: g.topic, confidence: Number(g.probability.toFixed(3)) }));
  // A live correction supersedes the file's version: replies given before it are listed as superseded.
  const versionFields = (topic: Topic) => ({ ...(options.answerTexts?.correctedVersion(topic.id, topic.version, topic.asOf) ?? { version: topic.version, asOf: topic.asOf }), ...(topic.source === undefined ? {} : { source: topic.source }) });
  const languages = options.languages ?? { served: DEFAULT_SERVED_LANGUAGES, recognised: DEFAULT_RECOGNISED_LANGUAGES };
  const vocabulary = knowledgeBaseVocabulary([...kb.topics, kb.urgent, kb.offTopic]);
  const recognizer = createLanguageRecognizer({ vocabulary });
  // Built when the first post in Russian translit arrives: most cities never see one.
  let toCyrillic: ((text: string) => string) | undefined;
  /** The text the matcher reads: Russian typed in Latin letters in Cyrillic, as the Russian examples are written. */
  const readable = (text: string, recognition: LanguageRecognition): string => {
    if (recognition.romanized !== true || recognition.language !== 'ru') return text;
    toCyrillic ??= createLatinToCyrillic(vocabulary.get('ru') ?? []);
    return toCyrillic(text);
  };
  const now = options.now ?? Date.now;
  // During a storm the same few answers are rendered thousands of times for one emergency state;
  // a render is cached for that state and at most a minute (templates may format the time).
  const cache = new Map<string, { text: string; locale: string } | undefined>();
  let cacheMinute = -1;
  let cacheRevision = -1;
  const live = options.answerTexts;
  const render = (topic: Topic, locale: string, emergency: ReplyEmergency | null, complaint = false): { text: string; locale: string } | undefined => {
    const minute = Math.floor(now() / 60_000);
    const revision = live?.revision() ?? 0;
    if (minute !== cacheMinute || revision !== cacheRevision || cache.size > 5000) {
      cache.clear();
      cacheMinute = minute;
      cacheRevision = revision;
    }
    const key = `${topic.id}\u0000${locale}\u0000${complaint ? 'c' : ''}\u0000${emergency === null ? '' : `${emergency.type}\u0000${emergency.effectiveAt}\u0000${emergency.expiresAt ?? ''}\u0000${emergency.title}\u0000${JSON.stringify(emergency.params)}`}`;
    if (cache.has(key)) return cache.get(key);
    const rendered = renderUncached(topic, locale, emergency);
    // A complaint gets the topic's acknowledgement first, in the answer's own language.
    const acknowledgement = complaint && rendered !== undefined ? (live?.renderEdited(rendered.locale, topic.id, 'acknowledge', {}) ?? topic.acknowledge.get(rendered.locale)) : undefined;
    const reply = acknowledgement === undefined || rendered === undefined ? rendered : { text: `${acknowledgement} ${rendered.text}`, locale: rendered.locale };
    cache.set(key, reply);
    return reply;
  };
  const renderUncached = (topic: Topic, locale: string, emergency: ReplyEmergency | null): { text: string; locale: string } | undefined => {
    const picked = pickTemplate(topic, locale, options.defaultLocale, emergency);
    if (picked === undefined) return undefined;
    // The facts that are words, and the emergency's title, in the answer's own language.
    const title = emergency === null ? undefined : options.titleFor?.(emergency.type, picked.locale);
    const context = buildTemplateContext(emergency ?? { type: 'none', title: '', effectiveAt: now(), params: {} }, options.city, now(), { language: picked.locale, ...(title === undefined ? {} : { title }) });
    return { text: live?.renderEdited(picked.locale, topic.id, picked.state, context) ?? picked.template(context, picked.locale), locale: picked.locale };
  };
  /**
   * Why the asker's own answer may not go out now (a draft while unreviewed texts are held back);
   * a held acknowledgement only drops the acknowledgement (`complaint` comes back false).
   */
  const heldBack = (topic: Topic, locale: string, emergency: ReplyEmergency | null, complaint: boolean): { reason?: string; complaint: boolean } => {
    const picked = live === undefined ? undefined : pickTemplate(topic, locale, options.defaultLocale, emergency);
    if (live === undefined || picked === undefined || picked.locale !== locale) return { complaint };
    const reason = live.withheldReason(locale, topic.id, picked.state);
    return { ...(reason === undefined ? {} : { reason }), complaint: complaint && topic.acknowledge.has(locale) && live.withheldReason(locale, topic.id, 'acknowledge') === undefined };
  };
  const dangerTexts = createDangerTexts(kb.urgent, 'en', (template, locale) => template(buildTemplateContext({ type: 'none', title: '', effectiveAt: now(), params: {} }, options.city, now(), { language: locale }), locale));
  /**
   * The 911 text for someone in danger, in the language they wrote in: a served language's own
   * text; for a recognised language the city does not serve, that language's interpreter pointer
   * ("call 911 now, say 'Korean'", locales/<lang>.yaml) where the city has one, else the
   * interpreter line of faq/_urgent.yaml, then the English text (English alone without either).
   * Their own language goes first: a platform that shortens a long reply cuts the English tail.
   */
  const dangerLine = (kind: DangerTextKind, language: string): { text: string; locale: string } => {
    if (!languages.served.includes(language) && language !== UNDETERMINED) {
      const pointer = options.interpreterReply?.(language, 'danger', now());
      if (pointer !== undefined) return { text: `${pointer}\n\n${dangerTexts.line(kind, options.defaultLocale).text}`, locale: language };
    }
    return dangerTexts.line(kind, language);
  };
  /**
   * A message in a recognised language the city does not serve, with no danger in it: staff take
   * it, tagged with the language; where the city approved a pointer in that language, the resident
   * is told (in it) to call 311 for an interpreter. Danger is answered before this (911 first).
   */
  const routeUnservedLanguage = (recognition: LanguageRecognition, started: number, danger: Pick<ReplyDecision, 'danger' | 'dangerKinds'>): ReplyDecision | undefined => {
    if (recognition.served || recognition.language === UNDETERMINED) return undefined;
    const reply = options.interpreterReply?.(recognition.language, 'general', now()) ?? null;
    return { kind: 'handoff', ...danger, topic: null, confidence: recognition.confidence, locale: recognition.language, reply, latencyMs: performance.now() - started };
  };
  return {
    decide(text: string, emergency: ReplyEmergency | null): ReplyDecision {
      const started = performance.now();
      // The asker's language, or `und`; a decision's `locale` is the language of the reply it carries.
      const recognition = recognizer.recognize(text, languages);
      const detected = recognition.language;
      const read = readable(text, recognition);
      // Russian translit is read for danger as typed and in Cyrillic (the Russian lexicon's and the
      // model's words); the more alarming reading counts.
      const finding = read === text ? options.danger.detect(text, detected) : moreAlarming(options.danger.detect(text, detected), options.danger.detect(read, detected));
      const danger = { danger: finding.tier, dangerKinds: finding.kinds };
      // Someone who may hurt themselves is told of the crisis line as well as 911, whatever the tier.
      const selfHarm = finding.kinds.includes('self_harm');
      if (finding.tier === 'urgent') {
        const reply = dangerLine(selfHarm ? 'self_harm' : 'default', pickReplyLocale(text, detected, finding.languages));
        return { kind: 'urgent', ...danger, topic: null, confidence: 1, locale: reply.locale, reply: reply.text, latencyMs: performance.now() - started };
      }
      if (finding.tier === 'none') {
        const routed = routeUnservedLanguage(recognition, started, danger);
        if (routed !== undefined) return routed;
      }
      const match = matchPost(text, read, detected);
      const chosen = match.topic === null ? undefined : byId.get(match.topic);
      // A switched-off topic answers nobody: its questions go to staff, with what it would have said named.
      const topic = chosen !== undefined && disabled.has(chosen.id) ? undefined : chosen;
      const switchedOff = chosen !== undefined && topic === undefined ? { disabledTopic: chosen.id } : {};
      const learntFlag = match.learned ? { learned: true } : {};
      const held = topic === undefined ? { complaint: false } : heldBack(topic, detected, emergency, match.complaint);
      const rendered = topic === undefined || held.reason !== undefined ? undefined : render(topic, detected, emergency, held.complaint);
      // An answer only in the asker's language: otherwise staff take it, tagged with that language.
      const answer = rendered !== undefined && rendered.locale === detected ? rendered : undefined;
      const withheld = held.reason === undefined ? {} : { withheld: held.reason };
      if (finding.tier === 'possible') {
        // The 911 line first, in the asker's language; the answer follows only in that same language.
        const lead = dangerLine(selfHarm ? 'self_harm' : 'possible', pickReplyLocale(text, detected, finding.languages));
        const withAnswer = topic !== undefined && answer !== undefined && answer.locale === lead.locale;
        const reply = withAnswer ? `${lead.text}\n\n${answer.text}` : lead.text;
        const answered = withAnswer ? { ...versionFields(topic), ...learntFlag } : { guesses: guessesFor(read, detected), ...switchedOff, ...withheld };
        return { kind: withAnswer ? 'answer' : 'handoff', ...danger, topic: withAnswer ? topic.id : null, confidence: match.confidence, locale: lead.locale, reply, latencyMs: performance.now() - started, ...answered };
      }
      if (held.reason !== undefined) {
        // Held back, never replaced by another language: a reviewed pointer in the asker's language if the city has one, and staff.
        const reply = live?.heldReply(detected, now()) ?? null;
        return { kind: 'handoff', ...danger, topic: null, confidence: match.confidence, locale: detected, reply, latencyMs: performance.now() - started, guesses: guessesFor(read, detected), ...withheld };
      }
      if (topic === undefined || answer === undefined) {
        return { kind: 'handoff', ...danger, topic: null, confidence: match.confidence, locale: detected, reply: null, latencyMs: performance.now() - started, guesses: guessesFor(read, detected), ...switchedOff };
      }
      return { kind: 'answer', ...danger, topic: topic.id, confidence: match.confidence, locale: detected, reply: answer.text, latencyMs: performance.now() - started, ...versionFields(topic), ...learntFlag };
    },
    topics: () => kb.topics.map((t) => t.id),
    recognizeLanguage: (text: string) => recognizer.recognize(text, languages),
    answeredLocales: () => [...new Set(kb.topics.flatMap((t) => [...(t.answers.get('default')?.keys() ?? [])]))].filter((locale) => kb.topics.every((t) => t.answers.get('default')?.has(locale) === true)),
    applyOverrides(overrides: FaqOverrides): void {
      learned.replace(overrides.phrasings);
      disabled = new Set(overrides.disabled);
      retrain(overrides.phrasings);
    },
    async retrained(): Promise<void> {
      // Phrasings applied while one training ran start another: wait until none is left.
      for (let current = training; ; current = training) {
        const failed = await current;
        if (current !== training) continue;
        if (failed !== undefined) throw new Error(`retraining the FAQ classifier with the taught phrasings failed: ${failed.message}`);
        return;
      }
    },
    versionOf(topicId: string) {
      const topic = byId.get(topicId);
      return topic === undefined ? undefined : versionFields(topic);
    },
    disabledTopics: () => [...disabled].sort(),
    answer(topicId: string, locale: string, emergency: ReplyEmergency | null): string {
      const topic = topicId === '_urgent' ? kb.urgent : byId.get(topicId);
      return topic === undefined ? '' : (render(topic, locale, emergency)?.text ?? '');
    },
    dangerText: (kind, language) => dangerLine(kind, language).text,
  };
}
