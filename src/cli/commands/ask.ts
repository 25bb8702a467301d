import readline from 'node:readline';
import type { Command } from 'commander';
import { loadModules } from '../../app/load-modules.js';
import type { Env } from '../../config/env.js';
import { loadConfig } from '../../config/load-config.js';
import type { Emergency } from '../../domain/emergency.js';
import { createLogger } from '../../logging/logger.js';
import type { ReplyEmergency } from '../../replies/decider.js';
import type { OverlayEntry } from '../../translations/review-state.js';
import { callAdmin, findService } from '../admin-client.js';

/**
 * `civicast ask`: what the bot would answer. Runs locally (no service needed). The emergency state
 * comes from `--emergency TYPE|none`, else from a running service, else none.
 */
export function registerAsk(program: Command, env: () => Env): void {
  program
    .command('ask [question]')
    .description('print the reply the bot would give (with a running service\'s translation reviews and corrections); --jsonl reads one question per line on stdin and writes each decision, with `withheld` when an unreviewed answer is held back')
    .option('--jsonl', 'read questions from stdin, write one JSON object per line')
    .option('-e, --emergency <type>', 'answer as if this emergency were active ("none" for normal times)')
    .option('-p, --param <key=value>', 'emergency parameter, with --emergency (repeatable)', (v: string, prev: string[] = []) => [...prev, v], [])
    .action(async (question: string | undefined, opts: { jsonl?: boolean; emergency?: string; param: string[] }) => {
      const e = env();
      const loaded = loadConfig(e.configDir);
      const modules = await loadModules({ configDir: e.configDir, config: loaded.config, logger: createLogger({ level: 'silent' }) });
      const { parseParams } = await import('./emergency.js');
      // A running service's reviews and corrections apply here too: ask answers as the service would.
      const service = findService(e);
      if (service !== undefined) {
        const reviews = await callAdmin<OverlayEntry[]>(service, 'GET', '/api/translations/reviews').catch(() => undefined);
        if (reviews !== undefined) modules.translations.adopt(reviews);
      }
      let emergency: ReplyEmergency | null = null;
      if (opts.emergency !== undefined && opts.emergency !== 'none') {
        if (!modules.emergencyTypes().includes(opts.emergency)) throw new Error(`unknown emergency type "${opts.emergency}" (known: ${modules.emergencyTypes().join(', ')})`);
        emergency = { type: opts.emergency, title: modules.titleFor(opts.emergency, loaded.config.city.defaultLocale), effectiveAt: Date.now(), params: { ...modules.defaultParams(opts.emergency), ...parseParams(opts.param) } };
      } else if (opts.emergency === undefined) {
        const target = findService(e);
        if (target !== undefined) {
          const all = await callAdmin<Emergency[]>(target, 'GET', '/api/emergencies').catch(() => [] as Emergency[]);
          emergency = all.find((x) => x.status === 'active' && !x.drill) ?? null;
        }
      }
      const decide = (text: string) => {
        const d = modules.faq.decide(text, emergency);
        // `urgent` stays true for both dangerous tiers, for tools written before `danger` existed.
        return { topic: d.topic, urgent: d.danger !== 'none', danger: d.danger, dangerKinds: d.dangerKinds, confidence: Number(d.confidence.toFixed(4)), locale: d.locale, reply: d.reply, kind: d.kind, ...(d.withheld === undefined ? {} : { withheld: d.withheld }) };
      };
      if (opts.jsonl === true) {
        const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
        for await (const line of lines) {
          if (line.trim().length === 0) continue;
          process.stdout.write(JSON.stringify(decide(line)) + '\n');
        }
        return;
      }
      if (question === undefined) throw new Error('give a question, or use --jsonl');
      const d = decide(question);
      const danger = d.danger === 'none' ? '' : ` danger=${d.danger}${d.dangerKinds.length > 0 ? ` (${d.dangerKinds.join(', ')})` : ''}`;
      const held = d.withheld === undefined ? '' : `\nheld back: ${d.withheld}`;
      process.stdout.write(`${d.reply ?? '(no answer: handed to staff)'}\n\n[${d.kind}] topic=${d.topic ?? 'none'} confidence=${d.confidence} locale=${d.locale}${danger}${emergency === null ? '' : ` emergency=${emergency.type}`}${held}\n`);
    });
}
