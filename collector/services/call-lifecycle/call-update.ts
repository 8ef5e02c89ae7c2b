import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { releaseCall } from '../../db/routing';
import { calls } from '../../db/schema';
import { outcomeOf, type CallAnswer, type CallUpdate } from '../../domain/call-lifecycle';
import { isFinal } from '../../domain/qualification';
import { ApiError } from '../../http/errors';
import { recordCall } from '../record-call';
import { answerFor, callReport, storedCall } from './stored-call';

/**
 * A later report on a call (its status, the forwarded leg's end, its recording): the
 * call is completed, stored first if its arrival was never reported (started the
 * reported duration ago), or only given the recording when that is all the report
 * carries. The answer ends the call. The first settled outcome is final (recordCall).
 */
export async function updateCall(db: Db, accountId: string, update: CallUpdate, now: number): Promise<CallAnswer> {
  const outcome = outcomeOf(update);
  const existing = await storedCall(db, accountId, update);
  if (!outcome) {
    if (!existing) throw new ApiError('not_found', `No call ${update.providerId} to add a recording to`);
    if (update.recordingUrl) await db.update(calls).set({ recordingUrl: update.recordingUrl, updatedAt: now }).where(eq(calls.id, existing.id));
    return answerFor(existing, [{ kind: 'hangup' }]);
  }
  if (!existing && !update.to) throw new ApiError('invalid_request', `To: needed to store call ${update.providerId}, which this server has not seen`);
  const report = callReport(accountId, { ...update, to: update.to ?? '' }, now - (outcome.durationS ?? 0) * 1000, outcome);
  const { call } = await recordCall(db, { ...report, ...(update.recordingUrl ? { recordingUrl: update.recordingUrl } : {}) }, now);
  // The caller's leg is over: any flow leg still counted as live ends with it.
  if (update.callerLeg && isFinal(update.callerLeg.status)) await releaseCall(db, call.id, now);
  return answerFor(call, [{ kind: 'hangup' }]);
}
