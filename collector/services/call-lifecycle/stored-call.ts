// What every step of a call's life shares: finding the call a carrier request is about,
// the report that stores it, and the answer that names it.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calls } from '../../db/schema';
import { presentedCallerId, type CallAnswer, type CallerFacts, type CallKey, type Outcome } from '../../domain/call-lifecycle';
import type { Decision } from '../../domain/call-flow';
import { ApiError } from '../../http/errors';
import type { CallReport } from '../record-call';

export type CallRow = typeof calls.$inferSelect;

/** The account's call `key`, if stored. */
export async function storedCall(db: Db, accountId: string, key: CallKey): Promise<CallRow | undefined> {
  const [call] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.accountId, accountId), eq(calls.provider, key.provider), eq(calls.providerId, key.providerId)))
    .limit(1);
  return call;
}

/** The stored call a flow request is about; 404 for a call this account never stored. */
export async function flowCall(db: Db, accountId: string, key: CallKey): Promise<CallRow> {
  const call = await storedCall(db, accountId, key);
  if (!call) throw new ApiError('not_found', `No call ${key.providerId}`);
  return call;
}

/** `decisions` for a stored call: its legs present the caller's own number, or the tracking number for a withheld one. */
export const answerFor = (call: CallRow, decisions: Decision[]): CallAnswer => ({
  callId: call.id,
  decisions,
  callerId: presentedCallerId(call.caller, call.trackingNumber),
});

/** What recordCall stores for `call`, started at `startedAt`, with `outcome`. */
export const callReport = (accountId: string, call: CallKey & { to: string; caller: CallerFacts }, startedAt: number, outcome: Outcome): CallReport => ({
  accountId,
  provider: call.provider,
  providerId: call.providerId,
  to: call.to,
  from: call.caller.from,
  startedAt,
  callerCity: call.caller.city,
  callerState: call.caller.state,
  callerZip: call.caller.zip,
  callerCountry: call.caller.country,
  ...outcome,
});
