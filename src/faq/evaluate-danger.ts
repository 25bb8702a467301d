import type { ReplyDecider, ReplyEmergency } from '../replies/decider.js';

/** One labelled message of a danger set: `urgent` must get a 911 reply (either tier), `harmless` must not get the full one. */
export interface DangerRow {
  expected: 'urgent' | 'harmless';
  locale: string;
  text: string;
  category: string;
}

/** Per language (and `all`): how the danger check did on one set. */
export interface DangerScore {
  dangerous: number;
  /** Dangerous messages that got the 911 reply or the 911 line (recall counts both tiers). */
  caught: number;
  /** Of those, how many got the full 911 reply. */
  caughtUrgent: number;
  harmless: number;
  /** Harmless messages whose reply led with the 911 line (one extra sentence). */
  possible: number;
  /** Harmless messages that got the full 911 reply. */
  falseUrgent: number;
  misses: { row: DangerRow; got: string }[];
}

/** Parses a danger set (`expected	locale	text	category`); a bad row is an error naming the file and line. */
export function parseDangerTsv(text: string, file: string): DangerRow[] {
  const rows: DangerRow[] = [];
  text.split('\n').forEach((line, index) => {
    if (index === 0 || line.trim().length === 0 || line.startsWith('#')) return;
    const [expected, locale, body, category] = line.split('\t');
    if ((expected !== 'urgent' && expected !== 'harmless') || locale === undefined || body === undefined || body.trim() === '') {
      throw new Error(`${file}:${index + 1}: expected "urgent|harmless<TAB>locale<TAB>text[<TAB>category]"`);
    }
    rows.push({ expected, locale: locale.trim(), text: body, category: category?.trim() ?? '' });
  });
  return rows;
}

const empty = (): DangerScore => ({ dangerous: 0, caught: 0, caughtUrgent: 0, harmless: 0, possible: 0, falseUrgent: 0, misses: [] });

/** Runs every row through the full decision (danger check, language, match) and scores it by language. */
export function evaluateDanger(decider: ReplyDecider, rows: readonly DangerRow[], emergency: ReplyEmergency | null): Map<string, DangerScore> {
  const scores = new Map<string, DangerScore>([['all', empty()]]);
  for (const row of rows) {
    const decision = decider.decide(row.text, emergency);
    let score = scores.get(row.locale);
    if (score === undefined) scores.set(row.locale, (score = empty()));
    for (const s of [score, scores.get('all') as DangerScore]) {
      if (row.expected === 'urgent') {
        s.dangerous++;
        if (decision.danger !== 'none') s.caught++;
        if (decision.danger === 'urgent') s.caughtUrgent++;
      } else {
        s.harmless++;
        if (decision.danger === 'possible') s.possible++;
        if (decision.danger === 'urgent') s.falseUrgent++;
      }
    }
    const missed = row.expected === 'urgent' ? decision.danger === 'none' : decision.danger !== 'none';
    if (missed) score.misses.push({ row, got: decision.danger });
  }
  return scores;
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

/** One table: language, recall (both tiers), full 911 replies among the caught, possible-danger rate and false 911 replies on harmless. */
export function formatDangerScores(title: string, scores: ReadonlyMap<string, DangerScore>): string {
  const lines = [`${title}`, `  ${'lang'.padEnd(5)} ${'recall (both tiers)'.padEnd(22)} ${'full 911'.padEnd(14)} ${'possible on harmless'.padEnd(24)} false 911 on harmless`];
  const order = [...scores.keys()].filter((k) => k !== 'all').sort();
  for (const locale of [...order, 'all']) {
    const s = scores.get(locale) as DangerScore;
    lines.push(`  ${locale.padEnd(5)} ${`${pct(s.caught, s.dangerous)} (${s.caught}/${s.dangerous})`.padEnd(22)} ${`${s.caughtUrgent}/${s.dangerous}`.padEnd(14)} ${`${pct(s.possible, s.harmless)} (${s.possible}/${s.harmless})`.padEnd(24)} ${pct(s.falseUrgent, s.harmless)} (${s.falseUrgent}/${s.harmless})`);
  }
  return lines.join('\n');
}
