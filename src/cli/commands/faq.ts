import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import type { ThemesReport } from '../../learning/themes-report.js';
import { withAdmin } from '../admin-call.js';
import { printJson, table } from '../format.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Themes as the console shows them: largest first, each with its closest topic and a few examples. */
export function formatThemes(report: ThemesReport): string {
  const lines = [`Open hand-offs of the last ${report.hours} hours, grouped by likeness (largest first):`];
  if (report.themes.length === 0) lines.push('  (none)');
  report.themes.forEach((theme, index) => {
    const guess = theme.topGuess === null ? '' : ` · closest topic ${theme.topGuess.topic} (${Math.round(theme.topGuess.confidence * 100)}%)`;
    lines.push(`${index + 1}. ${theme.count} message(s) · ${theme.locales.join(', ')}${guess}`);
    for (const example of theme.examples) lines.push(`     "${example.text.replace(/\s+/g, ' ')}"  [${example.id}]`);
  });
  if (report.phrasings.length > 0) lines.push('', 'Taught phrasings waiting for review:', table(report.phrasings as unknown as Record<string, unknown>[], ['id', 'topic', 'locale', 'addedBy', 'text']));
  if (report.drafts.length > 0) lines.push('', 'Draft topics waiting for review:', table(report.drafts as unknown as Record<string, unknown>[], ['id', 'title', 'locale', 'createdBy', 'answer']));
  if (report.disabled.length > 0) lines.push('', `Switched off: ${report.disabled.map((s) => s.topic).join(', ')}`);
  return lines.join('\n');
}

/** `civicast faq`: the learning loop and answer governance from the terminal (through the running service). */
export function registerFaq(program: Command, env: () => Env): void {
  const faq = program.command('faq').description('learn from hand-offs and govern answers: suggest, teach, draft, disable, enable, stale');
  faq
    .command('suggest')
    .description('the open themes of messages handed to staff (what the FAQ should answer next), as the console shows them')
    .option('--hours <n>', 'how far back', '72')
    .option('--json', 'print JSON')
    .action(async (opts: { hours: string; json?: boolean }) => {
      const report = await withAdmin(env(), (call) => call<ThemesReport>('GET', `/api/faq/themes?hours=${encodeURIComponent(opts.hours)}`));
      if (opts.json === true) return printJson(report);
      process.stdout.write(`${formatThemes(report)}\n`);
    });
  faq
    .command('teach <topic>')
    .description('add a resident’s wording as an example of a topic (answered at once on every instance; listed for review; manager)')
    .requiredOption('-t, --text <text>', 'the phrasing')
    .option('-l, --locale <code>', 'its language (default: the hand-off’s, or the city’s default)')
    .option('-i, --item <id>', 'an inbox item it came from (repeatable)', collect, [])
    .action(async (topic: string, opts: { text: string; locale?: string; item: string[] }) => {
      const result = await withAdmin(env(), (call) => call<{ added: boolean; phrasing: { id: string } }>('POST', '/api/faq/phrasings', { topic, text: opts.text, items: opts.item, ...(opts.locale === undefined ? {} : { locale: opts.locale }) }));
      process.stdout.write(result.added ? `taught ${topic} (phrasing ${result.phrasing.id}, pending review)\n` : `${topic} already had this phrasing: nothing changed\n`);
    });
  faq
    .command('draft')
    .description('draft a new topic for review (answers nothing until it is added to faq/)')
    .requiredOption('--title <title>', 'the topic’s name')
    .requiredOption('--answer <text>', 'the proposed answer')
    .option('-i, --item <id>', 'an inbox item it came from (repeatable)', collect, [])
    .action(async (opts: { title: string; answer: string; item: string[] }) => {
      const draft = await withAdmin(env(), (call) => call<{ id: string }>('POST', '/api/faq/drafts', { title: opts.title, answer: opts.answer, items: opts.item }));
      process.stdout.write(`draft ${draft.id} saved for review\n`);
    });
  faq
    .command('stale')
    .description('replies given from an answer that no longer stands: its topic is switched off, or its text changed since')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withAdmin(env(), (call) => call<Record<string, unknown>[]>('GET', '/api/faq/stale-replies'));
      if (opts.json === true) return printJson(rows);
      process.stdout.write(`${table(rows, ['decidedAt', 'why', 'topic', 'version', 'currentVersion', 'channel', 'id', 'replyId'])}\n${rows.length} reply(ies)\n`);
    });
  for (const verb of ['disable', 'enable'] as const) {
    faq
      .command(`${verb} <topic>`)
      .description(verb === 'disable' ? 'switch a topic off at once on every instance: its questions go to staff (manager; audited)' : 'switch a topic back on (manager; audited)')
      .option('-r, --reason <text>', 'why (for the audit log)')
      .action(async (topic: string, opts: { reason?: string }) => {
        const result = await withAdmin(env(), (call) => call<{ changed: boolean }>('POST', `/api/faq/topics/${encodeURIComponent(topic)}/${verb}`, opts.reason === undefined ? {} : { reason: opts.reason }));
        process.stdout.write(`${topic}: ${verb === 'disable' ? 'off' : 'on'}${result.changed ? '' : ' (it already was)'}\n`);
      });
  }
}
