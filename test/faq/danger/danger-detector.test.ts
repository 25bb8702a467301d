import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { DangerDetector } from '../../../src/faq/danger/danger-detector.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { LexiconReader } from '../../../src/faq/danger/lexicon-reader.js';
import { typoKnownWords } from '../../../src/faq/danger/typo-known-words.js';

const reader = new LexiconReader(loadDangerLexicons(path.resolve('faq/danger')), typoKnownWords());
const detector = new DangerDetector(reader, loadDangerModel(path.resolve('faq/danger')));
const tier = (text: string) => detector.detect(text).tier;
/** The lexicons' own tier: the composition the model takes as evidence. */
const lexiconTier = (text: string) => reader.read(text).tier;

describe('danger detector (model and lexicons): what is described, in every served language', () => {
  // Written for this test, not taken from the dev sets: plain words, most without an alarm word.
  const urgent: Record<string, string[]> = {
    en: ['my grandma slipped in the tub and she is not answering me', 'the whole apartment reeks of gas', 'kid went through the ice at the pond', 'we ran the grill in the living room and now everyone is dizzy', 'tree crashed through our roof, my brother is pinned under it'],
    es: ['mi tío se cayó en la nieve y no se mueve', 'huele a gas en la cocina', 'el techo se está cayendo y mis hijos están adentro', 'mi esposa tiene dolor en el pecho'],
    zh: ['我奶奶摔倒了，叫不醒', '厨房有很重的煤气味', '我們家樓下著火了', '屋顶塌了，孩子还在里面'],
    vi: ['mẹ tôi ngã trong nhà tắm, không cử động', 'nha toi co mui gas rat nang', 'con tôi không thở'],
    ru: ['бабушка упала и не встаёт', 'в квартире пахнет газом', 'муж без сознания'],
    ht: ['manman m tonbe li pa reponn', 'gen sant gaz nan kay la', 'kay la ap boule'],
    fr: ['mon père est tombé et il ne bouge plus', 'ça sent le gaz dans la cuisine', 'mon fils ne respire plus'],
    pt: ['meu avô caiu e não se mexe', 'tá cheirando gás na cozinha', 'minha mãe desmaiou e não acorda'],
    ar: ['جدي وقع ولا يتحرك', 'في ريحة غاز قوية في المطبخ', 'ابني لا يتنفس'],
    sw: ['bibi ameanguka na hajibu', 'kuna harufu ya gesi jikoni', 'mtoto hapumui'],
  };
  for (const [language, messages] of Object.entries(urgent)) {
    it.each(messages)(`${language}: %s`, (text) => expect(tier(text)).not.toBe('none'));
  }

  const harmless: Record<string, string[]> = {
    en: ['the plow pile is blocking my driveway again', 'fire hydrant on my corner is buried', 'gas prices are wild this week', 'this cold is killing me lol', 'my car is buried, when do plows come', 'the 311 line is not answering'],
    es: ['me muero de frío jaja', 'la gasolinera está cerrada', 'mi carro está enterrado en la nieve', 'el tráfico no se mueve'],
    zh: ['冷死了，图书馆开门吗', '加油站排队很长', '我的车被雪埋了', '消防栓被雪埋了'],
    vi: ['lạnh chết đi được', 'giá xăng cao quá', 'xe buyt co chay khong', 'kẹt xe quá'],
    ru: ['умираю от холода', 'фонарь не горит', 'цены на газ бешеные'],
    ht: ['m ap mouri frèt', 'pri gaz la twò chè'],
    fr: ['je meurs de froid', 'le prix du gaz est délirant', 'ma voiture est ensevelie sous la neige'],
    pt: ['tô morrendo de frio', 'o preço do gás tá absurdo'],
    ar: ['ميت من البرد', 'سعر الغاز غالي كتير'],
    sw: ['nakufa kwa baridi', 'bei ya gesi iko juu sana', 'chai ya moto'],
  };
  for (const [language, messages] of Object.entries(harmless)) {
    it.each(messages)(`${language}, harmless: %s`, (text) => expect(tier(text)).toBe('none'));
  }
});

