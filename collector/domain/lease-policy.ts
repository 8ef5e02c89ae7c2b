// When a lease ends, and when a ping must write. A ping that would move the end by
// little is skipped, so steady pings cost a read, not a write.

const MINUTE = 60_000;
/** A written lease runs this much past the guaranteed minimum, which buys the pings that follow. */
export const LEASE_SLACK_MS = 5 * MINUTE;

/** The end to write for a lease touched at `now`. */
export function leaseEnd(now: number, leaseMinutes: number): number {
  return now + leaseMinutes * MINUTE + LEASE_SLACK_MS;
}

/** True when the stored end no longer guarantees `leaseMinutes` after `now`. */
export function needsExtension(endsAt: number, now: number, leaseMinutes: number): boolean {
  return endsAt < now + leaseMinutes * MINUTE;
}

/** A number whose lease ended at `leasedUntil` may be leased again from this time on. */
export function freeFrom(leasedUntil: number | null, restMinutes: number): number {
  return leasedUntil === null ? 0 : leasedUntil + restMinutes * MINUTE;
}
