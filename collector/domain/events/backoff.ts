// When a failed delivery is tried again: exponential backoff with jitter, for up to
// 72 hours after the event, then given up. Pure: the caller supplies the random draw.

export const GIVE_UP_AFTER_MS = 72 * 3_600_000;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 3_600_000;

export type NextAttempt = { status: 'pending'; at: number } | { status: 'failed' };

/**
 * After `attempts` failed tries of an event written at `createdAt`: the next try, or
 * `failed` once 72 h have passed. The delay doubles from 30 s up to 6 h; "equal jitter"
 * (half fixed, half random) keeps receivers that failed together from being retried
 * together while never retrying sooner than half the schedule. The last try is at 72 h.
 */
export function nextAttempt(attempts: number, createdAt: number, now: number, random: number): NextAttempt {
  const deadline = createdAt + GIVE_UP_AFTER_MS;
  if (now >= deadline) return { status: 'failed' };
  const delay = Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  const jittered = Math.round(delay / 2 + (delay / 2) * random);
  return { status: 'pending', at: Math.min(now + jittered, deadline) };
}
