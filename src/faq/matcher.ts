import { BIGRAM_WEIGHT, featureTokens, TRIGRAM_WEIGHT, visitFeatures } from './features.js';
import { hasCjk, normalizeText, plainWords } from './normalize.js';
import { TypoFixer } from './typo-fixer.js';

export interface TopicExamples {
  id: string;
  /** Example questions, any locale. */
  examples: string[];
  /** Phrases that strongly indicate the topic, any locale. */
  keywords: string[];
}

export interface MatchResult {
  topic: string | null;
  /** Calibrated probability that `topic` is right (0..1). */
  confidence: number;
  /** The best-scoring topic before the threshold (null when nothing matched at all). */
  best: string | null;
}

/** The topic whose examples describe what the bot must not answer. */
export const OFF_TOPIC = '_offtopic';

interface KeywordPhrase {
  /** Index into the per-question "already counted" stamps. */
  id: number;
  topic: number;
  /** The normalised phrase's words; the first is the word it is filed under. */
  words: string[];
}

/** What one written word contributes to a question; worked out once per distinct word. */
interface WordPlan {
  /** Keyword phrases starting with this word. */
  phrases: KeywordPhrase[] | undefined;
  /** Its stem; null for a stopword. */
  stem: string | null;
  /** Its known features (the word, then its trigrams) and their weights, in visit order. */
  features: Int32Array;
  weights: Float64Array;
  /** Bigram feature ids by the stem of the word that follows. */
  next: Map<string, number> | undefined;
}

/** Distinct words remembered per matcher; storm traffic repeats its vocabulary. */
const WORD_PLAN_LIMIT = 50_000;

/** Postings in compressed rows: feature f's entries are at [start[f], start[f + 1]). */
interface Postings {
  start: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

function compress(lists: { target: number; weight: number }[][]): Postings {
  const start = new Int32Array(lists.length + 1);
  let total = 0;
  lists.forEach((list, f) => {
    start[f] = total;
    total += list.length;
  });
  start[lists.length] = total;
  const target = new Int32Array(total);
  const weight = new Float64Array(total);
  let at = 0;
  for (const list of lists) {
    for (const entry of list) {
      target[at] = entry.target;
      weight[at] = entry.weight;
      at++;
    }
  }
  return { start, target, weight };
}

/**
 * TF-IDF over word, bigram, trigram and CJK features; a topic's score mixes its best single
 * example (precise phrasing) with its centroid (breadth), plus keyword hits. Confidence comes from
 * the best score and its margin over the runner-up, so a question that two topics both half-match
 * is not answered confidently.
 *
 * Built for a storm's volume: features are numbered once at start-up, postings live in typed
 * arrays, and a question is scored in preallocated scratch space, so matching one allocates
 * almost nothing. (Matching is synchronous and single-threaded, which makes the shared scratch
 * space safe.)
 */
export class Matcher {
  private readonly topics: string[];
  // Feature numbering, one map per kind so a question's features are looked up without building names.
  private readonly wordIds = new Map<string, number>();
  private readonly trigramIds = new Map<string, number>();
  private readonly cjkIds = new Map<string, number>();
  private readonly bigramIds = new Map<string, Map<string, number>>();
  private readonly idf: Float64Array;
  private readonly examplePostings: Postings;
  private readonly exampleTopic: Int32Array;
  private readonly centroidPostings: Postings;
  /** Keyword phrases by their first word; CJK phrases (no spaces) are checked by substring. */
  private readonly keywordsByWord = new Map<string, KeywordPhrase[]>();
  private readonly cjkKeywords: { topic: number; phrase: string }[] = [];

  // Scratch space for one question.
  private readonly queryWeight: Float64Array;
  private readonly queryOrder: Int32Array;
  private queryLength = 0;
  private readonly exampleScores: Float64Array;
  private readonly touched: Int32Array;
  private readonly best: Float64Array;
  private readonly centroid: Float64Array;
  private readonly hits: Float64Array;
  private readonly wordPlans = new Map<string, WordPlan>();
  private readonly contentWords: WordPlan[] = [];
  private phraseCount = 0;
  /** Per keyword phrase: the number of the last question it was counted for (each counts once). */
  private readonly phraseStamps: Float64Array;
  private questionNumber = 0;

  /** Puts a misspelt knowledge-base word right ("recyling" → "recycling"); absent without a word list. */
  private readonly typos: TypoFixer | undefined;

