import * as z from 'zod';
import { HH_MM, minutesOfDay } from '../domain/business-hours';
import { toE164 } from '../domain/phone';

/** A phone number in any common format, checked and turned into E.164. */
export const e164 = z
  .string()
  .max(32)
  .transform((v, ctx) => {
    const n = toE164(v);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: `not a phone number: ${v}` });
      return z.NEVER;
    }
    return n;
  });

export const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone');

export const domain = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/i, 'a bare host name such as shop.example');

/** An ISO 4217 currency code, upper-cased: `usd` → `USD`. */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD');

/** A yes/no query flag: `1`/`true` or `0`/`false`; absent is no. */
const flag = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** `?archived=1`: lists include archived objects too. */
export const archivedParam = flag;
/** `?force=1`: do it even though a visitor holds the number now. */
export const forceParam = flag;
const hhmm = z.string().regex(HH_MM, 'a time as HH:MM, 00:00 to 24:00');
// Closing before opening runs past midnight; equal times would say nothing clear.
const openingHours = z
  .tuple([hhmm, hhmm])
  .refine(([open, close]) => minutesOfDay(open) !== minutesOfDay(close), 'opening and closing times must differ')
  .refine(([open]) => open !== '24:00', '24:00 is only a closing time')
  .nullable();

const day = openingHours.optional();
// Strict, so a misspelt day ("monday") is an error rather than a day silently closed.
export const businessHours = z.strictObject({ timezone, mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day });

// A state or province code (CA), an area code (415) or a ZIP code (94107).
export const region = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(?:[A-Z]{2}|\d{3}|\d{5})$/, 'a state or province code (CA), an area code (415) or a ZIP code (94107)');

/**
 * An absolute http(s) URL. A bare `z.url()` also takes `javascript:` and `data:` URLs,
 * which a dashboard link or a spreadsheet would follow.
 */
export const httpUrl = (maxLength: number) =>
  z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(maxLength);

/**
 * The URL parameters a site keeps on stored page URLs (domain/url-privacy.ts): names
 * such as `utm_*` or `gclid`, lower case; a trailing `*` keeps every name with that
 * prefix. Null for the default marketing list.
 */
export const keepParams = z
  .array(
    z
      .string()
      .regex(/^[a-z0-9_.-]{1,64}\*?$/i, 'a parameter name such as gclid, or a prefix such as utm_*')
      .transform((n) => n.toLowerCase()),
  )
  .max(50);
