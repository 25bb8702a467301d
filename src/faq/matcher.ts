import { createHash } from 'node:crypto';
import { FeatureSpace, type FeatureSink, type SparseVector, type WordPlan } from './features.js';
import type { ClassScorer } from './class-scorer.js';
import { DEFAULT_TRAINING, LinearModel, softmaxInPlace, type TrainingOptions } from './linear-model.js';
import { hasCjk, normalizeText } from './normalize.js';
import { loadPostCues, type LanguageCues, type PostCues } from './post-cues.js';
import { asksAnything, segmentPost } from './post-segments.js';
import { TrainedWeightsCache } from './trained-weights-cache.js';
import { TypoFixer, type KnownWords } from './typo-fixer.js';
import { VectorPool } from './vector-pool.js';

export interface TopicExamples {
  id: string;
  /** Example posts, any locale. */
  examples: string[];
  /** Phrases that strongly indicate the topic, any locale (learnt as short examples). */
  keywords: string[];
  /**
   * Examples and keywords by locale, read with their language's cues; when given, trained
   * instead of `examples` and `keywords` (which are then read with every language's cues).
   */
  phrasesByLocale?: Readonly<Record<string, readonly string[]>>;
}

export interface MatchResult {
  topic: string | null;
  /** Calibrated probability that `topic` is right (0..1). */
  confidence: number;
  /** The most likely class before the threshold, `OFF_TOPIC` included (null when nothing in the post is known). */
  best: string | null;
  /** The post states that something did not happen ("still no plow", "nobody came") and asks nothing: answers may acknowledge it. */
  complaint: boolean;
}

/** The topic whose examples describe what the bot must not answer. */
export const OFF_TOPIC = '_offtopic';

/** Weight of the sentences around a question in a post that asks something: the question leads, the story helps. */
export const OTHER_SENTENCE_WEIGHT = 0.6;

export interface MatcherOptions {
  training?: TrainingOptions;
  otherSentenceWeight?: number;
  /** Question forms, cue words and negations per language (default: the shipped `faq/cues/`). */
  cues?: PostCues;
}

/**
 * Reads a whole post and names its topic, or none. Every example and keyword of the knowledge base
 * trains a softmax classifier over the topics plus an explicit off-topic class (rants, jokes,
 * thanks, questions the FAQ cannot answer); a post is read sentence by sentence, its question
 * sentences at full weight. The confidence is the classifier's probability of its best topic, so a
 * post two topics share, or one that looks like a rant, is handed to staff instead of answered.
 *
 * Built for a storm's volume: features are numbered and the model trained once at start-up
 * (deterministically), and a post is scored in preallocated scratch space. Matching is synchronous
 * and single-threaded, which makes the shared scratch space safe.
 */
export class Matcher {
  private readonly classes: string[];
  private readonly offTopic: number;
  private readonly space: FeatureSpace;
  private readonly model: ClassScorer;
  private readonly otherWeight: number;
  /** Adds a post's features to the class scores in scratch space. */
  private readonly scorer: PostScorer;
  private readonly scores: Float64Array;
  private readonly cues: PostCues;

  /**
   * `commonWords`: real words (normalised) that must never be taken for a misspelling of a
   * knowledge-base word. Without it, misspelt words only count through their trigrams.
   */
  constructor(
    topics: readonly TopicExamples[],
    private readonly threshold = 0.55,
    commonWords?: KnownWords,
    options: MatcherOptions = {},
    /** A model `Matcher.inBackground` trained for exactly these inputs. */
    prepared?: Trained,
  ) {
    this.classes = topics.map((t) => t.id);
    this.offTopic = this.classes.indexOf(OFF_TOPIC);
    this.otherWeight = options.otherSentenceWeight ?? OTHER_SENTENCE_WEIGHT;
    this.cues = options.cues ?? loadPostCues();
    const trained = prepared ?? trainedFor({ topics, otherWeight: this.otherWeight, training: options.training ?? DEFAULT_TRAINING, commonWords, cues: this.cues });
    this.space = trained.space;
    this.model = trained.model;
    this.scorer = new PostScorer(this.model);
    this.scores = new Float64Array(this.classes.length);
  }

