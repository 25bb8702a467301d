/**
 * Citizen traffic for storm tests: a pool of real questions (answerable during a snow
 * emergency, urgent, unanswerable), classified by the running service's own /api/ask so the test
 * knows which messages must get a reply, and a paced generator that spreads mentions over time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '../../support/child-process.js';
import type { Mention, StormHarness } from './storm-harness.js';

export type Kind = 'answer' | 'urgent' | 'handoff';

export interface Question {
  text: string;
  kind: Kind;
}

const URGENT = [
  'I smell gas in my kitchen',
  'i smell gas on my block what do i do',
  'my house is on fire',
  'there is a fire in my building',
  'someone collapsed on the sidewalk and is not breathing',
  'huele a gas en mi casa',
];

const UNANSWERABLE = [
  'what is your favorite movie',
  'lol ok',
  'who won the game last night',
  'can you recommend a good pizza place',
  'asdf qwerty',
  'tell me a joke',
];

/** The held-out FAQ questions plus urgent and off-topic ones, classified by the service itself. */
export async function questionPool(harness: StormHarness, baseUrl: string): Promise<Question[]> {
  const heldout = fs
    .readFileSync(path.resolve('test/faq/heldout.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[2])
    .filter((t): t is string => t !== undefined && t.trim().length > 0);
  const texts = [...new Set([...heldout, ...URGENT, ...UNANSWERABLE])];
  const out: Question[] = [];
  for (const text of texts) {
    const decision = await harness.api<{ kind: 'answer' | 'urgent' | 'handoff'; danger: 'urgent' | 'possible' | 'none'; reply: string | null }>(baseUrl, 'POST', '/api/ask', { text, emergency: 'snow' });
    // Both danger tiers are replied to at once, at top priority (the 911 reply or the 911 line first).
    const kind: Kind = decision.danger !== 'none' ? 'urgent' : decision.kind === 'answer' && decision.reply !== null ? 'answer' : 'handoff';
    out.push({ text, kind });
  }
  return out;
}

export interface Sent extends Mention {
  kind: Kind;
}

/**
 * Creates `total` mentions spread evenly over `durationMs`, round-robin over `channels`, each
 * from a new author, drawing questions so that roughly `mix` of them are of each kind.
 */
export async function burst(harness: StormHarness, input: { channels: string[]; total: number; durationMs: number; pool: Question[]; mix?: Record<Kind, number>; seed?: number }): Promise<Sent[]> {
  const mix = input.mix ?? { answer: 0.6, urgent: 0.1, handoff: 0.3 };
  const byKind: Record<Kind, Question[]> = { answer: [], urgent: [], handoff: [] };
  for (const q of input.pool) byKind[q.kind].push(q);
  let state = input.seed ?? 7;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = (): Question => {
    const roll = random();
    const kind: Kind = roll < mix.urgent ? 'urgent' : roll < mix.urgent + mix.handoff ? 'handoff' : 'answer';
    const list = byKind[kind].length > 0 ? byKind[kind] : byKind.answer;
    return list[Math.floor(random() * list.length)] as Question;
  };
  const sent: Sent[] = [];
  const started = Date.now();
  const tickMs = 50;
  for (let i = 0; i < input.total; ) {
    const due = Math.min(input.total, Math.ceil(((Date.now() - started + tickMs) / input.durationMs) * input.total));
    for (; i < due; i++) {
      const channel = input.channels[i % input.channels.length] as string;
      const q = pick();
      sent.push({ ...harness.mention(channel, q.text), kind: q.kind });
    }
    await sleep(tickMs);
  }
  return sent;
}

export function tally(items: { kind: Kind }[]): Record<Kind, number> {
  const out: Record<Kind, number> = { answer: 0, urgent: 0, handoff: 0 };
  for (const item of items) out[item.kind] += 1;
  return out;
}
