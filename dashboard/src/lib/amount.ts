// Amounts people type, in the currency they are typed in. The API keeps money in minor
// units, and a currency's minor units are its own: 25 dollars is 2500, 2500 yen is 2500.
import { currencyDigits } from './format';

/**
 * An amount as people type it ("1,250.50", "$25", "¥2,500") in `currency`'s minor units;
 * null when it is not one (a decimal comma, "12,50", included). More decimals than the currency has are refused (they would be
 * silently rounded), unless they are zeros: "2500.00" is 2500 yen.
 */
export function parseAmount(text: string, currency: string): number | null {
  const bare = text.replace(/[\s\p{Sc}]/gu, '');
  // A comma only ever groups thousands: "12,50" is a decimal comma, which would
  // otherwise be read as 1,250 without a word.
  if (bare.includes(',') && !/^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/.test(bare)) return null;
  const clean = bare.replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(clean);
  if (!m) return null;
  const digits = currencyDigits(currency);
  const [, whole = '', frac = ''] = m;
  if (/[^0]/.test(frac.slice(digits))) return null;
  return Number(whole) * 10 ** digits + Number(frac.slice(0, digits).padEnd(digits, '0') || '0');
}

/** Minor units as an input's text, with the currency's decimals: 4500 → "45.00" in USD, "4500" in JPY. */
export function amountText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** Amounts to show as examples in a hint or an error: "250 or 1,250.50", "2,500". */
export function amountExample(currency: string): string {
  const digits = currencyDigits(currency);
  return digits === 0 ? '2,500' : `250 or 1,250.${'5'.padEnd(digits, '0')}`;
}
