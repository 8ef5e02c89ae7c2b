// What every ad platform's request builder shares. Pure: the deliverer hands in the
// facts of one conversion (the event's call, the session's click ids and cookies, what
// this destination was already sent) and gets back the request to send, or the reason
// the conversion cannot go to that platform ("refused: …", never sent, never retried).
import * as z from 'zod';
import { destinationUrlProblem } from './destination-url';

export const DAY_MS = 86_400_000;

/** The event types an ad platform takes: the call that counts as a conversion, and its value. */
export const conversionEvents = ['call.qualified', 'call.converted'] as const;
export type ConversionEvent = (typeof conversionEvents)[number];

export type ConversionFacts = {
  event: ConversionEvent;
  callId: string;
  /** The caller's number, E.164; null when withheld or erased. */
  caller: string | null;
  startedAt: number;
  /** The sale recorded on the call, if any. */
  value: { cents: number; currency: string; at: number } | null;
  /** Event types of this call this destination was already sent (a later value restates). */
  sentBefore: ConversionEvent[];
  click: {
    gclid: string | null;
    gbraid: string | null;
    wbraid: string | null;
    msclkid: string | null;
    fbclid: string | null;
    /** When the visitor landed with the click (the session's start). */
    at: number | null;
    /** The `_ga`, `_fbp` and `_fbc` cookies the snippet captured. */
    gaClientId: string | null;
    fbp: string | null;
    fbc: string | null;
  };
};

export type AdRequest = { method: 'POST'; url: string; headers: Record<string, string>; body: string };

/** A conversion the platform can take (its request, given an access token when the platform uses OAuth), or why not. */
export type AdPlan = { refused: string } | { request: (accessToken: string | null) => AdRequest };

/** How a platform's answer settles a delivery: sent, refused for good (with the platform's reason), or tried again. */
export type AdVerdict = 'sent' | 'retry' | { refused: string };

export type AdPlatform = {
  /** Where requests go unless the destination names another base URL (tests: a local receiver). */
  defaultBaseUrl: string;
  settings: z.ZodType<Record<string, unknown>>;
  credentials: z.ZodType<Record<string, string>>;
  /** The OAuth refresh-token exchange, for platforms that need an access token. */
  tokenRequest?: (settings: Record<string, unknown>, credentials: Record<string, string>) => AdRequest;
  plan: (input: { baseUrl: string; settings: Record<string, unknown>; credentials: Record<string, string>; facts: ConversionFacts; now: number }) => Promise<AdPlan>;
  verdict: (status: number, body: string) => AdVerdict;
};


/** A credential: a non-empty string without spaces around it. */
export const secret = z.string().trim().min(1).max(4096);

/** A URL events may be sent to (https, http only on this machine). */
export const endpointUrl = z
  .string()
  .max(2048)
  .superRefine((url, ctx) => {
    const problem = destinationUrlProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((url) => url.replace(/\/+$/, ''));

/** An account or pixel id: digits, with any dashes dropped (123-456-7890). */
export const digits = z
  .string()
  .trim()
  .transform((v) => v.replace(/-/g, ''))
  .pipe(z.string().regex(/^\d{1,20}$/, 'digits only (dashes are dropped)'));

/** The OAuth 2.0 refresh-token grant (RFC 6749 §6), form-encoded, as Google and Microsoft take it. */
export function refreshTokenRequest(tokenUrl: string, c: { client_id: string; client_secret?: string; refresh_token: string }, scope?: string): AdRequest {
  const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: c.client_id, refresh_token: c.refresh_token });
  if (c.client_secret) form.set('client_secret', c.client_secret);
  if (scope) form.set('scope', scope);
  return { method: 'POST', url: tokenUrl, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
}

/** The platform's own error message in a JSON answer, if it gave one. */
export function errorMessage(body: string, pick: (json: any) => unknown): string | null {
  try {
    const m = pick(JSON.parse(body));
    return typeof m === 'string' && m ? m : null;
  } catch {
    return null;
  }
}

/**
 * The usual reading of an answer: 2xx sent; a 4xx that retrying cannot fix (bad field,
 * unknown account) refused with the platform's message; 401 (a token), 408, 429 and
 * 5xx tried again.
 */
export function httpVerdict(status: number, body: string, message: (json: any) => unknown): AdVerdict {
  if (status >= 200 && status < 300) return 'sent';
  if (status >= 400 && status < 500 && ![401, 408, 429].includes(status)) {
    return { refused: `${status} ${errorMessage(body, message) ?? 'refused by the platform'}` };
  }
  return 'retry';
}
