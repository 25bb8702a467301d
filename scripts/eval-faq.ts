// Scores the FAQ on labelled sets: `npm run eval:faq [-- file.tsv ...] [--misses]`.
// Default sets: the shared dev set, the repo's held-out set, eval/dev/faq-*.tsv and, when present,
// eval/heldout/faq-*.tsv (written by others; never tuned on).
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { loadModules } from '../src/app/load-modules.js';
import { defaultTopicSets, runTopicSection } from './faq-topic-section.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const loaded = loadConfig(path.resolve('config'));
const modules = await loadModules({ configDir: path.resolve('config'), config: loaded.config, logger: pino({ level: 'silent' }) });
const snow = { type: 'snow', params: modules.defaultParams('snow'), effectiveAt: Date.now(), title: 'Snow Emergency' };
runTopicSection(modules.faq, snow, files.length > 0 ? files : defaultTopicSets(), { misses: process.argv.includes('--misses'), write: (text) => process.stdout.write(text) });
