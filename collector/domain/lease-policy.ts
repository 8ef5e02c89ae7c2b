// When a lease ends, when a ping must write, and when a released number may be leased
// again. Pure: the lease queries take their times from here.

const MINUTE = 60_000;
/** A written lease runs this much past the guaranteed minimum, which buys the pings that follow: at most one write per this much time. */
export const LEASE_SLACK_MS = 5 * MINUTE;

/** The end to write for a lease touched at `now`. */
export function leaseEnd(now: number, leaseMinutes: number): number {
  return now + leaseMinutes * MINUTE + LEASE_SLACK_MS;
}

/** True when the stored end no longer guarantees `leaseMinutes` after `now`; a ping writes only then. */
export function needsExtension(endsAt: number, now: number, leaseMinutes: number): boolean {
  return endsAt < now + leaseMinutes * MINUTE;
}

/**
 * A number is free at `now` when it was never leased or its last lease ended at or
 * before this time: a released number rests `restMinutes` so that a late call still
 * reaches the visitor who saw it, not the next one.
 */
export function restCutoff(now: number, restMinutes: number): number {
  return now - restMinutes * MINUTE;
}


/**
 * The end to write when a lease that began at `startedAt` is extended at `now`, or null
 * when it needs no write: either the stored end still guarantees `leaseMinutes`, or the
 * lease has reached its longest life (`maxLifeMs` after it began), which no ping passes:
 * a page pinging forever cannot hold a number forever (DNI_LEASE_MAX_MINUTES).
 */
export function extendedEnd(lease: { startedAt: number; endsAt: number }, now: number, leaseMinutes: number, maxLifeMs: number): number | null {
  if (!needsExtension(lease.endsAt, now, leaseMinutes)) return null;
  const end = Math.min(leaseEnd(now, leaseMinutes), lease.startedAt + maxLifeMs);
  return end > lease.endsAt ? end : null;
}

/**
 * Exhaustions of one pool within one clock minute that make a burst: a pool drained on
 * purpose, or far too small for a traffic spike. Each burst logs one line when it
 * reaches this count, and the pool report counts them.
 */
export const EXHAUSTION_BURST = 10;
