// An ad platform's OAuth access token, kept in memory until a minute before it expires:
// one token exchange per destination an hour (Google's and Microsoft's tokens live about
// that long), not one per conversion. Kept per process (per isolate on Workers), never
// stored. Rotated credentials, or a platform answering 401, fetch a new one.

type Kept = { credentials: string; token: string; until: number };

const kept = new Map<string, Kept>();
// Refetched a little early, so a token never expires between being read and being used.
const MARGIN_MS = 60_000;
// When the token endpoint does not say (`expires_in`), as long as Google's own tokens last.
const DEFAULT_LIFE_S = 3_599;

const keyOf = (credentials: Record<string, string>) => JSON.stringify(Object.entries(credentials).sort());

/** The token kept for this destination and these credentials, when it is still good at `now`. */
export function keptToken(destinationId: string, credentials: Record<string, string>, now: number): string | null {
  const entry = kept.get(destinationId);
  return entry && entry.credentials === keyOf(credentials) && now < entry.until ? entry.token : null;
}

/** Keeps a token the exchange answered, for `expiresInS` (its `expires_in`) less the margin. */
export function keepToken(destinationId: string, credentials: Record<string, string>, token: string, expiresInS: unknown, now: number): void {
  const life = typeof expiresInS === 'number' && expiresInS > 0 ? expiresInS : DEFAULT_LIFE_S;
  kept.set(destinationId, { credentials: keyOf(credentials), token, until: now + life * 1000 - MARGIN_MS });
}

/** Drops the destination's token: the platform refused it. */
export function forgetToken(destinationId: string): void {
  kept.delete(destinationId);
}
