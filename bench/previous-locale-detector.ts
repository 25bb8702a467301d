/**
 * The language detector Civicast used before `src/faq/language/` (kept here only as the bench's
 * baseline): eld's extra-small n-gram database restricted to the configured locales, a Han check,
 * Vietnamese letters and Spanish markers; it always names a locale, never "not sure".
 */
import { eld } from 'eld/extrasmall';

const HAN = /[\u3400-\u9fff]/;
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const SPANISH = /[ñ¿¡]|\b(hola|buenos|buenas|el|la|los|las|mi|que|donde|dónde|cuándo|cuando|basura|carro|calle|nieve|hay|está|esta|puedo|debo|por favor|gracias)\b/i;

let configured: string | undefined;

export function previousDetectLocale(text: string, locales: readonly string[], fallback: string): string {
  const sample = text.slice(0, 500);
  if (locales.includes('zh') && HAN.test(sample)) return 'zh';
  if (locales.includes('vi') && VIETNAMESE.test(sample)) return 'vi';
  const key = locales.join(',');
  if (configured !== key) {
    eld.dynamicLangSubset([...locales]);
    configured = key;
  }
  const letters = sample.replace(/[^\p{L}]/gu, '');
  const result = letters.length >= 8 ? eld.detect(sample) : undefined;
  if (result !== undefined && result.isReliable() && locales.includes(result.language)) return result.language;
  if (locales.includes('es') && SPANISH.test(sample)) return 'es';
  if (result !== undefined && locales.includes(result.language) && result.language !== '') return result.language;
  return fallback;
}