  /**
   * The same matcher as the constructor builds, trained a few hundred examples at a time between
   * turns of the event loop: a running service retrains this way (taught phrasings) while it
   * keeps answering with the model it has.
   */
  static async inBackground(topics: readonly TopicExamples[], threshold = 0.55, commonWords?: KnownWords, options: MatcherOptions = {}): Promise<Matcher> {
    const cues = options.cues ?? loadPostCues();
    const trained = await trainedInBackground({ topics, otherWeight: options.otherSentenceWeight ?? OTHER_SENTENCE_WEIGHT, training: options.training ?? DEFAULT_TRAINING, commonWords, cues });
    return new Matcher(topics, threshold, commonWords, { ...options, cues }, trained);
  }

  /** The post's class scores (before the softmax) into `this.scores`; false when no feature of the post is known. */
  private score(text: string, cues: LanguageCues): boolean {
    const { scorer, scores } = this;
    scorer.reset();
    this.space.walk(segmentPost(text, cues), this.otherWeight, scorer, cues);
    if (scorer.squares === 0) return false;
    this.model.withBias(scorer.sums, 1 / Math.sqrt(scorer.squares), scores);
    return true;
  }

  /** `language`: the post's language (its cues are read); undefined or unknown reads every language's. */
  match(text: string, language?: string): MatchResult {
    const cues = this.cues.of(language);
    if (!this.score(text, cues)) return { topic: null, confidence: 0, best: null, complaint: false };
    const { scores } = this;
    let first = 0;
    for (let c = 1; c < scores.length; c++) if ((scores[c] as number) > (scores[first] as number)) first = c;
    // The softmax probability of the best class: 1 / Σ exp(score - best score).
    const top = scores[first] as number;
    let sum = 0;
    for (let c = 0; c < scores.length; c++) sum += Math.exp((scores[c] as number) - top);
    const best = this.classes[first] as string;
    const confidence = 1 / sum;
    if (first === this.offTopic || confidence < Math.max(this.threshold, cues.threshold)) return { topic: null, confidence, best, complaint: false };
    // A post that only states what did not happen ("still no plow on our block"): a question
    // with "still" in it ("is it still on?") is not one. Rare enough to read the post again.
    const complaint = this.scorer.complaint && !asksAnything(text, cues);
    return { topic: best, confidence, best, complaint };
  }

  /** Every class's probability for a post, highest first (the console's try-a-question and tests). */
  explain(text: string, language?: string): { topic: string; probability: number }[] {
    if (!this.score(text, this.cues.of(language))) return [];
    softmaxInPlace(this.scores);
    return this.classes.map((topic, c) => ({ topic, probability: this.scores[c] as number })).sort((a, b) => b.probability - a.probability);
  }
}

interface Trained {
  space: FeatureSpace;
  /** The trained weights, compacted for answering. */
  model: ClassScorer;
}

/**
 * Models trained in this process, by what they were trained from. Both parts are read-only once
 * trained (the space's word cache only fills in), so matchers built from the same knowledge base
 * share them: a service restarted in the same process, or the CLI and the service in tests, train
 * once.
 */
const trainedModels = new Map<string, Trained & { commonWords: KnownWords | undefined }>();
const TRAINED_KEPT = 4;
const weightsCache = new TrainedWeightsCache();

/** A topic's texts with the language each is read in (undefined: unknown, every language's cues). */
function textsOf(topic: TopicExamples): [string | undefined, readonly string[]][] {
  return topic.phrasesByLocale === undefined ? [[undefined, [...topic.examples, ...topic.keywords]]] : Object.entries(topic.phrasesByLocale);
}

/** Everything a model is trained from. */
interface TrainingInput {
  topics: readonly TopicExamples[];
  otherWeight: number;
  training: TrainingOptions;
  commonWords: KnownWords | undefined;
  cues: PostCues;
}