describe('danger detector: long messages are also read sentence by sentence', () => {
  // Written for this test: the danger is one sentence of a long complaint, which read whole
  // (without windows) was no danger in English and Spanish. (The English one's danger was a boy
  // through the ice on a pond until the model that learnt from wrapped posts read that sentence
  // alone 2.1 log-odds over its threshold, under the windows' 2.5: see Known limits.)
  const buried: [string, string][] = [
    ['en', "Long post, sorry. We have been without power on Wyndmoor Ave since Saturday and PECO keeps saying tomorrow, tomorrow, tomorrow. The food is in coolers on the back porch now. The trash truck skipped our block on Monday and again today and the bins are overflowing into the street. The plow came through at 5am and buried every car including mine, which I had just dug out, and then I got a ticket for it. My neighbour's grandpa slipped on his steps and he is lying on the sidewalk, he can't get up and he is shaking. Anyway when is the library on Germantown open for charging phones, and does the rec center have showers?"],
    ['es', 'Buenas tardes, les escribo porque ya no sé a quién más quejarme. Llevamos tres días sin luz en la calle Ontario y la compañía dice que mañana, siempre mañana. La basura no la recogen desde el lunes y los botes ya se desbordan. El quitanieves pasó a las cinco y enterró todos los carros otra vez, y encima me pusieron multa. Mi abuelo se resbaló en el patio y lleva una hora tirado en la nieve, no lo podemos levantar. Y quería preguntar si la biblioteca abre mañana para cargar los teléfonos.'],
    ['fr', "Bonjour à tous, petit message pour râler un peu. Trois jours sans électricité rue Castor, et la compagnie répond toujours demain. Les poubelles n'ont pas été ramassées depuis lundi et elles débordent dans la rue. Le chasse-neige est passé à cinq heures et a enterré toutes les voitures, et en plus j'ai eu une amende. Mon fils de quatre ans a avalé les cachets de sa grand-mère et il ne se réveille pas. Bref, quelqu'un sait si la bibliothèque ouvre demain pour charger les téléphones?"],
    ['pt', 'Boa tarde pessoal, desculpem o textão. Estamos sem luz há três dias na rua Tasker e a companhia só diz que amanhã volta. O lixo não passou na segunda nem hoje e as lixeiras estão transbordando na calçada. O limpa-neve passou às cinco da manhã e enterrou todos os carros de novo, e ainda levei multa. Meu vizinho idoso está caído na escada desde cedo e não responde quando a gente chama. Alguém sabe se a biblioteca abre amanhã para carregar o celular?'],
  ];
  it.each(buried)('%s: a danger in one sentence of a long complaint is caught', (language, text) => {
    expect(detector.detect(text, language).tier).not.toBe('none');
  });

  it('a long complaint, or a long story whose danger is over, is no danger', () => {
    const harmless = [
      "OK rant incoming. The plows buried my car for the third time this week. Then I got a ticket for not moving it during the snow emergency, which I couldn't do because it was buried. Trash has not been collected in nine days. The 311 app just says request received. Nobody answers the phone. I pay my taxes and this is what we get.",
      // The first sentence alone is a gas smell: the lexicons' alarm words count in the whole message, with its doubts.
      'Update for the block: the gas smell on Elm yesterday was real. PGW came within twenty minutes, found a small leak at the meter and fixed it. They checked every house and the readings are all zero now. Everyone is fine. Next question, when is trash pickup happening, the bins are overflowing.',
      'Les cuento cómo nos fue. Hace dos inviernos mi papá se cayó en la escalera de la casa y se rompió la cadera. Estuvo meses en terapia. Ahora ya camina bien, gracias a Dios. Por eso quería preguntar si la ciudad reparte sal para las banquetas este año.',
    ];
    for (const text of harmless) expect(detector.detect(text).tier).toBe('none');
  });
});

