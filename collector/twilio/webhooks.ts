// What the collector does with Twilio's two webhooks once the request is verified.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calls, type CallStatus } from '../db/schema';
import { isBlocked } from '../domain/qualification';
import { dialTwiml, flowTwiml, hangUpTwiml, rejectTwiml, sayAndHangUpTwiml } from '../domain/twiml';
import { ApiError } from '../http/errors';
import { flowForPool, startCallFlow } from '../services/call-flow-runner';
import { recordCall, trackingNumberOf, type CallReport } from '../services/record-call';
import { qualificationRules, siteRulesRow } from '../services/site-rules';

const UNKNOWN_NUMBER_MESSAGE = 'Sorry, the number you have called is not in service. Goodbye.';

export type CallerFacts = {
  accountId: string;
  callSid: string;
  to: string;
  /** E.164, or null when withheld. */
  caller: string | null;
  callerCity?: string;
  callerState?: string;
  callerZip?: string;
  callerCountry?: string;
};

const report = (f: CallerFacts, startedAt: number, outcome: Pick<CallReport, 'status' | 'durationS' | 'forwardSettled'>): CallReport => ({
  accountId: f.accountId,
  provider: 'twilio',
  providerId: f.callSid,
  to: f.to,
  from: f.caller,
  startedAt,
  callerCity: f.callerCity,
  callerState: f.callerState,
  callerZip: f.callerZip,
  callerCountry: f.callerCountry,
  ...outcome,
});

/**
 * The incoming-call webhook: stores the call at once with its attribution and answers
 * with where it goes. A blocked caller is refused and a number no site uses is told so;
 * both calls end here, so they are stored as over (busy, failed) and judged at once.
 */
export async function answerIncomingCall(
  db: Db,
  input: { facts: CallerFacts; status: CallStatus; publicUrl: string; now: number },
): Promise<string> {
  const { facts, now } = input;
  const pool = (await trackingNumberOf(db, facts.accountId, facts.to))?.pool;
  if (!pool) {
    await recordCall(db, report(facts, now, { status: 'failed', durationS: 0, forwardSettled: true }), now);
    return sayAndHangUpTwiml(UNKNOWN_NUMBER_MESSAGE);
  }
  const rules = await siteRulesRow(db, pool.siteId);
  if (rules && isBlocked(qualificationRules(rules), facts.caller)) {
    await recordCall(db, report(facts, now, { status: 'busy', durationS: 0, forwardSettled: true }), now);
    return rejectTwiml();
  }
  const { call } = await recordCall(db, report(facts, now, { status: input.status, durationS: null }), now);
  const flow = await flowForPool(db, pool);
  if (flow) return flowTwiml(await startCallFlow(db, call, flow, now), flowUrls(input.publicUrl, call.id, flow.whisper !== null), facts.caller ?? facts.to);
  return dialTwiml({
    forwardTo: pool.forwardTo,
    action: `${input.publicUrl}/v1/twilio/status`,
    // A withheld caller cannot be passed on; the tracking number is ours to present instead.
    callerId: facts.caller ?? facts.to,
    record: pool.record,
  });
}

/** Where a flow's TwiML sends Twilio: one URL per gather try and per Dial attempt, so every request names its step. */
export const flowUrls = (publicUrl: string, callId: string, whisper: boolean) => ({
  gather: (step: string, attempt: number) => `${publicUrl}/v1/twilio/gather?step=${step}&try=${attempt}`,
  dial: (attempt: number) => `${publicUrl}/v1/twilio/dial?attempt=${attempt}`,
  whisper: whisper ? `${publicUrl}/v1/twilio/whisper?call=${callId}` : null,
  recording: `${publicUrl}/v1/twilio/status`,
});

export type Outcome = { status: CallStatus; durationS: number | null; forwardSettled: boolean };

/**
 * The status callback and the Dial action: completes the call (storing it first if the
 * incoming-call webhook never reached us), or only adds a recording when that is all
 * the request carries (a recording status callback).
 */
export async function completeCall(
  db: Db,
  input: { facts: Omit<CallerFacts, 'to'> & { to: string | null }; outcome: Outcome | null; recordingUrl: string | undefined; now: number },
): Promise<string> {
  const { facts, outcome, now } = input;
  const [existing] = await db
    .select({ id: calls.id })
    .from(calls)
    .where(and(eq(calls.accountId, facts.accountId), eq(calls.provider, 'twilio'), eq(calls.providerId, facts.callSid)))
    .limit(1);
  if (!outcome) {
    if (!existing) throw new ApiError('not_found', `No call ${facts.callSid} to add a recording to`);
    if (input.recordingUrl) await db.update(calls).set({ recordingUrl: input.recordingUrl, updatedAt: now }).where(eq(calls.id, existing.id));
    return hangUpTwiml();
  }
  if (!existing && !facts.to) throw new ApiError('invalid_request', `To: needed to store call ${facts.callSid}, which this server has not seen`);
  await recordCall(
    db,
    {
      ...report({ ...facts, to: facts.to ?? '' }, now - (outcome.durationS ?? 0) * 1000, outcome),
      ...(input.recordingUrl ? { recordingUrl: input.recordingUrl } : {}),
    },
    now,
  );
  return hangUpTwiml();
}
