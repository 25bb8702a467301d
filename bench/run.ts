/**
 * `npm run bench`: runs every benchmark in this process (peers side by side in the same run),
 * prints one table and writes it to docs/benchmarks.md with the machine's cores, memory and Node.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { BenchRow } from './bench-row.js';
import { benchCards } from './cards.js';
import { benchDispatch } from './dispatch.js';
import { benchFanOut } from './fan-out.js';
import { benchFeedLatency } from './feed-latency.js';
import { benchLanguage } from './language.js';
import { benchMatcher } from './matcher.js';
import { benchPublicPages } from './public-pages.js';
import { benchStartup } from './startup.js';
import { benchStore } from './store.js';
import { benchDangerStorm, benchStorm } from './storm.js';

interface Section {
  title: string;
  run: () => Promise<BenchRow[]>;
}

const sections: Section[] = [
  { title: 'FAQ', run: () => benchMatcher() },
  { title: 'Language', run: () => benchLanguage() },
  { title: 'Feeds', run: () => benchFeedLatency() },
  { title: 'Outbox', run: () => benchDispatch() },
  { title: 'Store', run: () => benchStore() },
  { title: 'Fan-out', run: () => benchFanOut() },
  { title: 'Storm', run: () => benchStorm() },
  { title: 'Danger', run: () => benchDangerStorm() },
  { title: 'Cards', run: () => benchCards() },
  { title: 'Public', run: () => benchPublicPages() },
  { title: 'Process', run: () => benchStartup() },
];

const only = process.argv[2];
const rows: (BenchRow & { section: string })[] = [];
for (const section of sections) {
  if (only !== undefined && !section.title.toLowerCase().includes(only.toLowerCase())) continue;
  process.stderr.write(`bench: ${section.title}…\n`);
  for (const row of await section.run()) rows.push({ ...row, section: section.title });
}

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`;
const header = '| section | measurement | result | notes |\n|---|---|---|---|';
const body = rows.map((r) => `| ${r.section} | ${r.name} | ${r.value} | ${r.note ?? ''} |`).join('\n');
const table = `${header}\n${body}`;
process.stdout.write(`\nMachine: ${machine}\n\n${table}\n`);
if (only === undefined) {
  fs.mkdirSync('docs', { recursive: true });
  fs.writeFileSync(
    'docs/benchmarks.md',
    `# Benchmarks\n\nProduced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\nMachine: ${machine}\n\nRatios between peers are measured in the same run; absolute numbers depend on the machine.\n\n${table}\n`,
  );
}
