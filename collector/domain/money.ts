// Money is kept in integer minor units, and a currency's minor units are its own: 25
// dollars is 2500, 2500 yen is 2500. Whatever leaves in major units (an ad platform's
// conversion value, a tracker's payout macro, Google's CSV) goes through here.

/** How many decimals `currency` has (USD 2, JPY 0, KWD 3). */
function decimals(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as a decimal string with the currency's own decimals: 123456 USD → "1234.56", 2500 JPY → "2500". */
export function majorUnits(minor: number, currency: string): string {
  const digits = decimals(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** The same as a number, for JSON bodies: 12345 USD → 123.45. */
export const majorAmount = (minor: number, currency: string): number => Number(majorUnits(minor, currency));
