import path from 'node:path';
import { CampaignContent } from '../campaigns/campaign-content.js';
import type { ConfigProblem } from '../config/config-error.js';
import type { CivicastConfig } from '../config/schema.js';
import { TemplateEngine } from '../templates/engine.js';
import type { LanguageCalendar } from '../templates/local-dates.js';
import { readLedger, type LedgerEntry } from '../translations/translation-ledger.js';
import { Translations } from '../translations/translations.js';
import { checkFaqEdit } from '../translations/check-faq-edit.js';
import { buildTemplateContext } from '../templates/template-context.js';
import { AUTOMATED_MARKER_KEY, automatedMarker, replyChannels } from '../replies/automated-marker.js';
import type { TopicFiles } from '../faq/knowledge-base.js';
import { readFaqTexts } from './faq-texts.js';
import { labelKeys, languageProblems, wordFactNames } from './language-checks.js';
import { readLanguagePacks, type LanguagePack } from './language-packs.js';
import { PublicLanguages } from './public-languages.js';
import { PublicTexts } from './public-texts.js';

export interface LanguageContentInput {
  configDir: string;
  config: CivicastConfig;
  /** `templates/`, `locales/` and `translations/`, as shipped beside the code. */
  templatesDir: string;
  localesDir: string;
  translationsDir: string;
  /** The knowledge base: its answers and acknowledgements are reviewed like every other text (none without it). */
  faqDir?: string;
  /** The topic files of `faqDir` when already read (start-up reads them once for this and the knowledge base). */
  faqTopics?: TopicFiles;
  /** Non-fatal findings (a playbook that leaves a language out, ledger entries for no text). */
  warnings?: string[];
}

/** Every public text in every language, its provenance, and what is missing. */
export interface LanguageContent {
  engine: TemplateEngine;
  texts: PublicTexts;
  packs: ReadonlyMap<string, LanguagePack>;
  campaigns: CampaignContent;
  translations: Translations;
  languages: PublicLanguages;
  /** Each gap or error, naming the file and field: validation shows them all, start-up refuses them. */
  problems: ConfigProblem[];
}

/**
 * Loads the campaign templates and playbook titles, the labels, calendars and interpreter
 * replies (`locales/<lang>.yaml`), the word facts and the translation ledgers, for every language
 * the city serves or answers with a pointer. Syntax errors throw; gaps are collected in
 * `problems`, so `civicast validate` can show the whole per-language picture first.
 */