  /**
   * `commonWords`: real words (normalised) that must never be taken for a misspelling of a
   * knowledge-base word. Without it, misspelt words only count through their trigrams.
   */
  constructor(
    topics: TopicExamples[],
    private readonly threshold = 0.55,
    commonWords?: ReadonlySet<string>,
  ) {
    this.topics = topics.map((t) => t.id);
    const isTrigram: boolean[] = [];
    const register = (ids: Map<string, number>, key: string, trigram: boolean): number => {
      let id = ids.get(key);
      if (id === undefined) {
        id = isTrigram.length;
        ids.set(key, id);
        isTrigram.push(trigram);
      }
      return id;
    };
    const docs: { topic: number; counts: Map<number, number> }[] = [];
    topics.forEach((t, topic) => {
      for (const example of [...t.examples, ...t.keywords]) {
        const counts = new Map<number, number>();
        const add = (id: number, w: number) => counts.set(id, (counts.get(id) ?? 0) + w);
        visitFeatures(normalizeText(example), {
          word: (s) => add(register(this.wordIds, s, false), 1),
          trigram: (tri) => add(register(this.trigramIds, tri, true), TRIGRAM_WEIGHT),
          cjk: (c) => add(register(this.cjkIds, c, false), 1),
          bigram: (a, b) => {
            let second = this.bigramIds.get(a);
            if (second === undefined) this.bigramIds.set(a, (second = new Map()));
            add(register(second, b, false), BIGRAM_WEIGHT);
          },
        });
        docs.push({ topic, counts });
      }
      for (const keyword of t.keywords) {
        const phrase = normalizeText(keyword);
        if (phrase.length === 0) continue;
        if (hasCjk(phrase)) {
          this.cjkKeywords.push({ topic, phrase });
          continue;
        }
        const words = phrase.split(' ');
        const first = words[0] as string;
        const list = this.keywordsByWord.get(first) ?? [];
        list.push({ id: this.phraseCount++, topic, words });
        this.keywordsByWord.set(first, list);
      }
    });
    const featureCount = isTrigram.length;
    const df = new Float64Array(featureCount);
    for (const doc of docs) for (const f of doc.counts.keys()) df[f] = (df[f] as number) + 1;
    this.idf = df.map((n) => Math.log(1 + docs.length / n));

    const exampleLists: { target: number; weight: number }[][] = Array.from({ length: featureCount }, () => []);
    const centroidSums = topics.map(() => new Map<number, number>());
    docs.forEach((doc, example) => {
      for (const [f, w] of this.normalized(doc.counts)) {
        // Character trigrams (typo tolerance) score against topic centroids only: in the
        // per-example index they were most of the postings a query walks, for no change in
        // accuracy on the dev and held-out sets.
        if (!isTrigram[f]) exampleLists[f]?.push({ target: example, weight: w });
        const sum = centroidSums[doc.topic] as Map<number, number>;
        sum.set(f, (sum.get(f) ?? 0) + w);
      }
    });
    const centroidLists: { target: number; weight: number }[][] = Array.from({ length: featureCount }, () => []);
    centroidSums.forEach((sum, topic) => {
      for (const [f, w] of normalizeInPlace(sum)) centroidLists[f]?.push({ target: topic, weight: w });
    });
    this.examplePostings = compress(exampleLists);
    if (commonWords === undefined) this.typos = undefined;
    else {
      const vocabulary = new Set<string>();
      for (const t of topics) for (const text of [...t.examples, ...t.keywords]) for (const word of normalizeText(text).split(' ')) if (word.length >= 4 && !hasCjk(word)) vocabulary.add(word);
      // Strict: a wrong answer is worse than none, so a slip that could be another real word stays unread.
      this.typos = new TypoFixer(vocabulary, new Set([...commonWords, ...vocabulary]), true);
    }
    this.centroidPostings = compress(centroidLists);
    this.exampleTopic = Int32Array.from(docs, (d) => d.topic);

    this.phraseStamps = new Float64Array(this.phraseCount);
    this.queryWeight = new Float64Array(featureCount);
    this.queryOrder = new Int32Array(featureCount);
    this.exampleScores = new Float64Array(docs.length);
    this.touched = new Int32Array(docs.length);
    this.best = new Float64Array(topics.length);
    this.centroid = new Float64Array(topics.length);
    this.hits = new Float64Array(topics.length);
  }

  /** Adds `weight` to a question's feature (its first sighting fixes its place in the sums). */
  private count(id: number, weight: number): void {
    if (this.queryWeight[id] === 0) this.queryOrder[this.queryLength++] = id;
    this.queryWeight[id] = (this.queryWeight[id] as number) + weight;
  }

