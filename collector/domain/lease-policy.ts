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

