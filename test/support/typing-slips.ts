/** One typing slip in one word of four letters or more: a letter dropped, swapped with the next, wrong, or doubled. */
export function withTypingSlip(text: string, random: () => number): string {
  const words = text.split(' ');
  const candidates = words.flatMap((word, i) => (/^\p{L}{4,}$/u.test(word) ? [i] : []));
  if (candidates.length === 0) return text;
  const index = candidates[Math.floor(random() * candidates.length)] as number;
  const word = words[index] as string;
  const at = 1 + Math.floor(random() * (word.length - 2));
  const slip = Math.floor(random() * 4);
  const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)] as string;
  words[index] =
    slip === 0 ? word.slice(0, at) + word.slice(at + 1) : slip === 1 ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : slip === 2 ? word.slice(0, at) + letter + word.slice(at + 1) : word.slice(0, at) + word[at] + word.slice(at);
  return words.join(' ');
}
