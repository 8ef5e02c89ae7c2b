import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calls } from '../../db/schema';
import { ApiError } from '../../http/errors';
import { whisperOf } from '../call-flow-runner';

/** What the person answering a flow's dialled leg of call `callId` hears first (null: nothing). */
export async function callWhisper(db: Db, accountId: string, callId: string): Promise<string | null> {
  const [call] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.accountId, accountId), eq(calls.id, callId)))
    .limit(1);
  if (!call) throw new ApiError('not_found', 'No such call');
  return whisperOf(db, call);
}
