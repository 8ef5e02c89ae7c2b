import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number in E.164 (`+18005550100`), or null when it is not a possible number.
 * "Possible" (length and shape), not "valid": carriers hand out numbers faster than
 * metadata learns about them, and fictional 555-01xx demo numbers must pass too.
 */
export function toE164(input: string, country: string = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), country.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** The national format a person reads: `(800) 555-0100` for US numbers. */
export function formatNational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}

/** Masks all but the last four digits (`********0199`): what a publisher may see of a caller. */
export function maskCaller(e164: string | null): string | null {
  if (!e164) return e164;
  return `${'*'.repeat(Math.max(0, e164.length - 4))}${e164.slice(-4)}`;
}
