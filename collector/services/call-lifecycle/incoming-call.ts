import type { Db } from '../../db/client';
import { firstAnswer, presentedCallerId, type CallAnswer, type IncomingCall } from '../../domain/call-lifecycle';
import { isBlocked } from '../../domain/qualification';
import { flowForPool, startCallFlow } from '../call-flow-runner';
import { recordCall, trackingNumberOf } from '../record-call';
import { qualificationRules, siteRulesRow } from '../site-rules';
import { callReport } from './stored-call';

/**
 * A call has arrived: it is stored at once with its attribution, and the answer says
 * where it goes. A call the answer ends (a number no pool holds, a blocked caller) is
 * stored as over and judged at once. A retried arrival stores nothing new and gets the
 * same answer again.
 */
export async function incomingCall(db: Db, accountId: string, arrival: IncomingCall, now: number): Promise<CallAnswer> {
  const pool = (await trackingNumberOf(db, accountId, arrival.to))?.pool ?? null;
  const rules = pool ? await siteRulesRow(db, pool.siteId) : undefined;
  const flow = pool ? ((await flowForPool(db, pool)) ?? null) : null;
  const first = firstAnswer({ pool, callerBlocked: !!rules && isBlocked(qualificationRules(rules), arrival.caller.from), flow });
  const outcome = first.kind === 'end' ? first.outcome : { status: arrival.status, durationS: null, forwardSettled: false };
  const { call } = await recordCall(db, callReport(accountId, arrival, now, outcome), now);
  const decisions = first.kind === 'run-flow' ? await startCallFlow(db, call, first.flow, now) : first.decisions;
  return { callId: call.id, decisions, callerId: presentedCallerId(arrival.caller.from, arrival.to) };
}
