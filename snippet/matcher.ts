/**
 * Finds phone numbers in text by their digits, whatever their format, and writes the
 * replacement's digits into the same format. Pure: no DOM.
 */

/** Text in, the same text with numbers swapped out. */
export type SwapNumbers = (text: string) => string;

// What phone formats put between two digits, at most three at a time (`) `, ` (`, ` - `):
// spaces, `-`, `.`, `/`, parentheses and the dashes U+2010–U+2015 (hyphen, non-breaking
// hyphen, figure dash, en dash, em dash, horizontal bar).
const SEP = '[-./\\s()\\u2010-\\u2015]{0,3}';

const digitsOf = (text: string): string => text.replace(/\D/g, '');

/**
 * One number in any format: separators anywhere and, for North American numbers, with
 * or without the country code 1. Other numbers are found as written internationally
 * (`+44 20 7946 0000`); their national formats vary too much by country to guess.
 */
function numberPattern(from: string): string {
  const codeLength = from[0] == '1' ? 1 : 0;
  return `((?:\\+?\\(?${from.slice(0, codeLength)}${SEP})?\\(?${[...from.slice(codeLength)].join(SEP)})`;
}

/** `written` with the digits of `to` in place of those of `from`, in the same format. */
function rewrite(written: string, [from, to]: [string, string]): string {
  if (from.length != to.length) return `+${to}`; // no way to keep the page's format
  // The page writes `from` whole or without its country code: its digits are the tail
  // of `from`, so the same tail of `to` takes their places.
  let at = to.length - digitsOf(written).length;
  return written.replace(/\d/g, () => to[at++]!);
}

/**
 * A function that swaps E.164 business numbers (`+18005550100`) in text for the
 * numbers to show instead, and returns the text unchanged when there are none.
 */
export function numberSwapper(swaps: Array<[replace: string, number: string]>): SwapNumbers {
  const digitSwaps = swaps.map(([replace, number]): [string, string] => [digitsOf(replace), digitsOf(number)]);
  // Never part of something longer: no letter or digit before, and none after, even
  // past a `-`, `.`, `/` or hyphen-like dash (U+2010–U+2013). The em dash and the bar
  // join words in running text ("Call us—800-555-0100"), so they do not count.
  // Without swaps, `(?!)` matches nothing.
  const numbers = digitSwaps.map(([from]) => numberPattern(from)).join('|') || '(?!)';
  const pattern = RegExp(`(^|[^\\w+./\\u2010-\\u2013-])(?:${numbers})(?![-./\\u2010-\\u2013]?\\w)`, 'g');
  // Every format writes a number's last two digits together: a cheap test that spares
  // most texts the pattern, and all of them when there is nothing to swap.
  const endings = RegExp(digitSwaps.map(([from]) => from.slice(-2)).join('|') || '(?!)');
  return (text) =>
    endings.test(text)
      ? text.replace(pattern, (_match, before: string, ...found: string[]) => {
          const index = found.findIndex(Boolean);
          return before + rewrite(found[index]!, digitSwaps[index]!);
        })
      : text;
}
