import { and, asc, eq, gt, gte, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calls, pools, publishers } from '../db/schema';
import { BURST_WINDOW_MS, fraudSignals, REPEAT_WINDOW_MS } from '../domain/fraud-signals';
import { callEvents } from '../domain/events/call-events';
import { DAY_MS, judgeCall, type CallFacts } from '../domain/qualification';
import { callEventWrites } from './events/outbox';
import { qualificationRules, siteRulesRow } from './site-rules';
import { buyerRevenue } from './buyer-revenue';

type CallRow = typeof calls.$inferSelect;

/** Whether the same caller already had a qualified call on this site in the `windowMs` before this one. */
async function hasEarlierQualifiedCall(db: Db, call: CallRow, windowMs: number): Promise<boolean> {
  if (!call.siteId || !call.caller || windowMs <= 0) return false;
  const [row] = await db
    .select({ id: calls.id })
    .from(calls)
    .where(
      and(
        eq(calls.siteId, call.siteId),
        eq(calls.caller, call.caller),
        eq(calls.qualified, true),
        ne(calls.id, call.id),
        gte(calls.startedAt, call.startedAt - windowMs),
        lt(calls.startedAt, call.startedAt),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** How many earlier calls the same caller made to the same site in the repeat and burst windows. */
async function earlierCalls(db: Db, call: CallRow): Promise<{ repeat: number; burst: number }> {
  if (!call.siteId || !call.caller) return { repeat: 0, burst: 0 };
  const burstStart = call.startedAt - BURST_WINDOW_MS;
  const [row] = await db
    .select({
      repeat: sql<number>`count(*)`,
      burst: sql<number>`coalesce(sum(case when ${calls.startedAt} >= ${burstStart} then 1 else 0 end), 0)`,
    })
    .from(calls)
    .where(
      and(
        eq(calls.siteId, call.siteId),
        eq(calls.caller, call.caller),
        ne(calls.id, call.id),
        gte(calls.startedAt, call.startedAt - REPEAT_WINDOW_MS),
        lt(calls.startedAt, call.startedAt),
      ),
    );
  return { repeat: Number(row?.repeat ?? 0), burst: Number(row?.burst ?? 0) };
}

async function publisherPayout(db: Db, publisherId: string | null): Promise<number | null> {
  if (!publisherId) return null;
  const [row] = await db.select({ payoutCents: publishers.payoutCents }).from(publishers).where(eq(publishers.id, publisherId)).limit(1);
  return row?.payoutCents ?? null;
}

async function poolKind(db: Db, poolId: string | null): Promise<'session' | 'source' | null> {
  if (!poolId) return null;
  const [row] = await db.select({ kind: pools.kind }).from(pools).where(eq(pools.id, poolId)).limit(1);
  return row?.kind ?? null;
}

/**
 * The judgement of a call that is over, against its site's rules as they are now: the
 * verdict, the payout and the fraud signals, as the columns to change. A call on no site
 * (a number nobody owns) gets its fraud signals but no judgement: there are no rules to
 * apply. Only reads, so a new call can be stored already judged, in one write.
 */
export async function judgement(db: Db, call: CallRow, now: number): Promise<Partial<CallRow>> {
  const rulesRow = call.siteId ? await siteRulesRow(db, call.siteId) : undefined;
  const rules = rulesRow ? qualificationRules(rulesRow) : null;
  const [earlier, payout, kind, duplicateOf, revenueCents] = await Promise.all([
    earlierCalls(db, call),
    publisherPayout(db, call.publisherId),
    poolKind(db, call.poolId),
    rules ? hasEarlierQualifiedCall(db, call, rules.dedupeDays * DAY_MS) : Promise.resolve(false),
    // The buyer side, frozen with the payout: revenue by the target's convert-on rule.
    buyerRevenue(db, call),
  ]);
  const facts: CallFacts = {
    status: call.status,
    durationS: call.durationS,
    startedAt: call.startedAt,
    caller: call.caller,
    callerState: call.callerState,
    callerZip: call.callerZip,
    conversionValueCents: call.convertedAt === null ? null : call.conversionValueCents,
  };
  const signals = fraudSignals({
    callerWithheld: call.caller === null,
    earlierCallsInRepeatWindow: earlier.repeat,
    earlierCallsInBurstWindow: earlier.burst,
    status: call.status,
    durationS: call.durationS,
    minDurationS: rules?.minDurationS ?? null,
    poolKind: kind,
    confidence: call.confidence,
  });
  const verdict = rules ? judgeCall(rules, facts, duplicateOf, payout) : null;
  return {
    fraudSignals: signals,
    ...(verdict
      ? {
          qualified: verdict.qualified,
          reasons: verdict.reasons,
          duplicate: verdict.duplicate,
          payoutCents: verdict.payoutCents,
          payoutTerms: verdict.payoutTerms,
          revenueCents,
          currency: verdict.currency,
          judgedAt: now,
        }
      : {}),
  };
}

/** Judges a stored call that is over (`judgement`) and stores the verdict with its events. */
export async function qualifyCall(db: Db, call: CallRow, now: number): Promise<CallRow> {
  const changes = await judgement(db, call, now);
  // The verdict and its events (qualified, a reversal, the payout's change) commit together.
  const [[updated]] = await db.batch([
    db.update(calls).set(changes).where(eq(calls.id, call.id)).returning(),
    ...(await callEventWrites(db, call, callEvents(call, { ...call, ...changes }), now)),
  ]);
  return updated!;
}

/**
 * Dedupe follows call time, not arrival order: when a call's judgement is new or its
 * qualification changed (a back-dated import, a Dial action correcting a status
 * callback), the same caller's later calls on the site may gain or lose `duplicate`.
 * Each later call whose duplicate verdict no longer holds is judged again, oldest
 * first, and one that changes carries the check on through its own window.
 */
export async function rejudgeLaterCalls(db: Db, call: CallRow, now: number): Promise<void> {
  if (!call.siteId || !call.caller) return;
  const rulesRow = await siteRulesRow(db, call.siteId);
  const windowMs = (rulesRow?.dedupeDays ?? 0) * DAY_MS;
  if (windowMs <= 0) return;
  const later = await db
    .select()
    .from(calls)
    .where(and(eq(calls.siteId, call.siteId), eq(calls.caller, call.caller), gt(calls.startedAt, call.startedAt), isNotNull(calls.judgedAt)))
    .orderBy(asc(calls.startedAt), asc(calls.id));
  let horizon = call.startedAt + windowMs;
  for (const next of later) {
    if (next.startedAt > horizon) break;
    if ((await hasEarlierQualifiedCall(db, next, windowMs)) === next.duplicate) continue;
    const judged = await qualifyCall(db, next, now);
    if (judged.qualified !== next.qualified) horizon = Math.max(horizon, judged.startedAt + windowMs);
  }
}