  private planFor(token: string): WordPlan {
    let plan = this.wordPlans.get(token);
    if (plan !== undefined) return plan;
    if (this.wordPlans.size >= WORD_PLAN_LIMIT) this.wordPlans.clear();
    const ids: number[] = [];
    const weights: number[] = [];
    // Features the knowledge base never uses cannot match anything: they are left out.
    const known = (id: number | undefined, weight: number) => {
      if (id === undefined) return;
      ids.push(id);
      weights.push(weight);
    };
    let stem: string | null = null;
    // The same walk as the knowledge base's examples had, so a word means the same features.
    visitFeatures(token, {
      word: (s) => {
        stem = s;
        known(this.wordIds.get(s), 1);
      },
      trigram: (tri) => known(this.trigramIds.get(tri), TRIGRAM_WEIGHT),
      cjk: () => undefined,
      bigram: () => undefined,
    });
    const found: string | null = stem;
    if (found !== null && this.typos !== undefined && this.wordIds.get(found) === undefined) {
      // A word the knowledge base never uses: if it is a slip of one it does use, read it as that.
      const fixed = this.typos.fix(token);
      if (fixed !== undefined) {
        plan = this.planFor(fixed);
        this.wordPlans.set(token, plan);
        return plan;
      }
    }
    plan = { phrases: this.keywordsByWord.get(token), stem: found, features: Int32Array.from(ids), weights: Float64Array.from(weights), next: found === null ? undefined : this.bigramIds.get(found) };
    this.wordPlans.set(token, plan);
    return plan;
  }

