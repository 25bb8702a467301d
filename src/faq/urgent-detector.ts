import { foldAccents } from './normalize.js';
import type { TypoFixer } from './typo-fixer.js';

/**
 * Life-safety messages in English, Spanish, Chinese and Vietnamese. Runs before FAQ matching;
 * a hit always gets the "call 911 now" reply. Patterns name the danger itself (fire, gas smell,
 * carbon monoxide, injury, unconsciousness, entrapment, not breathing, water rising on people,
 * live wires) — never the word "emergency", so "my car was towed, this is an emergency!!" and
 * "snow emergency rules?" do not trigger. Missing a real one is the worst failure: patterns are
 * broad, with a few guards for the common harmless uses ("fire hydrant", "fire station").
 */
const PATTERNS: { kind: string; pattern: RegExp; unfolded?: boolean; broad?: boolean }[] = [
  // fire
  { kind: 'fire', pattern: /\b(on fire|catch(ing)? fire|caught fire|house fire|building fire|apartment fire|kitchen fire|car fire|flames?|burning (house|building|car|smell)|smoke (is )?(coming|pouring|everywhere|filling)|full of smoke)\b/ },
  // The bare word, broad on purpose. After a typo fix it does not count ("fibe" may be "fine"):
  // the pattern below, which needs a place, does.
  { kind: 'fire', broad: true, pattern: /\bfire\b(?!\s*(hydrant|station|department|dept|fighters?|house|works|place|pit|alarm test|drill|lane|escape plan|sale|code|marshal))/ },
  { kind: 'fire', pattern: /\bfire (in|at|on|near|inside|next to|behind|across) (my|our|the|a|an|his|her|their|this|that)\b/ },
  { kind: 'fire', pattern: /\b(incendio|fuego|se (esta )?quemando|humo (sale|por todas|en la casa))\b/ },
  { kind: 'fire', pattern: /(着火|失火|火灾|起火|冒烟|烧起来)/ },
  { kind: 'fire', pattern: /\b(chay nha|dang chay|bi chay|hoa hoan|lua chay|khoi (bay|boc|day))\b/ },
  // gas
  { kind: 'gas', pattern: /\b(smell(s|ing)? (of |like )?(natural )?gas|gas (smell|leak|leaking|odor|odour)|leaking gas|rotten eggs? smell)\b/ },
  { kind: 'gas', pattern: /\b(huele a gas|olor a gas|fuga de gas|escape de gas|se sale el gas)\b/ },
  { kind: 'gas', pattern: /(煤气|燃气|天然气|瓦斯).{0,4}(泄漏|漏|味)|(闻到|有).{0,3}(煤气|燃气|瓦斯)/ },
  { kind: 'gas', pattern: /\b(mui (khi )?gas|ro ri (khi )?gas|xi gas|gas bi ro)\b/ },
  // carbon monoxide
  { kind: 'co', pattern: /\b(carbon monoxide|co (alarm|detector)|co2? detector (is )?going off|monoxido( de carbono)?|khi co (doc|ro ri|bi ro)|ngo doc khi|carbon monoxit)/ },
  // "khí CO" folds to "khi co", which is also Vietnamese for "when there is": only the unfolded form counts.
  { kind: 'co', pattern: /khí co\b/, unfolded: true },
  { kind: 'co', pattern: /一氧化碳/ },
  // injury
  { kind: 'hurt', pattern: /\b(someone|somebody|person|man|woman|kid|child|neighbou?r|he|she|they|i) (is |are |am |was |got |has been |'s )?(badly |seriously |really )?(hurt|injured|bleeding|hit by)\b/ },
  { kind: 'hurt', pattern: /\b(bleeding (badly|a lot|heavily)|broke (his|her|my|their) (leg|arm|hip|neck)|fell and (can ?not|cant|can't) (get up|move)|heart attack|having a stroke|overdos(e|ing))\b/ },
  { kind: 'hurt', pattern: /\b(herid[oa]s?|lastimad[oa]|sangrando|atropellad[oa]|ambulancia|ataque al corazon|sobredosis)\b/ },
  { kind: 'hurt', pattern: /(受伤|受了伤|流血|出血|救护车|心脏病发作|被车撞)/ },
  { kind: 'hurt', pattern: /\b(bi thuong|chay mau|xe cap cuu|dot quy|dau tim)\b/ },
  // unconscious
  { kind: 'unconscious', pattern: /\b(unconscious|passed out|not responding|unresponsive|won'?t wake up|collapsed|fainted)\b/ },
  { kind: 'unconscious', pattern: /\b(inconsciente|desmayad[oa]|se desmayo|no responde|no despierta)\b/ },
  { kind: 'unconscious', pattern: /(昏迷|不省人事|晕倒|昏倒|没有反应|叫不醒)/ },
  { kind: 'unconscious', pattern: /\b(bat tinh|ngat xiu|ngat di|khong tinh)\b/ },
  // not breathing
  { kind: 'breathing', pattern: /\b(not breathing|stopped breathing|can'?t breathe|cannot breathe|trouble breathing|choking)\b/ },
  { kind: 'breathing', pattern: /\b(no respira|no puede respirar|se esta ahogando|dejo de respirar)\b/ },
  { kind: 'breathing', pattern: /(没有呼吸|不能呼吸|呼吸困难|喘不过气|窒息)/ },
  { kind: 'breathing', pattern: /\b(khong tho|ngung tho|kho tho|nghet tho)\b/ },
  // trapped
  { kind: 'trapped', pattern: /\b(trapped|stuck (inside|in (the|my|a|our) (house|car|basement|building|elevator|attic))|can'?t get out|cannot get out|(someone|somebody|person|people|man|woman|kid|child|he|she|they|we|i) (is |are |am |was |were |got )?buried)\b/ },
  { kind: 'trapped', pattern: /\b(atrapad[oa]s?|no (puedo|podemos|pueden) salir|enterrad[oa])\b/ },
  { kind: 'trapped', pattern: /(被困|困在|出不来|出不去)/ },
  { kind: 'trapped', pattern: /\b(mac ket|bi ket|khong the ra|khong ra duoc)\b/ },
  // water rising with people
  { kind: 'water', pattern: /\b(water (is )?(rising|coming in|up to (my|our|the) (waist|chest|neck))|rising water|flood(ing|water)? (in|into) (my|our|the) (house|home|basement|car)|(car|house) (is )?(filling|flooding) (with|up)|swept away|people in the water)\b/ },
  { kind: 'water', pattern: /\b(el agua (esta )?subiendo|se (nos )?inunda la casa|agua (hasta|entrando)|arrastrad[oa] por el agua)\b/ },
  { kind: 'water', pattern: /(水在上涨|水位上涨|水漫进|被水冲走|水淹到)/ },
  { kind: 'water', pattern: /\b(nuoc (dang )?(dang len|len nhanh|tran vao|ngap)|bi nuoc cuon)\b/ },
  // live wires
  { kind: 'wires', pattern: /\b((live |power |electric(al)? )?(wires?|lines?) (is |are )?(down|sparking|on the (ground|road|street|sidewalk|car))|downed (power )?(wires?|lines?)|sparking wires?)\b/ },
  { kind: 'wires', pattern: /\b(cables? (electricos? )?(caidos?|en el suelo|echando chispas)|cable de luz (caido|en el suelo))\b/ },
  { kind: 'wires', pattern: /(电线.{0,3}(掉|断|落|冒火花)|高压线.{0,3}(掉|断))/ },
  { kind: 'wires', pattern: /\b(day dien (bi )?(dut|roi|dut roi|toe lua))\b/ },
];

export interface UrgentResult {
  urgent: boolean;
  kinds: string[];
  /** True when it took fixing a typo ("fiee") to see the danger. */
  afterTypoFix: boolean;
}

/** How the detector folds text; the typo fixer's word lists are folded the same way. */
export function foldForUrgent(text: string): string {
  return foldAccents(text.toLowerCase().replace(/[’`]/g, "'"));
}

/** The words the patterns look for (four letters or more), which the typo fixer puts right. */
export function urgentWords(): Set<string> {
  const words = new Set<string>();
  for (const { pattern, unfolded } of PATTERNS) {
    if (unfolded === true) continue;
    // Regex escapes (\b, \s) are not letters of a word; "wires?" stands for "wire" and "wires".
    for (const match of pattern.source.replace(/\\[a-zA-Z]/g, ' ').match(/[a-z]{4,}\??/g) ?? []) {
      const word = match.replace('?', '');
      words.add(word);
      if (match.endsWith('?') && word.length > 4) words.add(word.slice(0, -1));
    }
  }
  return words;
}

function kindsIn(lower: string, folded: string, afterTypoFix = false): Set<string> {
  const kinds = new Set<string>();
  for (const { kind, pattern, unfolded, broad } of PATTERNS) {
    if (afterTypoFix && broad === true) continue;
    if (pattern.test(unfolded === true ? lower : folded)) kinds.add(kind);
  }
  return kinds;
}

/**
 * Whether `text` reports a danger. With `typos`, a message that matches nothing is checked again
 * with misspelt danger words put right: people in danger type fast ("my house is on fiee").
 */
export function detectUrgent(text: string, typos?: TypoFixer): UrgentResult {
  // Same folding as matching: lower case, no accents (Vietnamese typed without diacritics too).
  const lower = text.slice(0, 5000).toLowerCase().replace(/[’`]/g, "'");
  const folded = foldAccents(lower);
  const kinds = kindsIn(lower, folded);
  if (kinds.size > 0 || typos === undefined) return { urgent: kinds.size > 0, kinds: [...kinds], afterTypoFix: false };
  const fixed = typos.fixText(folded);
  if (fixed === undefined) return { urgent: false, kinds: [], afterTypoFix: false };
  const fixedKinds = kindsIn(lower, fixed, true);
  return { urgent: fixedKinds.size > 0, kinds: [...fixedKinds], afterTypoFix: fixedKinds.size > 0 };
}