/** Trains (or reuses) a model in one go. */
function trainedFor(input: TrainingInput): Trained {
  const steps = trainingSteps(input, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Yields to the event loop between training steps: a running service keeps answering while it retrains. */
async function trainedInBackground(input: TrainingInput): Promise<Trained> {
  const steps = trainingSteps(input, BACKGROUND_STEP_EXAMPLES);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Examples trained between two pauses in the background (a few milliseconds of work). */
const BACKGROUND_STEP_EXAMPLES = 200;

/** Builds the features, then trains, pausing every `stepExamples` examples; returns the trained model. */
function* trainingSteps({ topics, otherWeight, training, commonWords, cues }: TrainingInput, stepExamples: number): Generator<void, Trained, void> {
  const key = createHash('sha256')
    .update(JSON.stringify([topics.map((t) => [t.id, textsOf(t)]), otherWeight, training, cues.fingerprint]))
    .digest('hex');
  const known = trainedModels.get(key);
  if (known !== undefined && known.commonWords === commonWords) return known;
  const space = new FeatureSpace();
  const { examples, labels } = vectorizeExamples(space, topics, otherWeight, cues);
  space.freeze(commonWords === undefined ? undefined : strictTypoFixer(topics, commonWords));
  const model = new LinearModel(topics.length, space.size);
  // The features are built from the examples every time (cheap); the weights come from the cache
  // when these exact examples were trained before.
  // Keyed by the vectors themselves too: a change to how features are read must not reuse weights.
  const vectors = createHash('sha256').update(key);
  for (const { ids, values } of examples) vectors.update(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength)).update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const cacheKey = vectors.update(labels).digest('hex');
  const cached = weightsCache.read(cacheKey, model.byteLength());
  if (cached === undefined) {
    yield* model.trainInSteps(examples, labels, training, stepExamples);
    weightsCache.write(cacheKey, model.toBytes());
  } else model.fromBytes(cached);
  if (trainedModels.size >= TRAINED_KEPT) trainedModels.delete(trainedModels.keys().next().value as string);
  const compact = model.compact();
  trainedModels.set(key, { space, model: compact, commonWords });
  return { space, model: compact };
}

/**
 * Every example's vector and class, numbering the features as they come. Kept out of the training
 * generator's scope: a closure made there would keep the vectors (tens of MiB) alive with the model.
 */
function vectorizeExamples(space: FeatureSpace, topics: readonly TopicExamples[], otherWeight: number, cues: PostCues): { examples: SparseVector[]; labels: Int32Array } {
  const examples: SparseVector[] = [];
  const labels: number[] = [];
  const pool = new VectorPool();
  for (let label = 0; label < topics.length; label++) {
    for (const [locale, texts] of textsOf(topics[label] as TopicExamples)) {
      const own = cues.of(locale);
      for (const text of texts) {
        examples.push(space.vectorize(segmentPost(text, own), otherWeight, own, pool));
        labels.push(label);
      }
    }
  }
  return { examples, labels: Int32Array.from(labels) };
}

/**
 * Reads slips of the knowledge base's words as those words. Strict: a wrong answer is worse than
 * none, so a slip that could be another real word stays unread. Built in its own scope so the
 * fixer's view of the real words keeps nothing of the training alive.
 */
function strictTypoFixer(topics: readonly TopicExamples[], commonWords: KnownWords): TypoFixer {
  const vocabulary = new Set<string>();
  for (const t of topics) for (const [, texts] of textsOf(t)) for (const text of texts) for (const word of normalizeText(text).split(' ')) if (word.length >= 4 && !hasCjk(word)) vocabulary.add(word);
  return new TypoFixer(vocabulary, { has: (word) => commonWords.has(word) || vocabulary.has(word) }, true);
}

/**
 * Sums a post's class scores as `FeatureSpace.walk` finds its features: a word adds its own
 * features' scores, computed once per distinct word; other features add their weights.
 */
class PostScorer implements FeatureSink {
  readonly sums: Float64Array;
  squares = 0;
  /** Whether a complaint cue or a negation was seen. */
  complaint = false;

  constructor(private readonly model: ClassScorer) {
    this.sums = new Float64Array(model.classes);
  }

  reset(): void {
    this.sums.fill(0);
    this.squares = 0;
    this.complaint = false;
  }

  word(plan: WordPlan, weight: number): void {
    if (plan.complaint) this.complaint = true;
    // Stopwords and unknown words have no features of their own (their pairs still count).
    if (plan.squares === 0) return;
    plan.scores ??= this.model.scoresOf(plan.ids, plan.weights);
    const { sums } = this;
    const scores = plan.scores;
    for (let c = 0; c < sums.length; c++) sums[c] = (sums[c] as number) + weight * (scores[c] as number);
    this.squares += weight * weight * plan.squares;
  }

  feature(id: number, weight: number): void {
    this.model.addFeature(id, weight, this.sums);
    this.squares += weight * weight;
  }

  markComplaint(): void {
    this.complaint = true;
  }
}
