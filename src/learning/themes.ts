import { createHash } from 'node:crypto';
import { normalizeText } from '../faq/normalize.js';
import { contentTokens, tokenOverlap } from '../faq/phrase-similarity.js';
import type { TopicGuess } from '../replies/decider.js';
import type { InboxItem } from '../replies/inbox.js';

/** A group of similar open hand-offs: what residents keep asking that the FAQ does not answer. */
export interface Theme {
  /** Stable while its oldest item stays in it. */
  id: string;
  count: number;
  locales: string[];
  channels: string[];
  /** The topic the classifier guessed most often first for its items, with their mean confidence. */
  topGuess: TopicGuess | null;
  /** A few of its items' texts (already neutralised when handed off; pages escape them again). */
  examples: { id: string; text: string; locale: string; channel: string; createdAt: number }[];
  itemIds: string[];
  firstAt: number;
  lastAt: number;
}

export interface ThemeOptions {
  /** Only hand-offs from this time on (epoch ms). */
  since: number;
  /** How alike two posts must be (Jaccard overlap of content words) to share a theme. */
  minOverlap?: number;
  examplesShown?: number;
  /** At most this many of the newest hand-offs are grouped (the rest are older than a storm's worth). */
  maxItems?: number;
}

/** Two posts sharing half their content words ask the same thing in practice ("when will my street be plowed" / "my street still not plowed when"). */
export const THEME_MIN_OVERLAP = 0.5;

/**
 * Groups open hand-offs the bot could not place (low confidence, or a switched-off topic) into
 * themes, largest first. Danger items stay out: they need a person, not a new FAQ answer. A post
 * joins the theme holding its most similar post (single link) when they share enough content
 * words, else starts a theme; posts with no content words group by their exact words.
 */
export function groupThemes(items: readonly InboxItem[], options: ThemeOptions): Theme[] {
  const minOverlap = options.minOverlap ?? THEME_MIN_OVERLAP;
  const candidates = items
    .filter((i) => i.status === 'open' && !i.urgent && i.reason === 'low-confidence' && i.createdAt >= options.since)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .slice(-(options.maxItems ?? 2000));
  const groups: { members: InboxItem[]; tokens: Set<string>[]; exact: string }[] = [];
  for (const item of candidates) {
    const tokens = contentTokens(item.text);
    const exact = normalizeText(item.text);
    let best: (typeof groups)[number] | undefined;
    let bestScore = 0;
    for (const group of groups) {
      const score = tokens.size === 0 ? (group.exact === exact ? 1 : 0) : Math.max(...group.tokens.map((t) => tokenOverlap(tokens, t)));
      if (score >= minOverlap && score > bestScore) {
        best = group;
        bestScore = score;
      }
    }
    if (best === undefined) groups.push({ members: [item], tokens: [tokens], exact });
    else {
      best.members.push(item);
      best.tokens.push(tokens);
    }
  }
  const shown = options.examplesShown ?? 3;
  return groups
    .map(({ members }): Theme => {
      const first = members[0] as InboxItem;
      const last = members[members.length - 1] as InboxItem;
      return {
        id: createHash('sha256').update(first.id).digest('hex').slice(0, 12),
        count: members.length,
        locales: [...new Set(members.map((m) => m.locale))],
        channels: [...new Set(members.map((m) => m.channel))],
        topGuess: topGuessOf(members),
        examples: members.slice(-shown).reverse().map((m) => ({ id: m.id, text: m.text, locale: m.locale, channel: m.channel, createdAt: m.createdAt })),
        itemIds: members.map((m) => m.id),
        firstAt: first.createdAt,
        lastAt: last.createdAt,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}

function topGuessOf(members: readonly InboxItem[]): TopicGuess | null {
  const byTopic = new Map<string, number[]>();
  for (const member of members) {
    const guess = member.disabledTopic !== undefined ? { topic: member.disabledTopic, confidence: member.confidence } : member.guesses?.[0];
    if (guess !== undefined) byTopic.set(guess.topic, [...(byTopic.get(guess.topic) ?? []), guess.confidence]);
  }
  let best: TopicGuess | null = null;
  let bestCount = 0;
  for (const [topic, confidences] of byTopic) {
    if (confidences.length > bestCount) {
      bestCount = confidences.length;
      best = { topic, confidence: Number((confidences.reduce((a, b) => a + b, 0) / confidences.length).toFixed(3)) };
    }
  }
  return best;
}