describe('danger detector: hashtags that end a message are labels, not what happened', () => {
  // Written for this test: "#snowstorm" after each dangerous post of the check sets had taken
  // 96 of 1,476 catches away (a word the model learnt from weather chatter, and one more word to
  // share the message's weight).
  it.each([
    ['en', 'my grandma slipped in the tub and she is not answering me'],
    ['es', 'mi tío se cayó en la nieve y no se mueve'],
    ['zh', '我奶奶摔倒了，叫不醒'],
    ['fr', 'mon père est tombé et il ne bouge plus'],
  ])('%s: a danger followed by hashtags reads as the danger without them', (language, text) => {
    const bare = detector.detect(text, language);
    expect(bare.tier).not.toBe('none');
    for (const tags of [' #snowstorm', ' #snowstorm #PhillyWinter #311', ' 😭 #blizzard2026 @Philly311 #philly']) {
      expect(detector.detect(`${text}${tags}`, language).tier).toBe(bare.tier);
    }
  });

  it('keeps a hashtag that is the message, or part of a sentence', () => {
    expect(tier('#fire #help')).toBe(detector.detect('fire help').tier);
    expect(tier('my #house is on fire')).not.toBe('none');
    expect(tier('the plow pile is blocking my driveway again #snowstorm #PhillyWinter')).toBe('none');
  });
});

describe('danger detector: a quoted notice is not what the resident says', () => {
  // Written for this test: a reply that quotes a city notice before its own words had the notice's
  // harmless topic (trash, parking, warming centres) outweigh the danger told after it.
  it.each([
    ['en', '"Trash and recycling collection is delayed by one day this week, put bins out a day later" ok but my grandma slipped in the tub and she is not answering me'],
    ['es', '“Los centros de calefacción abren de 8am a 8pm en todos los centros recreativos” mi tío se cayó en la nieve y no se mueve'],
    ['fr', '« Le stationnement est interdit sur les routes de neige dès 18h ce soir » mon père est tombé et il ne bouge plus'],
  ])('%s: a danger after a quoted notice is read as the danger', (language, text) => {
    expect(detector.detect(text, language).tier).not.toBe('none');
  });

  it('a harmless question about a quoted notice stays harmless', () => {
    expect(tier('"Snow emergency declared, move your car off snow emergency routes by 6pm" does that mean my street too?')).toBe('none');
    expect(tier('“Warming centers are open 8am to 8pm” is the one on Lehigh open on Sunday?')).toBe('none');
  });
});

describe('lexicon reading: composition', () => {
  it('someone in a bad state is urgent; the state with no one named is possible', () => {
    expect(lexiconTier('my dad is not moving')).toBe('urgent');
    expect(lexiconTier('not moving at all, lying in the snow')).toBe('possible');
  });

  it('someone nobody can find is possible danger on the lexicons alone; with a plea, urgent', () => {
    expect(lexiconTier('my son still hasnt come home')).toBe('possible');
    expect(reader.read('my son still hasnt come home').kinds).toEqual(['missing']);
    expect(lexiconTier('my son still hasnt come home, please help')).toBe('urgent');
    expect(lexiconTier('our cat still hasnt come home')).toBe('none');
    expect(lexiconTier('the bus never came')).toBe('none');
    // With no one named the words are no evidence: the model alone weighs them.
    expect(lexiconTier('minha filha ainda não voltou, já são 10 da noite')).toBe('possible');
    expect(lexiconTier('ainda não voltou, já são 10 da noite')).toBe('none');
  });

  it('a hazard with people exposed is urgent; the hazard alone is possible', () => {
    expect(lexiconTier('the ceiling is cracking and sagging, my kids are asleep upstairs')).toBe('urgent');
    expect(lexiconTier('the ceiling is cracking and sagging')).toBe('possible');
    expect(lexiconTier('downed power lines sparking on Elm St')).toBe('possible');
  });

  it('a fuel-burning heater indoors is possible; with symptoms it is urgent', () => {
    expect(lexiconTier('we are running the generator in the garage')).toBe('possible');
    expect(lexiconTier('we are running the generator in the garage and my son has a headache and feels sick')).toBe('urgent');
  });

  it('doubts lower a tier: rule questions, past and resolved events, jokes', () => {
    expect(lexiconTier('what should I do if I smell gas')).toBe('possible');
    expect(lexiconTier('how do I know if my carbon monoxide detector works')).toBe('none');
    expect(lexiconTier('last winter a tree fell on our house, nobody was hurt')).toBe('none');
    expect(lexiconTier('had a small kitchen fire last week, all fine now')).toBe('none');
    expect(lexiconTier('smoke alarm went off, turned out to be burnt toast lol')).toBe('none');
  });

  it('a story that comes to the present is not a past event', () => {
    expect(lexiconTier('the power went out last night so we brought the charcoal grill inside, now we all have headaches')).toBe('urgent');
  });

  it('idioms hide only the words they cover', () => {
    expect(lexiconTier('fire hydrant buried in snow')).not.toBe('urgent');
    expect(lexiconTier('the power line is down, sparking on my car with my kids inside')).toBe('urgent');
  });

  it('names the kinds of danger and the language that saw it', () => {
    const finding = reader.read('ma mère ne respire plus');
    expect(finding).toMatchObject({ tier: 'urgent', kinds: ['breathing'] });
    expect(finding.languages[0]?.language).toBe('fr');
  });

  it('composes who and what state within one language, so a pronoun of another language is not a person', () => {
    // French "on" and English "on": the trapped car is not a trapped person.
    expect(lexiconTier('car buried in snow on my block')).not.toBe('urgent');
    // Code-switching composes within each language.
    expect(lexiconTier('my abuela no responde')).not.toBe('none');
  });
});

