// Claiming a target for a call. Caps count call_attempts rows, and a claim inserts one,
// so "is the target under its caps?" and "take a place" are one INSERT … SELECT: SQLite
// (and D1) run one writer at a time, so two calls at once can never both take a target's
// last place. The (call_id, attempt) unique index makes a retried step claim nothing new.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { periodStarts } from '../domain/target-routing';
import { newId } from '../ids';
import type { Db } from './client';
import { callAttempts, targets, type CallStatus } from './schema';

export type Target = typeof targets.$inferSelect;

/**
 * A leg whose end never reached us (a lost callback) stops holding a concurrency place
 * after this long, so one lost request cannot close a target for good.
 */
export const LIVE_LEG_MAX_MS = 4 * 3_600_000;

const a = callAttempts;

/** The target's caps, tested against its own rows; every period starts in the target's own time zone. */
function underCaps(target: Target, now: number) {
  const zone = target.schedule?.timezone ?? 'UTC';
  const p = periodStarts(zone, now);
  const mine = sql`${a.targetId} = ${target.id}`;
  const live = sql`(select count(*) from ${a} where ${mine} and ${a.endedAt} is null and ${a.startedAt} > ${now - LIVE_LEG_MAX_MS})`;
  // Unanswered legs brought the buyer nothing: they do not use up a period cap.
  const counted = sql`(${a.outcome} is null or ${a.outcome} = 'completed')`;
  const used = (from: number) =>
    target.capUnit === 'revenue'
      ? sql`(select coalesce(sum(${a.revenueCents}), 0) from ${a} where ${mine} and ${a.startedAt} >= ${from} and ${counted}) + ${target.revenueCents}`
      : sql`(select count(*) from ${a} where ${mine} and ${a.startedAt} >= ${from} and ${counted}) + 1`;
  const conditions = [
    target.concurrencyCap !== null ? sql`${live} < ${target.concurrencyCap}` : undefined,
    target.hourlyCap !== null ? sql`${used(p.hour)} <= ${target.hourlyCap}` : undefined,
    target.dailyCap !== null ? sql`${used(p.day)} <= ${target.dailyCap}` : undefined,
    target.monthlyCap !== null ? sql`${used(p.month)} <= ${target.monthlyCap}` : undefined,
  ].filter((c) => c !== undefined);
  return conditions.length ? sql.join(conditions, sql` and `) : sql`1`;
}

export type Claim = { attempt: number; targetId: string };

/**
 * Claims `target` as attempt `attempt` of `callId` if it is under every cap. Null: the
 * target is capped. When the attempt was already claimed (a retried or concurrent copy
 * of the same step), that claim is read back instead, whatever target it took.
 */
export async function claimTarget(db: Db, input: { accountId: string; callId: string; attempt: number; target: Target; now: number }): Promise<Claim | 'taken' | null> {
  const { target, now } = input;
  const rows = await db
    .insert(callAttempts)
    .select(
      sql`select ${newId('ca')}, ${input.accountId}, ${input.callId}, ${input.attempt}, ${target.id}, ${target.buyerId}, ${now}, null, null, null, ${target.revenueCents}
          where ${underCaps(target, now)}`,
    )
    .onConflictDoNothing()
    .returning({ targetId: callAttempts.targetId });
  if (rows[0]) return { attempt: input.attempt, targetId: rows[0].targetId };
  const existing = await claimOf(db, input.callId, input.attempt);
  return existing ? 'taken' : null;
}

export async function claimOf(db: Db, callId: string, attempt: number): Promise<Claim | undefined> {
  const [row] = await db
    .select({ attempt: a.attempt, targetId: a.targetId })
    .from(a)
    .where(and(eq(a.callId, callId), eq(a.attempt, attempt)))
    .limit(1);
  return row;
}

/** Ends one leg (its Dial action), releasing its concurrency place; a repeat changes nothing. */
export async function releaseAttempt(db: Db, callId: string, attempt: number, outcome: CallStatus, durationS: number, now: number) {
  await db
    .update(a)
    .set({ endedAt: now, outcome, durationS })
    .where(and(eq(a.callId, callId), eq(a.attempt, attempt), isNull(a.endedAt)));
}

/** The call is over (its status callback): every leg still live ends with it. */
export async function releaseCall(db: Db, callId: string, now: number) {
  await db
    .update(a)
    .set({ endedAt: now, outcome: 'canceled' })
    .where(and(eq(a.callId, callId), isNull(a.endedAt)));
}

/** What a target's caps have used now: live legs and the current hour, day and month, counted as the claim counts them. */
export async function capUsage(db: Db, target: Target, now: number) {
  const p = periodStarts(target.schedule?.timezone ?? 'UTC', now);
  const mine = eq(a.targetId, target.id);
  const counted = sql`(${a.outcome} is null or ${a.outcome} = 'completed')`;
  const amount = target.capUnit === 'revenue' ? sql`${a.revenueCents}` : sql`1`;
  const used = (from: number) => sql<number>`coalesce(sum(case when ${a.startedAt} >= ${from} and ${counted} then ${amount} else 0 end), 0)`;
  const [row] = await db
    .select({
      live: sql<number>`coalesce(sum(case when ${a.endedAt} is null and ${a.startedAt} > ${now - LIVE_LEG_MAX_MS} then 1 else 0 end), 0)`,
      hour: used(p.hour),
      day: used(p.day),
      month: used(p.month),
    })
    .from(a)
    .where(and(mine, sql`${a.startedAt} >= ${Math.min(p.month, now - LIVE_LEG_MAX_MS)}`));
  return { live: Number(row?.live ?? 0), hour: Number(row?.hour ?? 0), day: Number(row?.day ?? 0), month: Number(row?.month ?? 0) };
}
