import { featuresOf, featuresOfNormalized, normalizeVector, type Vector } from './features.js';
import { normalizeText } from './normalize.js';

export interface TopicExamples {
  id: string;
  /** Example questions, any locale. */
  examples: string[];
  /** Phrases that strongly indicate the topic, any locale. */
  keywords: string[];
}

export interface RankedTopic {
  topic: string;
  score: number;
}

export interface MatchResult {
  topic: string | null;
  /** Calibrated probability that `topic` is right (0..1). */
  confidence: number;
  ranking: RankedTopic[];
}

/** The topic whose examples describe what the bot must not answer. */
export const OFF_TOPIC = '_offtopic';

/**
 * TF-IDF over word, bigram, trigram and CJK features; a topic's score mixes its best single
 * example (precise phrasing) with its centroid (breadth), plus keyword hits. Confidence comes from
 * the best score and its margin over the runner-up, so a question that two topics both half-match
 * is not answered confidently. Everything is precomputed: a match is a few map lookups.
 */
export class Matcher {
  private readonly idf = new Map<string, number>();
  /** feature → postings of (example index, weight). */
  private readonly index = new Map<string, { example: number; weight: number }[]>();
  private readonly exampleTopic: number[] = [];
  /** feature → postings of (topic, weight) in the topic centroids. */
  private readonly centroidIndex = new Map<string, { topic: number; weight: number }[]>();
  /** Keyword phrases by their first word; CJK phrases (no spaces) are checked by substring. */
  private readonly keywordsByWord = new Map<string, { topic: number; phrase: string }[]>();
  private readonly cjkKeywords: { topic: number; phrase: string }[] = [];
  private readonly topics: string[];
  /** Scratch space reused across matches: one score per example. */
  private readonly exampleScores: Float64Array;
  private readonly touched: number[] = [];

  constructor(
    topics: TopicExamples[],
    private readonly threshold = 0.55,
  ) {
    this.topics = topics.map((t) => t.id);
    const docs: { topic: number; features: Map<string, number> }[] = [];
    topics.forEach((t, topic) => {
      for (const example of [...t.examples, ...t.keywords]) docs.push({ topic, features: featuresOf(example) });
      for (const keyword of t.keywords) {
        const phrase = normalizeText(keyword);
        if (phrase.length === 0) continue;
        if (/[\u3400-\u9fff]/.test(phrase)) {
          this.cjkKeywords.push({ topic, phrase });
          continue;
        }
        const first = phrase.split(' ')[0] as string;
        const list = this.keywordsByWord.get(first) ?? [];
        list.push({ topic, phrase: ` ${phrase} ` });
        this.keywordsByWord.set(first, list);
      }
    });
    const df = new Map<string, number>();
    for (const doc of docs) for (const f of doc.features.keys()) df.set(f, (df.get(f) ?? 0) + 1);
    for (const [f, n] of df) this.idf.set(f, Math.log(1 + docs.length / n));
    const centroidSums = topics.map(() => new Map<string, number>());
    docs.forEach((doc, example) => {
      const vector = normalizeVector(this.weigh(doc.features));
      this.exampleTopic.push(doc.topic);
      for (const [f, w] of vector) {
        // Character trigrams (typo tolerance) score against topic centroids only: in the
        // per-example index they were most of the postings a query walks, for no change in
        // accuracy on the dev and held-out sets.
        if (!f.startsWith('t:')) {
          let postings = this.index.get(f);
          if (postings === undefined) this.index.set(f, (postings = []));
          postings.push({ example, weight: w });
        }
        const sum = centroidSums[doc.topic] as Vector;
        sum.set(f, (sum.get(f) ?? 0) + w);
      }
    });
    centroidSums.forEach((sum, topic) => {
      for (const [f, w] of normalizeVector(sum)) {
        const postings = this.centroidIndex.get(f) ?? [];
        postings.push({ topic, weight: w });
        this.centroidIndex.set(f, postings);
      }
    });
    this.exampleScores = new Float64Array(this.exampleTopic.length);
  }

  private weigh(features: Map<string, number>): Vector {
    const vector: Vector = new Map();
    for (const [f, count] of features) {
      const idf = this.idf.get(f);
      // Features never seen in the knowledge base cannot match anything: leave them out.
      if (idf !== undefined) vector.set(f, (1 + Math.log(count)) * idf);
    }
    return vector;
  }

  match(text: string): MatchResult {
    return this.matchNormalized(normalizeText(text));
  }

  /** As `match`, for text already passed through `normalizeText` (the FAQ service shares it). */
  matchNormalized(normalizedText: string): MatchResult {
    const query = normalizeVector(this.weigh(featuresOfNormalized(normalizedText)));
    const topicCount = this.topics.length;
    const best = new Float64Array(topicCount);
    const centroid = new Float64Array(topicCount);
    const scores = this.exampleScores;
    for (const [f, qw] of query) {
      for (const { example, weight } of this.index.get(f) ?? []) {
        if (scores[example] === 0) this.touched.push(example);
        scores[example] = (scores[example] as number) + qw * weight;
      }
      for (const { topic, weight } of this.centroidIndex.get(f) ?? []) centroid[topic] = (centroid[topic] as number) + qw * weight;
    }
    for (const example of this.touched) {
      const topic = this.exampleTopic[example] as number;
      const score = scores[example] as number;
      if (score > (best[topic] as number)) best[topic] = score;
      scores[example] = 0;
    }
    this.touched.length = 0;
    const padded = ` ${normalizedText} `;
    const hits = new Float64Array(topicCount);
    for (const word of new Set(normalizedText.split(' '))) {
      for (const { topic, phrase } of this.keywordsByWord.get(word) ?? []) if (padded.includes(phrase)) hits[topic] = Math.min(2, (hits[topic] as number) + 1);
    }
    for (const { topic, phrase } of this.cjkKeywords) if (normalizedText.includes(phrase)) hits[topic] = Math.min(2, (hits[topic] as number) + 1);
    const ranking: RankedTopic[] = this.topics.map((topic, i) => ({ topic, score: 0.65 * (best[i] as number) + 0.35 * (centroid[i] as number) + 0.12 * (hits[i] as number) }));
    ranking.sort((a, b) => b.score - a.score);
    const first = ranking[0];
    const second = ranking[1];
    if (first === undefined || first.score === 0) return { topic: null, confidence: 0, ranking };
    const margin = first.score - (second?.score ?? 0);
    const confidence = 1 / (1 + Math.exp(-(10 * (first.score - 0.3) + 8 * (margin - 0.08))));
    if (first.topic === OFF_TOPIC || confidence < this.threshold) {
      return { topic: null, confidence: first.topic === OFF_TOPIC ? 1 - confidence : confidence, ranking };
    }
    return { topic: first.topic, confidence, ranking };
  }
}
