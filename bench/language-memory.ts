/**
 * Run by bench/language.ts in a fresh process: loads one language detector, uses it once per
 * script, and prints its load time and the resident memory it added (after a full GC), as JSON.
 */
const which = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().rss;
const started = performance.now();
const samples = ['where is my car', 'где моя машина', 'أين سيارتي', 'मेरी गाड़ी कहाँ है', '我的车在哪里'];
if (which === 'recognizer') {
  const { createLanguageRecognizer } = await import('../src/faq/language/recognize-language.js');
  const { DEFAULT_RECOGNISED_LANGUAGES, DEFAULT_SERVED_LANGUAGES } = await import('../src/faq/language/language-codes.js');
  const recognizer = createLanguageRecognizer();
  for (const text of samples) recognizer.recognize(text, { served: DEFAULT_SERVED_LANGUAGES, recognised: DEFAULT_RECOGNISED_LANGUAGES });
} else {
  const { previousDetectLocale } = await import('./previous-locale-detector.js');
  for (const text of samples) previousDetectLocale(text, ['en', 'es', 'zh', 'vi'], 'en');
}
const loadMs = performance.now() - started;
gc?.();
process.stdout.write(JSON.stringify({ loadMs, rssBytes: process.memoryUsage().rss - before }) + '\n');
