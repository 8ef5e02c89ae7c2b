// How many numbers a session-level pool needs. Pure. The reasoning is in docs/pools.md.
//
// A pool is a loss system: visitors arrive, each takes a number for its hold time
// (the lease, which runs `lease_minutes` past the last ping, plus the rest before the
// number is reused), and a visitor who finds every number taken is refused (the pool
// is exhausted) rather than queued. The mean number of numbers in use at the peak is
// the offered load A = peak visitors per hour × hold minutes ÷ 60 — the rule of thumb
// "peak visitors per hour ÷ (60 ÷ session minutes)", with the session minutes the
// number is actually out of use. Two conditions then give the size:
//   - utilisation: A ÷ size ≤ 75 %, the common target;
//   - exhaustion: Erlang's B formula, the chance that a visitor finds every number
//     taken, ≤ 1 %. It needs no assumption about how hold times are distributed, and
//     it is what keeps small pools (where chance bunching dominates) from running out.
import { LEASE_SLACK_MS } from './lease-policy';

export const TARGET_UTILISATION = 0.75;
const TARGET_EXHAUSTION = 0.01;

export type SizingFacts = {
  /** Sessions that wanted a number from the pool in its busiest clock hour: leased or refused. */
  peakHourDemand: number;
  /** Mean minutes a lease of the pool lasted (ended leases), or null when none has ended yet. */
  meanLeaseMinutes: number | null;
  leaseMinutes: number;
  restMinutes: number;
};

/** Minutes one visitor keeps a number from everyone else: the lease, then the rest. */
export function holdMinutes(f: SizingFacts): number {
  // With no ended lease to measure, a lease lasts at least its guarantee plus the slack a ping writes.
  const lease = f.meanLeaseMinutes ?? f.leaseMinutes + LEASE_SLACK_MS / 60_000;
  return lease + f.restMinutes;
}

/** Mean numbers in use in the peak hour (Erlangs). */
export function offeredLoad(f: SizingFacts): number {
  return (f.peakHourDemand * holdMinutes(f)) / 60;
}

/**
 * The smallest pool whose exhaustion chance under `load` Erlangs is at most `target`,
 * by Erlang B's recurrence: B(0) = 1, B(n) = A·B(n−1) ÷ (n + A·B(n−1)).
 */
export function sizeForExhaustion(load: number, target = TARGET_EXHAUSTION): number {
  let blocking = 1;
  let size = 0;
  while (blocking > target) {
    size++;
    blocking = (load * blocking) / (size + load * blocking);
  }
  return size;
}

/** The recommended size of a session-level pool; null when the window saw no visitor to size it by. */
export function recommendedSize(f: SizingFacts): number | null {
  if (f.peakHourDemand <= 0) return null;
  const load = offeredLoad(f);
  return Math.max(1, Math.ceil(load / TARGET_UTILISATION), sizeForExhaustion(load));
}
