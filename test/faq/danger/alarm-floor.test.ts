import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALARM_FLOOR_KINDS } from '../../../src/faq/danger/compose-danger.js';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { DangerDetector } from '../../../src/faq/danger/danger-detector.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { LexiconReader } from '../../../src/faq/danger/lexicon-reader.js';
import { typoKnownWords } from '../../../src/faq/danger/typo-known-words.js';

const reader = new LexiconReader(loadDangerLexicons(path.resolve('faq/danger')), typoKnownWords());
const model = loadDangerModel(path.resolve('faq/danger'));
const detector = new DangerDetector(reader, model);

describe('the alarm floor: gas, fire, carbon monoxide, not breathing, unconscious, an ambulance', () => {
  it('covers the kinds the issue names', () => {
    for (const kind of ['fire', 'gas', 'co', 'breathing', 'unconscious', 'medical'] as const) expect(ALARM_FLOOR_KINDS.has(kind)).toBe(true);
    // A fallen tree or a crash is danger too, but its words alone do not put a floor under it.
    expect(ALARM_FLOOR_KINDS.has('collapse')).toBe(false);
  });

  // Written for this test: undoubted alarm words in served and unserved languages, with some story around them.
  const alarms: Record<string, string[]> = {
    en: ['ok so the hallway smells like gas and the landlord is not picking up', 'my neighbor is unconscious on her porch steps'],
    es: ['huele muchísimo a gas en el pasillo del edificio', 'mi abuelo no respira'],
    zh: ['樓梯間有很濃的煤氣味', '我爸爸没有呼吸了'],
    vi: ['có mùi gas nồng nặc trong chung cư', 'ông tôi bất tỉnh'],
    ru: ['в подъезде сильно пахнет газом', 'дедушка без сознания'],
    ht: ['gen yon sant gaz fò nan koulwa a', 'papa m pa respire'],
    fr: ['ça sent très fort le gaz dans l’escalier', 'ma grand-mère est inconsciente'],
    pt: ['tá com um cheiro forte de gás no corredor', 'meu pai está inconsciente'],
    ar: ['في ريحة غاز قوية في الدرج', 'جدي فاقد الوعي'],
    sw: ['kuna harufu kali ya gesi kwenye korido', 'babu amepoteza fahamu'],
    de: ['es riecht stark nach gas im treppenhaus', 'mein vater ist bewusstlos'],
    ko: ['복도에서 가스 냄새가 나요', '아버지가 의식이 없어요'],
    ja: ['廊下でガスの臭いがします'],
    pl: ['czuć gaz na klatce schodowej'],
  };
  for (const [language, messages] of Object.entries(alarms)) {
    it.each(messages)(`${language}: %s is read as an undoubted floor alarm and flagged`, (text) => {
      expect(reader.read(text).floor).toBe(true);
      expect(detector.detect(text).tier).not.toBe('none');
    });
  }

  it('holds whatever the model says, in a language the model saw few examples of', () => {
    const reading = reader.read('es riecht stark nach gas im treppenhaus');
    expect(model.thresholds.languages).not.toContain('de');
    expect(reading.floor).toBe(true);
  });

  it('does not hold when the message itself doubts the alarm: a rule question, a past event, a resolution, a joke', () => {
    for (const text of ['what should I do if I smell gas in my building?', 'last winter our kitchen caught fire', 'smelled gas earlier, PGW came and fixed it, all fine now', 'the team is on fire tonight', 'my boss gave me a heart attack lol']) {
      expect(reader.read(text).floor, text).toBe(false);
    }
  });
});

describe('spellings folded for the model (train and run time alike)', () => {
  const words = (text: string) => reader.read(text).tokens;

  it('reads Arabic-Indic and Persian digits as digits: "٩١١" is 911', () => {
    expect(words('اتصلوا على ٩١١').map((t) => t.folded)).toContain('911');
    expect(words('۹۱۱').map((t) => t.folded)).toEqual(['911']);
  });

  it('spells Arabizi digit letters out, and only in words that mix letters and digits', () => {
    const tokens = words('ya 3ammi ma7ad bird, call 911 3 kids');
    expect(tokens.find((t) => t.folded === 'ma7ad')?.variants).toEqual(['mahad', '~mhd']);
    expect(tokens.find((t) => t.folded === '3ammi')?.variants).toEqual(['aammi', '~3m']);
    expect(tokens.find((t) => t.folded === '911')?.variants).toBeUndefined();
    expect(tokens.find((t) => t.folded === '3')?.variants).toBeUndefined();
  });

  it('gives Arabic words one consonant skeleton in Arabic script and in Arabizi, and none to other Latin text', () => {
    const skeletons = (text: string) => words(text).flatMap((t) => (t.variants ?? []).filter((v) => v.startsWith('~')));
    expect(skeletons('ريحة غاز قوية في السقف')).toEqual(expect.arrayContaining(['~rh', '~gz', '~sqf']));
    // "3'" is one Arabizi letter (غ): the word stays whole.
    expect(skeletons("ri7et 3'az ktir w el sa2f")).toEqual(['~rh', '~gz', '~ktr', '~sqf']);
    expect(skeletons('كثير')).toEqual(skeletons('كتير'));
    // No digit letter, or only "3rd" and "7pm": not Arabizi, no skeletons for English words.
    expect(skeletons('gas smell on the 3rd floor since 7pm')).toEqual([]);
    expect(skeletons('ghaz ktir')).toEqual([]);
  });

  it('writes French-style Creole spellings the official way', () => {
    const tokens = words('granmè m tombe, moin pa konnen');
    expect(tokens.find((t) => t.folded === 'tombe')?.variants).toEqual(['tonbe']);
    expect(tokens.find((t) => t.folded === 'moin')?.variants).toEqual(['mwen']);
    expect(tokens.find((t) => t.folded === 'konnen')?.variants).toBeUndefined();
  });

  it('folds Vietnamese diacritics (đ too), so a message typed without them reads the same', () => {
    expect(words('Nhà tôi bị cháy, đang có khói').map((t) => t.folded)).toEqual(words('nha toi bi chay, dang co khoi').map((t) => t.folded));
  });

  it('reads Traditional Chinese as Simplified and unifies Arabic letter variants', () => {
    expect(words('煤氣').map((t) => t.folded)).toEqual(['煤', '气']);
    expect(words('گاز').map((t) => t.folded)).toEqual(words('كاز').map((t) => t.folded));
    expect(words('رائحة').map((t) => t.folded)).toEqual(words('رائحه').map((t) => t.folded));
  });
});
