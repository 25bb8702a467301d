import type { HandLexicon } from './hand-lexicon.js';

/**
 * Latin-script words the frequency lists lack: the whole everyday vocabulary of Haitian Creole,
 * Swahili, Somali and Tagalog (no list ships for them), and for the others the short-text
 * spellings, slang and storm words residents post ("tmrw", "pra", "vc", "quitanieves").
 */
export const LATIN_LEXICONS = {
  en: {
    core: 'the a an and or but is are was were be been do does did dont doesnt didnt cant wont isnt arent im ive its my your our their we they he she it you i me us them this that these those what when where why how who which will would can could should must have has had to of in on at for from with about if not no yes any still yet',
    common: 'u ur r ya yall gonna gotta wanna naw nah yea yeah pls plz thx ty bc cuz idk rn tmrw tmr tomorow tonite lol lmao smh wtf omg ok okay thanks guys whats wheres theres hows whos aint outta lemme kinda sorta',
    topic: 'snow plow plows plowed plowing towed tow tows shovel shoveled shoveling shovelled sidewalk sidewalks trash recycling pickup garbage power outage outages flooded flooding basement evacuate evacuation shelter warming cooling heat cold blizzard hurricane storm streets street car cars parking park block neighbor neighbors schools school closed closing delayed delay buses bus trains train trolley septa peco philly city emergency lifted savesies chairs cones mailbox sandbags',
  },
  es: {
    core: 'el la los las un una y o que de del en por para con sin mi mis tu su se me te lo le les no si es son está están esta estan hay qué que cuándo cuando dónde donde cómo como cuál cual quién quien porque pero ya muy más',
    common: 'q xq pq porq pa tmb tambien toy oye jaja jajaja jajajaja wey güey neta ahorita ahora hoy mañana manana ayer gracias hola buenos buenas dias días noche favor ayuda tengo tiene tienen puedo puede debo hacer hace sigue siguen todavía todavia nadie nada todo todos',
    topic: 'carro coche troca camioneta grúa grua remolcaron remolcado llevaron basura reciclaje nieve nevada tormenta huracán huracan quitanieves palear banqueta acera calle calles cuadra luz escuela escuelas clases refugio calefacción inundado inundada sótano sotano evacuar emergencia estacionar estacionamiento autobús autobuses tren vecino',
  },
  pt: {
    core: 'o a os as um uma e ou que de do da dos das em no na nos nas por pra pro para com sem meu minha seu sua se me te lhe não nao sim é tá ta tô to está estão tem têm quando onde como qual quem porque mas já muito mais eu você voce ele ela nós gente',
    common: 'vc vcs voces tb tbm pq q né ne kkkk kkk kkkkk rs aqui hj hoje amanhã amanha ontem obrigado obrigada valeu oi olá ola bom boa dia noite favor ajuda tenho preciso posso pode devo fazer faz vai vou ainda ninguém ninguem nada tudo todos galera cara',
    topic: 'carro guincho guinchado guinchou rebocaram rebocado lixo coleta reciclagem neve nevasca tempestade furacão furacao limpa-neve calçada calcada rua ruas bairro luz energia escola escolas aula aulas abrigo aquecimento alagado alagada alagando porão porao evacuar emergência emergencia estacionar estacionamento ônibus onibus trem vizinho',
  },
  fr: {
    core: 'le la les un une des et ou que qui de du en dans par pour avec sans mon ma mes ton ta ses son se ne pas plus est sont suis c\'est il elle on nous vous ils je j\' l\' d\' c\' qu\' n\' s\' y a au aux quand où ou comment quel quelle pourquoi mais déjà très',
    common: 'ya y\'a mdr ptdr stp svp jsp chui chuis bcp pk pcq slt cc ouais wesh ok merci bonjour bonsoir salut aujourd\'hui aujourdhui demain hier soir aide faut peux dois veux fait encore toujours personne rien tout tous ça ca',
    topic: 'voiture voitures fourrière fourriere remorquée remorquee poubelles ordures ramassage recyclage neige tempête tempete ouragan chasse-neige déneiger deneiger déneigement deneigement déneigeuse pelleter trottoir rue rues quartier courant électricité electricite école écoles ecole refuge chauffage inondé inondée inondee cave évacuer evacuer urgence garer stationnement bus métro metro voisin',
  },
  it: {
    core: 'il lo la i gli le un una e o che di del della in nel nella per con senza mio mia suo sua si mi ti non sì è sono c\'è quando dove come quale chi perché perche ma già molto più',
    common: 'raga cmq nn ke xke xché ok grazie ciao buongiorno buonasera oggi domani ieri stasera aiuto devo posso può puo fare ancora nessuno niente tutto tutti',
    topic: 'macchina auto rimossa rimosso carro attrezzi spazzatura rifiuti raccolta neve nevicata tempesta uragano spazzaneve spalare marciapiede strada via quartiere luce corrente scuola scuole rifugio riscaldamento allagata allagato cantina evacuare emergenza parcheggiare parcheggio autobus tram vicino',
  },
  de: {
    core: 'der die das den dem des ein eine einen und oder aber ist sind war bin hat haben wird werden ich du er sie es wir ihr mein meine dein unser nicht kein keine wann wo wie was warum wer noch schon sehr mit von zu im in auf für',
    common: 'nich net nix bissl grad halt mal weg ok danke bitte hallo heute morgen gestern abend hilfe muss kann darf will wieder immer niemand nichts alles alle echt',
    topic: 'auto abgeschleppt abschleppen umparken müll muell abfall abfuhr schnee schneesturm sturm räumen raeumen geräumt geraeumt räumfahrzeug gehweg straße strasse viertel strom schule schulen notunterkunft heizung überflutet ueberflutet keller evakuieren notstand parken bus busse bahn nachbar',
  },
  pl: {
    core: 'i w z na do nie się sie to jest są sa czy że ze co jak gdzie kiedy dlaczego kto mój moja mi mnie ja ty on ona my wy oni ale już juz bardzo jeszcze tak',
    common: 'xd spoko ok dzięki dzieki dziękuję dziekuje proszę prosze cześć czesc dzisiaj dziś dzis jutro wczoraj wieczorem pomoc muszę musze mogę moge trzeba nikt nic wszystko wszyscy',
    topic: 'samochód samochod auto odholowali odholowany holownik śmieci smieci odbiór odbior śnieg snieg śnieżyca sniezyca burza huragan odśnieżać odsniezac odśnieżą pług plug chodnik ulica ulice prąd prad szkoła szkola szkoły szkoly schronisko ogrzewanie zalało zalalo piwnica ewakuacja parkować parkowac autobus autobusy sąsiad sasiad',
  },
  vi: {
    core: 'tôi toi không khong có co là la của cua và va được duoc đã da sẽ se đang dang rồi roi chưa chua gì gi nào nao đâu dau sao ai khi bao nhiêu mấy may thì thi mà ma với voi cho này nay đó do ở o em anh chị chi mình minh',
    common: 'ko k đc dc bít hok hong vs nhé nhe nha ạ a ơi oi hả ha vậy vay z cảm cam ơn on hôm hom nay mai ngày ngay tối toi giúp giup phải phai làm lam bị bi',
    topic: 'xe kéo keo đậu dau rác rac tuyết tuyet bão bao dọn don cào cao đường duong vỉa via hè he điện dien cúp mất mat trường truong học hoc sưởi suoi ấm am ngập ngap hầm ham sơ tán tan khẩn khan cấp cap buýt buyt tàu tau hàng xóm xom',
  },
  ht: {
    core: 'mwen m ou w li l nou yo se pa ap pral te gen genyen nan la a an yon ki sa pou ak epi men si kote kijan kilè kile konbyen poukisa eske èske fè fe di ka kapab dwe vle bezwen konn konnen tout anpil deja toujou ankò anko jodi demen yè sou devan deyò deyo anndan isit lakay kay moun bagay sèlman selman',
    common: 'mèsi mesi bonjou bonswa tanpri souple wi non oke byen mal kounye konnya koulye apre avan pandan depi jiska lè lòt lot chak menm vin vini ale al soti rete tounen pase mache bay pran mete retire jwenn chache rele reponn konprann gade tande santi travay manje dòmi domi rive kite ede tonbe frèt fret cho chalè chale lapli van dlo kouran limyè limye fènwa fenwa machin lari wout katye vil lekòl lekol legliz lopital pitit timoun fanmi manman papa grann granmoun vwazen zanmi mezanmi bondye beni fini pèsonn pesonn okenn kiyès kiyes kisa kilès',
    topic: 'nèj nej lanèj lanej ijans remoke deplase pake garaj netwaye netwayaj pelte twotwa fatra ranmase ranmasaj otobis bis tren reta fèmen femen ouvè ouve bibliyotèk bibliyotek chofe chofaj abri chen koupe inonde inondasyon sousòl sousol sak sab evakye evakyasyon zòn zon pyebwa pye bwa twou alèt alet tèks teks odè ode gaz respire bouje kouche anmwe sekou siklòn siklon tanpèt tanpet loraj blese kamyon kraze bwat lèt let kenbe plas chèz chez elektrisite koute lajè laje woule nòmal nomal rafrechi sant mennen kò ko',
  },
  sw: {
    core: 'na ni ya wa za la kwa katika je nini wapi lini nani gani vipi hii huu hiyo huo hapa pale sana tu pia au lakini kama kwamba bado tayari leo kesho jana sasa mimi wewe yeye sisi nyinyi wao yangu wangu langu changu zangu lako lake letu yetu wetu kuna hakuna iko yuko ipo hapana ndiyo sawa asante asanteni habari',
    common: 'nataka naweza anaweza tunaweza hatuwezi hawezi nahitaji ninahitaji lazima kufanya kwenda kuja kupata kusafisha kuondoa kutoka kuingia kurudi kuleta kuchukua saidia msaada tafadhali karibu nyumba nyumbani mtaa barabara barabarani njia gari magari basi mabasi treni shule maji umeme taka mti watu mtu mtoto watoto mama baba bibi babu jirani rafiki siku saa usiku asubuhi mchana wiki mwezi mwaka moja mbili tatu kubwa kuu ndogo nzuri mbaya kali baridi joto mvua upepo jua kazi pesa bei simu ujumbe mungu jamani poa nyote wote mzima wakati mbele chini juu',
    topic: 'theluji barafu dharura hali kuhamisha kuhama kuhamishwa nilihamishe kuegesha maegesho limevutwa kuvuta wamelivuta lililovutwa imeisha imeondolewa itaisha mafuriko kimbunga dhoruba tahadhari onyo makazi kituo vituo maktaba zimefungwa imefungwa wazi imechelewa zimechelewa ukusanyaji usafishaji umekatika kukatika wamekata gesi harufu moto hapumui hasogei amelala ameanguka shimo sanduku barua mchanga magunia kiti nafasi ofisi jiji gizani usafiri tramu nifanye nimpigie hasafishi kusafisha nisafishe inafanya yanafanya',
  },
  so: {
    core: 'waa ma maxaa sidee xagee halkee goorma yaa ee iyo oo ka ku u la soo baa ayaa ayuu ayay waxaa waxaan aan in inuu inay inaan hadda maanta berri shalay aniga adiga isaga iyada annaga idinka iyaga waan wuu way haa maya mahadsanid fadlan weli mise',
    common: 'gaari gaariga gaarigayga gaarigii baabuur baabuurka waddo waddada jid jidka guri guriga gurigayga xaafad xaafadda magaalo magaalada iskuul iskuulka iskuulada dugsi dugsiga bas basaska tareen tareenku biyo koronto korontada qashin qashinka qashinku dab caawimo caawi aad fiican xun qabow kulul roob dabayl maalin maalmood habeen saacad todobaad bil sanad hal laba saddex weyn yar dad qof qofna nin naag carruur ilmo hooyo aabe ayeeyo deris deriska deriskayga saaxiib shaqo lacag qiimo taleefan hagaag dhan',
    topic: 'baraf barafka barafku degdeg degdegga xaalad xaaladda jiiday qaaday qaadayaa dhaqaaji dhaqaajiyaa wareejiyo dhig dhigi nadiifin nadiifinaya nadiifinayaa xiran furan maktabad maktabadda go\'day noqonaysaa daad fatahaad duufaan bax guryaha hoyga xarun xarunta kulayl kulaylka geed dhacay god bac bacaha ciid ciidda digniin fariin dhammaaday shaqaynayaan socdaa jawaabayo suuxay iman yaal banaanka hoose',
  },
  tl: {
    core: 'ang ng mga sa na ay at ba po opo hindi oo wala may mayroon meron ako ko ikaw ka mo siya niya kami namin tayo natin kayo ninyo sila nila ito iyan iyon yung yun dito diyan doon saan kailan ano bakit paano sino ilan magkano lang din rin pa naman kasi pero kung para dahil nang',
    common: 'salamat ingat kumusta sige grabe talaga sobra lahat bahay kalye daan kotse sasakyan tren paaralan eskwelahan pasok tubig kuryente ilaw basura puno bagyo baha ulan hangin lamig init araw gabi umaga bukas ngayon kahapon kanina linggo buwan taon isa dalawa tatlo malaki maliit tao bata anak nanay tatay lola lolo kapitbahay kaibigan trabaho pera presyo kailangan pwede puwede gusto alam dapat namin samin',
    topic: 'niyebe yelo ilipat ililipat lilinisin linisin maglinis naglilinis hinila kukunin kunin kuha kumukuha paradahan bangketa binaha bahain lumikas natumba natumbang sarado tumatakbo babalik nakahiga gumagalaw amoy nahimatay naantala pinapasok nasa labas brownout',
  },
  // Languages the city does not name, known only well enough to be set aside.
  yo: {
    core: 'mi ti ni won o a si fun ati ko se wa lo je ba naa yii nibo bawo kini nigba emi iwo awa ẹ yin wọn',
    common: 'ese e jowo daadaa ile ọkọ oko omi ina ọna ona ile-iwe loni ọla ola',
    topic: '',
  },
  ha: {
    core: 'ba da na a ta ya ne ce wannan shi ita su mu ku yaya ina me akwai babu kuma amma don',
    common: 'nagode sannu gida mota ruwa wuta hanya makaranta yau gobe unguwa gaba daya',
    topic: 'lantarki',
  },
} satisfies Record<string, HandLexicon>;
