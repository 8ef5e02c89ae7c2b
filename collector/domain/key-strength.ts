// How hard an operator-chosen key is to guess, estimated without a dictionary. Pure.
//
// A character that repeats the one before, counts up or down from it (`1234`, `abcd`),
// or ends a three-character run seen earlier in the key (`pass…pass`) adds next to
// nothing for a guesser, so it is dropped; the rest are scored by how evenly they use
// their own characters (Shannon entropy, in bits, times how many there are). Random keys
// score close to their real entropy; typed phrases, keyboard runs and repeats score low.

/** Bits a guesser would need, roughly; see the file comment. */
export function estimatedKeyBits(key: string): number {
  const chars = [...key];
  const novel: string[] = [];
  const seen = new Set<string>();
  chars.forEach((ch, i) => {
    const prev = chars[i - 1];
    const step = prev === undefined ? Infinity : Math.abs(ch.codePointAt(0)! - prev.codePointAt(0)!);
    const trigram = i >= 2 ? chars.slice(i - 2, i + 1).join('') : '';
    if (step > 1 && !seen.has(trigram)) novel.push(ch);
    if (trigram) seen.add(trigram);
  });
  const counts = new Map<string, number>();
  for (const ch of novel) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / novel.length) * Math.log2(n / novel.length);
  return perChar * novel.length;
}

/** What an operator-chosen admin key must reach: about as much as 20 random base64 characters. */
export const MIN_ADMIN_KEY_BITS = 96;
