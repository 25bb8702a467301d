import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOGNISED_LANGUAGES, DEFAULT_SERVED_LANGUAGES } from '../../../src/faq/language/language-codes.js';
import { createLanguageRecognizer, recognizeLanguage } from '../../../src/faq/language/recognize-language.js';

const city = { served: DEFAULT_SERVED_LANGUAGES, recognised: DEFAULT_RECOGNISED_LANGUAGES };
const languageOf = (text: string) => recognizeLanguage(text, city).language;

/** Every text must come out as its language, and confidently. */
function expectAll(cases: Record<string, readonly string[]>) {
  for (const [language, texts] of Object.entries(cases)) {
    for (const text of texts) {
      const got = recognizeLanguage(text, city);
      expect({ text, language: got.language }).toEqual({ text, language });
      expect(got.confidence, text).toBeGreaterThanOrEqual(0.8);
    }
  }
}

describe('recognizeLanguage: the script first', () => {
  it('names the language of a script only one of them writes', () => {
    expectAll({
      ko: ['내일 쓰레기 버려도 돼요?', '정전 언제 끝나요'],
      ja: ['明日のゴミ収集はありますか', 'バス止まってる？', '車がレッカーされた'],
      zh: ['停车场在哪里', '停電了怎麼辦', '學校今天有上課嗎'],
      bn: ['আমাদের এলাকায় বিদ্যুৎ নেই', 'স্কুল খোলা?'],
      km: ['ផ្លូវយើងលិចទឹក', 'សាលារៀនបិទទេ'],
      am: ['መብራት ጠፍቷል', 'ትምህርት ቤቱ ክፍት ነው?'],
    });
  });

  it('tells Urdu from Arabic by the letters only Urdu writes, and Nepali from Hindi by their words', () => {
    expectAll({
      ar: ['هل الطريق مغلق بسبب الثلج؟', 'وين أقدر أركن سيارتي'],
      ur: ['کیا سڑک بند ہے؟', 'میری گاڑی کہاں ہے'],
      hi: ['क्या सड़क बंद है?', 'मेरी गाड़ी कहाँ है'],
      ne: ['के बाटो बन्द छ?', 'मेरो गाडी कहाँ छ'],
      ru: ['дорогу уже почистили?', 'где моя машина'],
    });
  });

  it('is not sure of a script it cannot tell apart, or of a language the city did not name', () => {
    // Ukrainian letters (і, ї, є) are no Russian: not a Russian reply.
    expect(languageOf('чи працюють сьогодні школи')).toBe('und');
    expect(languageOf('ไฟดับทั้งซอย')).toBe('und');
    expect(languageOf('אין חשמל')).toBe('und');
    // Persian: Arabic script, but neither Arabic nor Urdu.
    expect(languageOf('برق خانه ما رفته است')).toBe('und');
  });

  it('does not read Japanese as Chinese, nor French or Portuguese accents as Vietnamese', () => {
    expect(languageOf('今日は学校がありますか')).toBe('ja');
    expect(languageOf('le refuge près de mon hôtel est ouvert ?')).toBe('fr');
    expect(languageOf('qual é o número de emergência da cidade')).toBe('pt');
  });
});

describe('recognizeLanguage: Latin script on short posts', () => {
  it('tells Spanish, Portuguese, French, Italian and Haitian Creole apart', () => {
    expectAll({
      es: ['¿ya pasó el camión de basura?', 'no tengo luz desde ayer', 'q hago con mi carro'],
      pt: ['cadê o ônibus hoje', 'não tenho luz desde ontem', 'vc sabe se tem aula'],
      fr: ['je n’ai plus de courant depuis hier', 'il y a école aujourd’hui ?', 'où est ma voiture'],
      it: ['non ho la corrente da ieri', 'dove è finita la mia macchina', 'oggi si va a scuola?'],
      ht: ['mwen pa gen kouran depi yè', 'kote machin mwen an ye', 'eske gen lekòl jodi a'],
    });
  });

  it('tells Swahili, Somali and Tagalog apart, and German from Polish', () => {
    expectAll({
      sw: ['sina umeme tangu jana', 'gari langu liko wapi', 'leo kuna shule?'],
      so: ['koronto ma hayo tan iyo shalay', 'gaarigaygu xagee buu joogaa', 'maanta iskuul ma jiraa?'],
      tl: ['wala kaming kuryente mula kahapon', 'nasaan ang kotse ko', 'may pasok ba ngayon?'],
      de: ['wir haben seit gestern keinen Strom', 'wo ist mein Auto', 'ist heute Schule?'],
      pl: ['nie mamy prądu od wczoraj', 'gdzie jest mój samochód', 'czy dzisiaj jest szkoła?'],
    });
  });

  it('reads Vietnamese and English with or without accents, slang and typos', () => {
    expectAll({
      vi: ['nha toi mat dien tu hom qua', 'xe của tôi đâu rồi'],
      en: ['my power been out since yesterday', 'where is my car??', 'r schools open tmrw'],
    });
  });

  it('keeps the language of a post with a few English words in it', () => {
    expectAll({
      es: ['oye mi car se lo llevó la grúa', 'mañana hay school?'],
      tl: ['sarado ba ang schools bukas?', 'na-tow yung car ko kanina'],
      vi: ['mai có school không mọi người'],
      zh: ['明天school开门吗'],
      ar: ['الـ snow emergency انتهت؟'],
    });
  });

  it('ignores handles, hashtags, links and emoji', () => {
    expectAll({ es: ['@PhillyOEM @SnowEmergencyUpdates #snowday https://t.co/abc ¿ya se puede estacionar? ❄️🚗'] });
    expect(languageOf('@PhillyOEM #snowday https://t.co/abc 🚗🚗')).toBe('und');
  });
});

