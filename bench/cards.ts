/**
 * Image cards: time to render one card (layout, drawing and PNG encoding) for posts in several
 * scripts, and the PNG's size, with the shipped fonts at the default 1080×1350.
 */
import { cardStyleSchema } from '../src/cards/card-style.js';
import { CardRenderer } from '../src/cards/render-card.js';
import type { BenchRow } from './bench-row.js';
import { ms, percentile } from './stats.js';

const SAMPLES: Record<string, string> = {
  en: 'Philadelphia has declared a SNOW EMERGENCY from 6 PM. Move cars off Snow Emergency Routes, expect trash delays, and check back here for updates. Info: https://www.phila.gov',
  es: 'Filadelfia declaró una EMERGENCIA POR NIEVE desde las 6 PM. Retire su auto de las Rutas de Emergencia, la basura se recogerá con retraso. Más información: 311.',
  ar: 'أعلنت فيلادلفيا حالة طوارئ بسبب الثلوج اعتبارًا من الساعة 6 مساءً. انقلوا سياراتكم من طرق الطوارئ، وتوقعوا تأخر جمع النفايات. للمزيد: 311',
  zh: '费城已宣布雪灾紧急状态，自晚上6点起生效。请将车辆移出雪灾紧急路线，垃圾收集将会延迟，请随时关注本账号的最新消息。详情请致电311。',
  vi: 'Philadelphia đã ban bố TÌNH TRẠNG KHẨN CẤP DO TUYẾT từ 6 giờ tối. Hãy dời xe khỏi các Tuyến đường Khẩn cấp, rác sẽ được thu gom trễ. Thông tin: gọi 311.',
};

export async function benchCards(rounds = 20): Promise<BenchRow[]> {
  const loadStarted = performance.now();
  const renderer = await CardRenderer.create(cardStyleSchema.parse({ footer: 'City of Philadelphia' }));
  const loadMs = performance.now() - loadStarted;
  const rows: BenchRow[] = [];
  const all: number[] = [];
  for (const [locale, text] of Object.entries(SAMPLES)) {
    await renderer.render({ text, locale }); // warm-up
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const card = await renderer.render({ text, locale });
      times.push(performance.now() - started);
      bytes = card.png.length;
    }
    all.push(...times);
    rows.push({ name: `card render (${locale}), 1080×1350 PNG`, value: `p50 ${ms(percentile(times, 50))}`, note: `p99 ${ms(percentile(times, 99))}, ${(bytes / 1024).toFixed(0)} KiB, ${rounds} renders` });
  }
  rows.push({ name: 'card render, all scripts', value: `${(1000 / percentile(all, 50)).toFixed(1)} cards/s`, note: `p50 ${ms(percentile(all, 50))}, p99 ${ms(percentile(all, 99))}; fonts and canvas loaded once in ${ms(loadMs)}` });
  return rows;
}

// `tsx bench/cards.ts` runs it alone.
if (process.argv[1]?.endsWith('cards.ts') === true) {
  for (const row of await benchCards()) process.stdout.write(`${row.name}: ${row.value}${row.note === undefined ? '' : ` (${row.note})`}\n`);
}
