import fs from 'node:fs';
import type { Command } from 'commander';
import { contentDirs, PACKAGE_ROOT } from '../../app/load-modules.js';
import type { Env } from '../../config/env.js';
import { loadConfig } from '../../config/load-config.js';
import { loadLanguageContent } from '../../languages/load-language-content.js';
import { recordTranslations } from '../../translations/record-translations.js';
import { writeLedger, type LedgerEntry } from '../../translations/translation-ledger.js';
import type { TranslationRow } from '../../translations/translations.js';
import { withAdmin } from '../admin-call.js';
import { printJson, table } from '../format.js';

/** `civicast translations`: every translated public text with its review status; approve, correct, record. */
export function registerTranslations(program: Command, env: () => Env): void {
  const command = program.command('translations').description('translated public texts and their review status: list, approve, edit, record');
  command
    .command('list')
    .description('list texts per language with their status (source, reviewed, draft, stale, changed, unrecorded, missing)')
    .option('-l, --language <code>', 'only this language')
    .option('-s, --status <status>', 'only this status, or "unreviewed" (draft, stale, changed, unrecorded)')
    .option('-k, --kind <kind>', 'only this kind: template, title, label, fact, calendar, interpreter')
    .option('--text', 'show the text and its English')
    .option('--json', 'print JSON')
    .action(async (opts: { language?: string; status?: string; kind?: string; text?: boolean; json?: boolean }) => {
      const query = new URLSearchParams(Object.entries({ language: opts.language, status: opts.status, kind: opts.kind }).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, v]])));
      const rows = await withAdmin(env(), (call) => call<TranslationRow[]>('GET', `/api/translations${query.size > 0 ? `?${query.toString()}` : ''}`));
      if (opts.json === true) return printJson(rows);
      process.stdout.write(`${table(rows as unknown as Record<string, unknown>[], ['language', 'key', 'status', 'by', 'at', 'edited', ...(opts.text === true ? ['text', 'english'] : ['file'])])}\n${rows.length} text(s)\n`);
    });
  command
    .command('approve <language> <keys...>')
    .description('record that you reviewed these texts as they stand (through the running service; audited)')
    .action(async (language: string, keys: string[]) => {
      await withAdmin(env(), async (call) => {
        for (const key of keys) {
          const row = await call<TranslationRow>('POST', '/api/translations/approve', { language, key });
          process.stdout.write(`${language} ${key}: ${row.status}\n`);
        }
      });
    });
  command
    .command('edit <language> <key>')
    .description('replace a text with your reviewed correction, used at once (through the running service; audited)')
    .option('-t, --text <text>', 'the corrected text')
    .option('-f, --file <file>', 'read the corrected text from a file')
    .action(async (language: string, key: string, opts: { text?: string; file?: string }) => {
      const text = opts.text ?? (opts.file === undefined ? undefined : fs.readFileSync(opts.file, 'utf8'));
      if (text === undefined) throw new Error('give the corrected text with --text or --file');
      const row = await withAdmin(env(), (call) => call<TranslationRow>('POST', '/api/translations/edit', { language, key, text }));
      process.stdout.write(`${language} ${key}: ${row.status}${row.edited ? ' (edited)' : ''}\n`);
    });
  command
    .command('record')
    .description('write translations/<language>.yaml: texts recorded against their English as they stand now (no service needed)')
    .requiredOption('-l, --language <code>', 'the language')
    .option('--by <name>', 'who wrote or reviewed them', process.env['USER'] ?? 'unknown')
    .option('--status <status>', 'draft or reviewed', 'draft')
    .option('--from-service', 'write the reviews made in the running service (console, approve, edit) into the file')
    .option('--dir <dir>', 'the translations folder (default: the one shipped with the code)')
    .argument('[keys...]', 'only these texts (default: every text not reviewed as it stands)')
    .action(async (keys: string[], opts: { language: string; by: string; status: string; fromService?: boolean; dir?: string }) => {
      const e = env();
      const dir = opts.dir ?? contentDirs({}).translationsDir;
      if (opts.fromService === true) {
        const entries = await withAdmin(e, (call) => call<Record<string, LedgerEntry>>('GET', `/api/translations/ledger/${encodeURIComponent(opts.language)}`));
        const file = writeLedger(dir, opts.language, new Map(Object.entries(entries)));
        process.stdout.write(`${file}: ${Object.keys(entries).length} entries from the running service\n`);
        return;
      }
      if (opts.status !== 'draft' && opts.status !== 'reviewed') throw new Error('--status is draft or reviewed');
      const { config } = loadConfig(e.configDir);
      const content = loadLanguageContent({ configDir: e.configDir, config, ...contentDirs({}), translationsDir: dir });
      const { entries, recorded } = recordTranslations(content.translations, { language: opts.language, by: opts.by, status: opts.status, at: new Date().toISOString().slice(0, 10), ...(keys.length > 0 ? { keys } : {}) });
      const file = writeLedger(dir, opts.language, entries);
      process.stdout.write(`${file}: ${recorded.length} text(s) recorded as ${opts.status} by ${opts.by}${dir.startsWith(PACKAGE_ROOT) ? '' : ` (in ${dir})`}\n`);
    });
}
