import type { Db } from '../../db/client';
import type { CallAnswer, DialOutcome } from '../../domain/call-lifecycle';
import { dialEndedCallFlow } from '../call-flow-runner';
import { answerFor, flowCall } from './stored-call';

/** A flow's dialled leg ended: failover to the next target, the overflow, or the end. */
export async function dialOutcome(db: Db, accountId: string, outcome: DialOutcome, now: number): Promise<CallAnswer> {
  const call = await flowCall(db, accountId, outcome);
  return answerFor(call, await dialEndedCallFlow(db, call, outcome.attempt, outcome.status, outcome.durationS, now));
}