describe('recognizeLanguage: Russian typed in Latin letters', () => {
  it('names translit Russian as Russian, says it is romanized, whatever the spelling scheme', () => {
    const posts = ['u menya net sveta uzhe dva dnya', "a kogda priedet musorovoz? vsyu nedelyu zhdem", 'gde blizhaishii punkt obogreva dlya pozhilyh', 'mozhno li ostavit avto na ulitse noch’yu', 'skolko stoit zabrat mashinu so shtrafstoyanki', 'shkola zavtra rabotaet ili net?'];
    for (const text of posts) {
      const got = recognizeLanguage(text, city);
      expect({ text, language: got.language }).toEqual({ text, language: 'ru' });
      expect(got.confidence, text).toBeGreaterThanOrEqual(0.8);
      expect(got.romanized, text).toBe(true);
    }
    // With English words in it, as residents write.
    expect(recognizeLanguage('snow emergency eshe ne otmenili? mashinu mozhno vernut', city)).toMatchObject({ language: 'ru', romanized: true });
  });

  it('keeps Cyrillic Russian and every other language unmarked', () => {
    expect(recognizeLanguage('у меня нет света', city)).toMatchObject({ language: 'ru' });
    expect(recognizeLanguage('у меня нет света', city).romanized).toBeUndefined();
    expect(recognizeLanguage('where can i park during the snow emergency', city).romanized).toBeUndefined();
  });

  it('does not take the Slavic, Baltic and other Latin look-alikes for Russian', () => {
    expectAll({ pl: ['kiedy odśnieżą naszą ulicę', 'gdzie moge zostawic samochod na noc'], en: ['no power on my street since noon'], tl: ['wala pa ring kuryente sa amin'] });
    for (const text of ['kde můžu nechat auto přes noc', 'kde mozem zaparkovat auto cez noc', 'gdje mogu ostaviti auto preko noći', 'gde mogu da parkiram kola', 'kje lahko pustim avto čez noč', 'kur galiu palikti automobilį', 'kur es varu atstāt mašīnu', 'unde pot lăsa mașina peste noapte', 'arabamı nereye bırakabilirim', 'mashinani qayerga qoldirsam boladi']) {
      expect({ text, language: languageOf(text) }).toEqual({ text, language: 'und' });
    }
  });
});

describe('recognizeLanguage: unsure means und', () => {
  it('does not guess between languages that share the words', () => {
    for (const text of ['casa', 'ok', 'no', 'taxi!!', '311']) {
      const got = recognizeLanguage(text, city);
      expect({ text, language: got.language }).toEqual({ text, language: 'und' });
      expect(got.served).toBe(false);
    }
  });

  it('sets aside a language the city does not name, reporting it among the candidates', () => {
    const dutch = recognizeLanguage('moet ik mijn auto vannacht verplaatsen', city);
    expect(dutch.language).toBe('und');
    expect(dutch.candidates[0]?.language).toBe('nl');
    expect(languageOf('yarın okullar kapalı mı')).toBe('und');
  });

  it('reads nothing in an empty or letterless post, and survives hostile text', () => {
    for (const text of ['', '   ', '!!! ??? 911', '🌀🌀🌀', 'x'.repeat(100_000), 'car towed '.repeat(20_000), '\u202E\u0000\u200B']) {
      const got = recognizeLanguage(text, city);
      expect(got.confidence).toBeGreaterThanOrEqual(0);
      expect(got.confidence).toBeLessThanOrEqual(1);
    }
    expect(recognizeLanguage('', city)).toEqual({ language: 'und', confidence: 0, served: false, candidates: [] });
  });

  it('is stricter or looser with minConfidence', () => {
    const strict = createLanguageRecognizer({ minConfidence: 0.999999 });
    expect(strict.recognize('trash pickup?', city).language).toBe('und');
    const loose = createLanguageRecognizer({ minConfidence: 0.3 });
    expect(loose.recognize('quando a energia volta', city).language).not.toBe('und');
  });
});

describe('recognizeLanguage: served or only recognised', () => {
  it('says whether the city answers in the language', () => {
    expect(recognizeLanguage('où est ma voiture', city)).toMatchObject({ language: 'fr', served: true });
    expect(recognizeLanguage('차가 견인됐어요', city)).toMatchObject({ language: 'ko', served: false });
    expect(recognizeLanguage('dov’è la mia macchina', city)).toMatchObject({ language: 'it', served: false });
  });

  it('follows the configured lists', () => {
    const frenchOnlyRecognised = { served: ['en', 'es'], recognised: ['fr'] };
    expect(recognizeLanguage('où est ma voiture', frenchOnlyRecognised)).toMatchObject({ language: 'fr', served: false });
    // A language in neither list is not named at all.
    const english = { served: ['en'], recognised: [] };
    expect(recognizeLanguage('où est ma voiture', english)).toMatchObject({ language: 'und', served: false });
    expect(recognizeLanguage('where is my car', english)).toMatchObject({ language: 'en', served: true });
  });
});
