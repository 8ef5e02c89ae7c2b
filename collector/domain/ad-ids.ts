// The ad platforms' browser ids the snippet reads from their first-party cookies, kept on
// the session so conversions can be sent to those platforms server to server: GA4's client
// id (from `_ga`, for the Measurement Protocol) and Meta's `_fbp` and `_fbc` (for the
// Conversions API). Each is checked against its platform's documented format; one that
// does not match is dropped on its own, never failing the page's request.
import * as z from 'zod';

export type AdIds = { gaClientId: string | null; fbp: string | null; fbc: string | null };

// `_ga` is `GA1.<domain depth>.<client id>` (`GA1.1.1234567890.1700000000`); the client id
// (a random number, a dot, the first visit in Unix seconds) may also be sent alone.
const GA_COOKIE = /^(?:GA1\.\d{1,2}(?:-\d{1,2})?\.)?(\d{1,20}\.\d{1,20})$/;
// `fb.<subdomain index>.<creation time in ms>.<random number>` (`fb.1.1596403881668.1116446470`).
const FBP = /^fb\.\d\.\d{10,13}\.\d{1,20}$/;
// `fb.<subdomain index>.<creation time in ms>.<fbclid>`; the fbclid is URL-safe text.
const FBC = /^fb\.\d\.\d{10,13}\.[\w-]{1,500}$/;

const dropped = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The snippet's fields, as the session and ping bodies take them: anything malformed becomes absent. */
export const adIdFields = {
  ga: dropped(
    z
      .string()
      .max(64)
      .regex(GA_COOKIE)
      .transform((v) => GA_COOKIE.exec(v)![1]!),
  ),
  fbp: dropped(z.string().max(64).regex(FBP)),
  fbc: dropped(z.string().max(540).regex(FBC)),
};

export type AdIdsSeen = { ga?: string; fbp?: string; fbc?: string };

/**
 * The ids a page reported that the session does not hold yet (a platform's tag may set its
 * cookie only after the first request; a new ad click brings a new `_fbc`): what to write.
 */
export function newAdIds(stored: AdIds, seen: AdIdsSeen): Partial<AdIds> {
  const changed: Partial<AdIds> = {};
  if (seen.ga && seen.ga !== stored.gaClientId) changed.gaClientId = seen.ga;
  if (seen.fbp && seen.fbp !== stored.fbp) changed.fbp = seen.fbp;
  if (seen.fbc && seen.fbc !== stored.fbc) changed.fbc = seen.fbc;
  return changed;
}