  /**
   * A question's features into the scratch space, in the order `visitFeatures` gives them.
   * `tokens` are `featureTokens(normalizedText)`; `cjk` says whether they may hold CJK.
   */
  private collectFeatures(tokens: string[], cjk: boolean, normalizedText: string): void {
    const words = this.contentWords;
    words.length = 0;
    if (cjk) {
      // CJK splits words into characters; keyword phrases are matched on whole words.
      const written = normalizedText.split(' ');
      written.forEach((word, index) => {
        const phrases = this.keywordsByWord.get(word);
        if (phrases !== undefined) this.keywordHits(written, index, phrases);
      });
    }
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index] as string;
      if (cjk && hasCjk(token)) {
        const id = this.cjkIds.get(token);
        if (id !== undefined) this.count(id, 1);
        continue;
      }
      const plan = this.planFor(token);
      if (!cjk && plan.phrases !== undefined) this.keywordHits(tokens, index, plan.phrases);
      if (plan.stem === null) continue;
      words.push(plan);
      for (let i = 0; i < plan.features.length; i++) this.count(plan.features[i] as number, plan.weights[i] as number);
    }
    for (let i = 0; i + 1 < words.length; i++) {
      const id = (words[i] as WordPlan).next?.get((words[i + 1] as WordPlan).stem as string);
      if (id !== undefined) this.count(id, BIGRAM_WEIGHT);
    }
    if (cjk && this.cjkKeywords.length > 0) this.cjkKeywordHits(normalizedText);
  }

  /** Sublinear TF × IDF, unit length (in the order the features were seen: sums are order-sensitive). */
  private normalized(counts: Map<number, number>): Map<number, number> {
    const vector = new Map<number, number>();
    for (const [f, n] of counts) vector.set(f, termFrequency(n) * (this.idf[f] as number));
    return normalizeInPlace(vector);
  }

  match(text: string): MatchResult {
    const words = plainWords(text);
    if (words === undefined) return this.matchNormalized(normalizeText(text));
    return this.score(words, false, '');
  }

  /** As `match`, for text already passed through `normalizeText`. */
  matchNormalized(normalizedText: string): MatchResult {
    const { tokens, cjk } = featureTokens(normalizedText);
    return this.score(tokens, cjk, normalizedText);
  }

  private score(tokens: string[], cjk: boolean, normalizedText: string): MatchResult {
    const { queryWeight, queryOrder, idf, exampleScores, touched, best, centroid, hits, exampleTopic } = this;
    this.queryLength = 0;
    this.questionNumber++;
    hits.fill(0);
    this.collectFeatures(tokens, cjk, normalizedText);
    const length = this.queryLength;

    // Counts → unit-length TF-IDF weights, in place.
    let norm = 0;
    for (let i = 0; i < length; i++) {
      const f = queryOrder[i] as number;
      const w = termFrequency(queryWeight[f] as number) * (idf[f] as number);
      queryWeight[f] = w;
      norm += w * w;
    }
    // Divided, not multiplied by a reciprocal: the sums stay bit-for-bit those of the reference scoring.
    const divisor = norm === 0 ? 1 : Math.sqrt(norm);

    best.fill(0);
    centroid.fill(0);
    let touchedCount = 0;
    // Locals, so the loops below read typed arrays without reloading them through objects.
    const { start: exStart, target: exTarget, weight: exWeight } = this.examplePostings;
    const { start: ceStart, target: ceTarget, weight: ceWeight } = this.centroidPostings;
    for (let i = 0; i < length; i++) {
      const f = queryOrder[i] as number;
      const qw = (queryWeight[f] as number) / divisor;
      queryWeight[f] = 0;
      for (let p = exStart[f] as number, end = exStart[f + 1] as number; p < end; p++) {
        const example = exTarget[p] as number;
        if (exampleScores[example] === 0) touched[touchedCount++] = example;
        exampleScores[example] = (exampleScores[example] as number) + qw * (exWeight[p] as number);
      }
      for (let p = ceStart[f] as number, end = ceStart[f + 1] as number; p < end; p++) {
        const topic = ceTarget[p] as number;
        centroid[topic] = (centroid[topic] as number) + qw * (ceWeight[p] as number);
      }
    }
    for (let i = 0; i < touchedCount; i++) {
      const example = touched[i] as number;
      const topic = exampleTopic[example] as number;
      const score = exampleScores[example] as number;
      if (score > (best[topic] as number)) best[topic] = score;
      exampleScores[example] = 0;
    }

    // The best two topics (the first listed wins a tie, as a stable sort would).
    let first = -1;
    let firstScore = -Infinity;
    let secondScore = -Infinity;
    for (let t = 0; t < this.topics.length; t++) {
      const score = 0.65 * (best[t] as number) + 0.35 * (centroid[t] as number) + 0.12 * (hits[t] as number);
      if (score > firstScore) {
        secondScore = firstScore;
        firstScore = score;
        first = t;
      } else if (score > secondScore) secondScore = score;
    }
    if (first < 0 || firstScore === 0) return { topic: null, confidence: 0, best: null };
    const topic = this.topics[first] as string;
    const margin = firstScore - (secondScore === -Infinity ? 0 : secondScore);
    const confidence = 1 / (1 + Math.exp(-(10 * (firstScore - 0.3) + 8 * (margin - 0.08))));
    if (topic === OFF_TOPIC || confidence < this.threshold) {
      return { topic: null, confidence: topic === OFF_TOPIC ? 1 - confidence : confidence, best: topic };
    }
    return { topic, confidence, best: topic };
  }

  /** Counts each phrase (filed under `words[index]`) that the question's words continue at `index`. */
  private keywordHits(words: string[], index: number, phrases: KeywordPhrase[]): void {
    const { hits, phraseStamps, questionNumber } = this;
    for (const phrase of phrases) {
      if (phraseStamps[phrase.id] === questionNumber) continue;
      let matches = true;
      for (let k = 1; k < phrase.words.length && matches; k++) matches = words[index + k] === phrase.words[k];
      if (!matches) continue;
      phraseStamps[phrase.id] = questionNumber;
      hits[phrase.topic] = Math.min(2, (hits[phrase.topic] as number) + 1);
    }
  }


  private cjkKeywordHits(normalizedText: string): void {
    const { hits } = this;
    for (const { topic, phrase } of this.cjkKeywords) if (normalizedText.includes(phrase)) hits[topic] = Math.min(2, (hits[topic] as number) + 1);
  }

}

const ONE_TRIGRAM = 1 + Math.log(TRIGRAM_WEIGHT);
const ONE_BIGRAM = 1 + Math.log(BIGRAM_WEIGHT);

/** Sublinear term frequency, 1 + ln(count); the counts a question nearly always has are precomputed. */
function termFrequency(count: number): number {
  if (count === 1) return 1;
  if (count === TRIGRAM_WEIGHT) return ONE_TRIGRAM;
  if (count === BIGRAM_WEIGHT) return ONE_BIGRAM;
  return 1 + Math.log(count);
}

function normalizeInPlace<K>(vector: Map<K, number>): Map<K, number> {
  let norm = 0;
  for (const w of vector.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  for (const [k, w] of vector) vector.set(k, w / norm);
  return vector;
}