export function loadLanguageContent(input: LanguageContentInput): LanguageContent {
  const { config } = input;
  const city = config.city;
  const served = city.languages.served;
  const withTexts = [...new Set([...served, ...city.languages.interpreterReplies])];
  const display = (dir: string) => path.relative(process.cwd(), dir) || dir;
  const read = readLanguagePacks(input.localesDir, withTexts, display(input.localesDir));
  const calendars = new Map<string, LanguageCalendar>();
  for (const pack of read.packs.values()) if (pack.calendar !== undefined) calendars.set(pack.code, pack.calendar);
  const engine = new TemplateEngine({ timeZone: city.timeZone, calendars });
  const texts = new PublicTexts(engine);
  for (const entry of read.texts) texts.add(entry);
  for (const language of served) {
    for (const [name, text] of Object.entries(city.factsByLanguage[language] ?? {})) {
      texts.add({ key: `fact:${name}`, language, text, file: path.join('config', 'city.yaml'), path: `city.factsByLanguage.${language}.${name}` });
    }
  }
  const faq = input.faqDir === undefined ? undefined : readFaqTexts(input.faqDir, city.defaultLocale, input.faqTopics);
  for (const entry of faq?.texts ?? []) if (withTexts.includes(entry.language)) texts.add(entry);
  const ledgers = new Map<string, ReadonlyMap<string, LedgerEntry>>();
  const problems: ConfigProblem[] = [...read.problems];
  for (const language of withTexts) {
    if (language === city.defaultLocale) continue;
    const ledger = readLedger(input.translationsDir, language, display(input.translationsDir));
    ledgers.set(language, ledger.entries);
    problems.push(...ledger.problems);
  }
  // The translations gate the campaign texts, and need the campaign's keys: built in that order.
  const holder: { translations?: Translations } = {};
  const packs = read.packs;
  const campaigns = CampaignContent.load({
    configDir: input.configDir,
    templatesDir: input.templatesDir,
    texts,
    config,
    calendars,
    dirOf: (language) => packs.get(language)?.dir ?? 'ltr',
    withheldReason: (language, keys) => holder.translations?.withheldReason(language, keys),
  });
  const interpreterKeys = ['interpreter:general', 'interpreter:danger'];
  const faqKeys = new Map<string, string[]>();
  const expectedKeys = (language: string): string[] => {
    if (!served.includes(language)) return texts.has(language, AUTOMATED_MARKER_KEY) ? [...interpreterKeys, AUTOMATED_MARKER_KEY] : interpreterKeys;
    const own = texts.keys('calendar').filter((key) => texts.has(language, key));
    // The FAQ answers a language has (the validate table's `answers` column says which topics lack one).
    let answers = faqKeys.get(language);
    if (answers === undefined) faqKeys.set(language, (answers = texts.keys('faq').filter((key) => texts.has(language, key) && texts.has(city.defaultLocale, key))));
    // A served language's own interpreter pointer is optional: stands in for answers held back for review.
    const pointers = language === city.defaultLocale ? [] : interpreterKeys.filter((key) => texts.has(language, key));
    return [...campaigns.expectedKeys(language), ...labelKeys(texts, city.defaultLocale), ...wordFactNames(city).map((name) => `fact:${name}`), ...own, ...answers, ...pointers];
  };
  const checkFaq = (language: string, key: string, text: string) =>
    checkFaqEdit(
      {
        texts,
        emergencyTypes: () => campaigns.types(),
        contextFor: (type, language, now) =>
          type === null
            ? buildTemplateContext({ type: 'none', title: '', effectiveAt: now, params: {} }, city, now, { language })
            : campaigns.contextFor({ type, title: campaigns.titleFor(type, city.defaultLocale), effectiveAt: now, params: campaigns.defaultParams(type) }, language, now),
        replyChannels: () => replyChannels(config),
        marker: (language) => automatedMarker(texts, language),
      },
      language,
      key,
      text,
    );
  const translations = new Translations({
    texts,
    sourceLanguage: city.defaultLocale,
    languages: withTexts,
    expectedKeys,
    ledgers,
    ...(faq === undefined ? {} : { fileRecords: faq.fileRecords }),
    sendUnreviewed: city.translations.sendUnreviewed,
    checkEdit: {
      template: (language, key, text) => campaigns.checkTemplateEdit(language, key, text),
      title: (language, key, text) => PublicLanguages.checkPlainText(key, language, text, 100),
      label: (language, key, text) => PublicLanguages.checkLabelEdit(texts, city, language, key, text),
      interpreter: (language, key, text) => PublicLanguages.checkInterpreterEdit(texts, city, language, key, text),
      faq: checkFaq,
    },
  });
  holder.translations = translations;
  problems.push(...languageProblems({ city, texts, packs, localesDir: display(input.localesDir) }), ...campaigns.problems(input.warnings));
  // A channel that marks automated replies needs the marker in every language it may answer in.
  const marking = replyChannels(config).filter((channel) => channel.marker).map((channel) => channel.name);
  if (marking.length > 0) {
    const unmarked = withTexts.filter((language) => automatedMarker(texts, language) === undefined);
    if (unmarked.length > 0) input.warnings?.push(`${display(input.localesDir)}: no "automated reply" marker (labels.replies.automated) in ${unmarked.join(', ')}: replies in those languages on ${marking.join(', ')} go unmarked`);
    // The marker counts in a reply's length: every answer must still fit one reply with it.
    for (const language of served) {
      for (const key of texts.keys('faq').filter((k) => texts.has(language, k))) {
        const where = texts.shippedText(language, key);
        try {
          checkFaq(language, key, texts.text(language, key) ?? '');
        } catch (error) {
          if (/too long/.test((error as Error).message)) input.warnings?.push(`${where?.file ?? key}${where?.path === undefined ? '' : ` (${where.path})`}: ${(error as Error).message}`);
        }
      }
    }
  }
  for (const [language, ledger] of ledgers) {
    const known = new Set(expectedKeys(language));
    const orphans = [...ledger.keys()].filter((key) => !known.has(key));
    if (orphans.length > 0) input.warnings?.push(`${path.join(display(input.translationsDir), `${language}.yaml`)}: ${orphans.length} entries for texts that no longer exist (${orphans.slice(0, 3).join(', ')}${orphans.length > 3 ? ', …' : ''})`);
  }
  const languages = new PublicLanguages({ city, texts, packs, campaigns, translations, calendars });
  return { engine, texts, packs, campaigns, translations, languages, problems };
}
