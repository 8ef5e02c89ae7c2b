// A call's life as every carrier sees it, in carrier-neutral terms: the facts a carrier
// reports (a call arriving, keys pressed, a dialled leg ending, the call's status or its
// recording) and what the call does before any flow runs. A carrier's adapter parses its
// own requests into these facts and renders the decisions it gets back
// (services/call-lifecycle/ runs them against the database).
import type { CallStatus } from '../db/schema';
import type { Decision } from './call-flow';
import { isFinal } from './qualification';

/** Which call a carrier request is about: a call id is unique within its carrier only. */
export type CallKey = { provider: string; providerId: string };

/** Who is calling, as far as the carrier knows. */
export type CallerFacts = {
  /** E.164, or null when withheld. */
  from: string | null;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
};

/** A call has arrived at tracking number `to` (E.164). */
export type IncomingCall = CallKey & { to: string; caller: CallerFacts; status: CallStatus };

/** Keys the caller pressed (null: silence) at try `attempt` of a flow's gate or menu. */
export type GatherAnswer = CallKey & { step: 'gate' | 'menu'; attempt: number; digits: string | null };

/** Dialled leg `attempt` of a flow (0: the overflow number) ended. */
export type DialOutcome = CallKey & { attempt: number; status: CallStatus; durationS: number };

/** How one leg of a call ended, or stands; durationS null: not reported. */
export type LegStatus = { status: CallStatus; durationS: number | null };

/**
 * A later report on a call: the forwarded leg's end, the caller's leg, a recording, or
 * any of them. `to` is needed only to store a call whose arrival was never reported.
 */
export type CallUpdate = CallKey & {
  to: string | null;
  caller: CallerFacts;
  forwardedLeg?: LegStatus;
  callerLeg?: LegStatus;
  recordingUrl?: string;
};

/** A call's outcome as a report states it; `forwardSettled`: only the forwarded leg says whether the business answered. */
export type Outcome = { status: CallStatus; durationS: number | null; forwardSettled: boolean };

/** What the carrier plays next on call `callId`; dialled legs present `callerId`. */
export type CallAnswer = { callId: string; decisions: Decision[]; callerId: string };

/** What a report says about the call's end: the forwarded leg wins over the caller's; null when it says nothing. */
export function outcomeOf(update: Pick<CallUpdate, 'forwardedLeg' | 'callerLeg'>): Outcome | null {
  const { forwardedLeg, callerLeg } = update;
  if (forwardedLeg) return { status: forwardedLeg.status, durationS: forwardedLeg.durationS ?? 0, forwardSettled: true };
  if (callerLeg) return { status: callerLeg.status, durationS: callerLeg.durationS ?? (isFinal(callerLeg.status) ? 0 : null), forwardSettled: false };
  return null;
}

/** A withheld caller cannot be passed on: the tracking number is ours to present instead. */
export const presentedCallerId = (from: string | null, trackingNumber: string) => from ?? trackingNumber;

export const UNKNOWN_NUMBER_MESSAGE = 'Sorry, the number you have called is not in service. Goodbye.';

/**
 * Where an arriving call stands before anything is dialled: the pool holding the number
 * (null: none does), whether the site blocks the caller, and the flow the call would run.
 */
export type Arrival<F> = { pool: { forwardTo: string; record: boolean } | null; callerBlocked: boolean; flow: F | null };

/**
 * The first answer to an arriving call. A number no pool holds is told so, and a blocked
 * caller refused: both calls end here, with `outcome` (stored and judged at once). A
 * call with a flow runs it; any other is forwarded to the pool's number, whose leg then
 * settles the call.
 */
export type FirstAnswer<F> =
  | { kind: 'end'; outcome: Outcome; decisions: Decision[] }
  | { kind: 'run-flow'; flow: F }
  | { kind: 'forward'; decisions: Decision[] };

export function firstAnswer<F>(arrival: Arrival<F>): FirstAnswer<F> {
  const { pool } = arrival;
  if (!pool) {
    return { kind: 'end', outcome: { status: 'failed', durationS: 0, forwardSettled: true }, decisions: [{ kind: 'say', text: UNKNOWN_NUMBER_MESSAGE }, { kind: 'hangup' }] };
  }
  if (arrival.callerBlocked) return { kind: 'end', outcome: { status: 'busy', durationS: 0, forwardSettled: true }, decisions: [{ kind: 'reject' }] };
  if (arrival.flow !== null) return { kind: 'run-flow', flow: arrival.flow };
  return { kind: 'forward', decisions: [{ kind: 'dial', destination: pool.forwardTo, timeoutS: null, whisper: null, record: pool.record, attempt: null }] };
}
