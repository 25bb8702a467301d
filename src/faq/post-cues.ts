/**
 * Words that say how a post is written rather than what it is about, in English and Spanish
 * (folded: lower case, no accents). Each family becomes one shared feature, so the model can learn
 * from a few examples that "still", "since monday" and "otra vez" all mean a complaint about a
 * service that did not come, or that "clowns" and "vergüenza" mean a rant to leave alone.
 */
export const CUE_WORDS: Readonly<Record<'complaint' | 'story' | 'rant' | 'thanks', readonly string[]>> = {
  // Something expected has not happened, or keeps happening.
  complaint: [
    'still', 'again', 'yet', 'since', 'days', 'weeks', 'week', 'forever', 'nobody', 'noone', 'never', 'smh', 'ridiculous', 'unacceptable', 'waiting', 'skipped', 'missed', 'forgot', 'ignored',
    'todavia', 'aun', 'nadie', 'nunca', 'llevamos', 'lleva', 'llevan', 'desde', 'dias', 'semanas', 'semana', 'esperando', 'olvidaron',
  ],
  // Something that happened to the writer: the situation behind a question.
  story: [
    'yesterday', 'tonight', 'morning', 'overnight', 'woke', 'came', 'went', 'found', 'saw', 'noticed', 'walked', 'parked', 'shoveled', 'dug',
    'anoche', 'ayer', 'manana', 'sali', 'volvi', 'encontre', 'vi', 'estacione',
  ],
  // Opinion and insult: nothing the FAQ can answer.
  rant: [
    'joke', 'useless', 'clown', 'clowns', 'embarrassing', 'embarrassment', 'pathetic', 'ashamed', 'shame', 'disgrace', 'resign', 'incompetent', 'worst', 'scam', 'taxes', 'corrupt', 'clueless', 'idiots', 'lazy',
    'verguenza', 'desastre', 'estafa', 'inutil', 'inutiles', 'renunciar', 'renuncie', 'impuestos', 'corruptos', 'pesimo', 'payasos',
  ],
  thanks: ['thanks', 'thank', 'thx', 'ty', 'appreciate', 'shoutout', 'kudos', 'gracias', 'agradezco'],
};
