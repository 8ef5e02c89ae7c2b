// Junk-call patterns advertisers want flagged per source. Signals inform, they never
// disqualify: a flagged call is still judged by the rules alone.
import type { CallStatus, Confidence } from '../db/schema';

export const fraudSignalNames = ['repeat_caller', 'burst', 'just_over_minimum', 'no_lease', 'withheld_caller'] as const;
export type FraudSignal = (typeof fraudSignalNames)[number];

/** The same caller's calls to the site over this window, counted for `repeat_caller`. */
export const REPEAT_WINDOW_MS = 7 * 86_400_000;
/** This many earlier calls in the repeat window make the call a repeat (the third in a week). */
const REPEAT_EARLIER_CALLS = 2;
/** The same caller's calls to the site over this window, counted for `burst`. */
export const BURST_WINDOW_MS = 15 * 60_000;
/** This many earlier calls in the burst window make a burst (three calls in 15 minutes). */
const BURST_EARLIER_CALLS = 2;

/** How far past the minimum duration still counts as "just over" it: 10 % of it, at least 5 s. */
export const justOverMargin = (minDurationS: number) => Math.max(5, Math.round(minDurationS * 0.1));

export type FraudFacts = {
  callerWithheld: boolean;
  /** Earlier calls from this caller to this site within REPEAT_WINDOW_MS. */
  earlierCallsInRepeatWindow: number;
  /** Earlier calls from this caller to this site within BURST_WINDOW_MS. */
  earlierCallsInBurstWindow: number;
  status: CallStatus;
  durationS: number | null;
  /** The site's minimum duration; null when the call has no site. */
  minDurationS: number | null;
  poolKind: 'session' | 'source' | null;
  confidence: Confidence;
};

export function fraudSignals(f: FraudFacts): FraudSignal[] {
  const found: FraudSignal[] = [];
  if (f.earlierCallsInRepeatWindow >= REPEAT_EARLIER_CALLS) found.push('repeat_caller');
  if (f.earlierCallsInBurstWindow >= BURST_EARLIER_CALLS) found.push('burst');
  // Hanging up just after the threshold is the classic way to get paid for a junk call.
  const min = f.minDurationS;
  if (min !== null && min > 0 && f.status === 'completed' && f.durationS !== null && f.durationS >= min && f.durationS < min + justOverMargin(min)) {
    found.push('just_over_minimum');
  }
  // A session-level number rings only for a visitor who was shown it; nobody held it.
  if (f.poolKind === 'session' && f.confidence === 'none') found.push('no_lease');
  if (f.callerWithheld) found.push('withheld_caller');
  return found;
}