describe('lexicon reading: writing systems', () => {
  it('reads Traditional Chinese through the Simplified lexicon', () => {
    expect(lexiconTier('我聞到很濃的瓦斯味')).toBe('urgent');
    expect(lexiconTier('爺爺暈倒了叫不醒')).toBe('urgent');
  });

  it('reads Vietnamese typed without diacritics, but not a word typed with other ones', () => {
    expect(lexiconTier('ba toi bat tinh')).toBe('urgent');
    // "chạy" (to run) typed with its marks is not "cháy" (to burn).
    expect(lexiconTier('xe buýt có chạy không')).toBe('none');
  });

  it('reads Arabic words with the particles written onto them', () => {
    expect(lexiconTier('أمي وقعت ومش بترد')).toBe('urgent');
  });

  it('matches accents only with the language’s own letters', () => {
    // Vietnamese "sáng" (morning) is not French "sang" (blood).
    expect(reader.read('sáng nay tôi đi làm').tier).toBe('none');
    expect(lexiconTier('mi abuela está inconsciente')).toBe('urgent');
    expect(lexiconTier('mi abuela esta inconsciente')).toBe('urgent');
  });

  it('finds the obvious words in the recognised languages', () => {
    for (const text of ['불이 났어요', 'ガスの臭いがする', 'Es riecht nach Gas', 'mój ojciec nie oddycha', 'आग लग गई', 'hindi humihinga ang lola ko', 'ambulanza subito', 'dab ayaa qabsaday']) {
      expect(lexiconTier(text), text).toBe('urgent');
      expect(tier(text), text).not.toBe('none');
    }
    expect(lexiconTier('Hilfe')).toBe('possible');
  });

  it('puts typing slips right towards danger words only, never a real word', () => {
    expect(reader.read('my house is on fiee')).toMatchObject({ tier: 'urgent', afterTypoFix: true });
    expect(lexiconTier('the fine is five dollars')).toBe('none');
    // Haitian "genyen" (to have) is one letter from "senyen" (to bleed): no Haitian word list, no fix.
    expect(lexiconTier('ki lajè twotwa a dwe genyen')).toBe('none');
  });

  it('never crashes on hostile or huge text', () => {
    for (const text of ['', '🙃'.repeat(1000), `fire ${'\u0301'.repeat(5000)}`, 'x'.repeat(100_000), '\u202e\u0000 gas leak'.repeat(500), `w ${'#a '.repeat(20_000)}`, `${'x #a'.repeat(5000)} y`, `w${' #ab 😭 @b'.repeat(8000)}`]) expect(() => detector.detect(text)).not.toThrow();
  });
});
