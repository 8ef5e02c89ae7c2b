import type { Db } from '../../db/client';
import type { CallAnswer, GatherAnswer } from '../../domain/call-lifecycle';
import { gatherCallFlow } from '../call-flow-runner';
import { answerFor, flowCall } from './stored-call';

/** The caller answered a flow's gate or menu (or stayed silent): the flow's next step. */
export async function gatherAnswer(db: Db, accountId: string, answer: GatherAnswer, now: number): Promise<CallAnswer> {
  const call = await flowCall(db, accountId, answer);
  return answerFor(call, await gatherCallFlow(db, call, answer.step, answer.attempt, answer.digits, now));
}
