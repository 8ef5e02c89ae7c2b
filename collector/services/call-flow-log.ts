// A flow call's story for its detail page: every step logged, and every target it was offered to.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { callAttempts, calls, callSteps } from '../db/schema';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function flowLog(db: Db, call: typeof calls.$inferSelect) {
  if (!call.flowId) return null;
  const [steps, attempts] = await Promise.all([
    db.select().from(callSteps).where(eq(callSteps.callId, call.id)).orderBy(asc(callSteps.at), sql`rowid`),
    db.select().from(callAttempts).where(eq(callAttempts.callId, call.id)).orderBy(asc(callAttempts.attempt)),
  ]);
  return {
    id: call.flowId,
    menu_answer: call.menuAnswer,
    target: call.targetId,
    buyer: call.buyerId,
    steps: steps.map((s) => ({ at: iso(s.at), kind: s.kind, ...s.detail })),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      target: a.targetId,
      buyer: a.buyerId,
      started_at: iso(a.startedAt),
      ended_at: iso(a.endedAt),
      outcome: a.outcome,
      duration_s: a.durationS,
    })),
  };
}
