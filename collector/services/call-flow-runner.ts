// Runs a call's flow, carrier-neutral: each carrier request (the call arriving, keys
// pressed, a dialled leg ending) moves the stored state one step and returns decisions
// the carrier renders. Every change is a compare-and-set on the state's sequence number,
// and the request that made it is remembered with its reply, so a retried request gets
// the same answer and changes nothing (docs/call-flows.md).
import { and, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { claimOf, claimTarget, releaseAttempt, type Target } from '../db/routing';
import { callAttempts, calls, callSteps, flows, pools, sites, targets, type CallStatus } from '../db/schema';
import {
  dialTarget,
  onDialEnded,
  onDigits,
  overflow,
  startFlow,
  type Decision,
  type Flow,
  type StoredFlowState,
  type Turn,
} from '../domain/call-flow';
import { eligibleTargets, orderTargets } from '../domain/target-routing';
import { newId } from '../ids';
import { recordCall } from './record-call';

type CallRow = typeof calls.$inferSelect;
export type FlowRow = typeof flows.$inferSelect;

const flowOf = (row: FlowRow): Flow => ({
  greeting: row.greeting,
  recordingDisclosure: row.recordingDisclosure,
  gate: row.gate ?? null,
  menu: row.menu ?? null,
  ringTimeoutS: row.ringTimeoutS,
  overflow: row.overflow,
  whisper: row.whisper,
  record: row.record,
});

/** The flow a call to `pool` runs: the pool's own, else its site's; undefined: plain forwarding. */
export async function flowForPool(db: Db, pool: typeof pools.$inferSelect): Promise<FlowRow | undefined> {
  let flowId = pool.flowId;
  if (!flowId) {
    const [site] = await db.select({ flowId: sites.flowId }).from(sites).where(eq(sites.id, pool.siteId)).limit(1);
    flowId = site?.flowId ?? null;
  }
  if (!flowId) return undefined;
  const [row] = await db.select().from(flows).where(eq(flows.id, flowId)).limit(1);
  return row;
}

async function flowById(db: Db, id: string | null): Promise<FlowRow | undefined> {
  if (!id) return undefined;
  const [row] = await db.select().from(flows).where(eq(flows.id, id)).limit(1);
  return row;
}

/** The target that took this caller's last answered call in the account, for sticky routing. */
async function lastTargetOf(db: Db, call: CallRow): Promise<string | null> {
  if (!call.caller) return null;
  const [row] = await db
    .select({ targetId: calls.targetId })
    .from(calls)
    .where(and(eq(calls.accountId, call.accountId), eq(calls.caller, call.caller), ne(calls.id, call.id), isNotNull(calls.targetId)))
    .orderBy(desc(calls.startedAt))
    .limit(1);
  return row?.targetId ?? null;
}

/**
 * Picks and claims the next target, trying eligible targets in order until one is under
 * its caps; none: the flow's overflow. Skipped and capped targets are logged.
 */
async function route(db: Db, call: CallRow, flowRow: FlowRow, state: StoredFlowState, now: number): Promise<Turn & { target: Target | null }> {
  const flow = flowOf(flowRow);
  const all = flowRow.targetIds.length
    ? await db.select().from(targets).where(and(eq(targets.accountId, call.accountId), inArray(targets.id, flowRow.targetIds)))
    : [];
  // The flow's order of targets breaks no ties: priority and weight decide.
  const tried = new Set((await db.select({ targetId: callAttempts.targetId }).from(callAttempts).where(eq(callAttempts.callId, call.id))).map((r) => r.targetId));
  const facts = { caller: call.caller, callerState: call.callerState, callerZip: call.callerZip, menuAnswer: state.menuAnswer };
  // An archived target stays named in its flows but is never offered a call again.
  const active = all.filter((t) => t.archivedAt === null);
  const { eligible, skipped } = eligibleTargets(active, facts, now, tried);
  const log: Turn['log'] = skipped.map((s) => ({ kind: 'target_skipped', detail: { target: s.target, reason: s.reason } }));
  const ordered = orderTargets(eligible, Math.random, flowRow.sticky ? await lastTargetOf(db, call) : null);
  const attempt = state.attempts + 1;
  for (const target of ordered) {
    const claim = await claimTarget(db, { accountId: call.accountId, callId: call.id, attempt, target, now });
    if (claim === null) {
      log.push({ kind: 'target_capped', detail: { target: target.id } });
      continue;
    }
    // A concurrent copy of this request claimed the attempt first: follow its claim.
    const takenBy = claim === 'taken' ? (await claimOf(db, call.id, attempt))?.targetId : target.id;
    const claimed = all.find((t) => t.id === takenBy);
    if (!claimed) break;
    const turn = dialTarget(flow, state, claimed);
    return { ...turn, log: [...log, ...turn.log], target: claimed };
  }
  const turn = overflow(flow, state);
  return { ...turn, log: [...log, ...turn.log], target: null };
}

const replyOf = (stored: StoredFlowState | null | undefined, key: string): Decision[] | null => (stored && stored.key === key ? stored.reply : null);

/** A request for a step the flow has left (a replay): the call is not touched. */
const STALE: Decision[] = [{ kind: 'hangup' }];

/**
 * Stores the turn if the state is still the one it was computed from, with its log;
 * otherwise another copy of the request won and its reply is the answer.
 */
async function commit(db: Db, call: CallRow, key: string, turn: Turn & { target?: Target | null }, now: number): Promise<Decision[]> {
  const prevSeq = call.flowState?.seq ?? 0;
  const next: StoredFlowState = { ...turn.state, seq: prevSeq + 1, key, reply: turn.decisions };
  const unchanged = call.flowState ? sql`json_extract(${calls.flowState}, '$.seq') = ${prevSeq}` : sql`${calls.flowState} is null`;
  const [row] = await db
    .update(calls)
    .set({
      flowState: next,
      menuAnswer: turn.state.menuAnswer,
      ...(turn.target ? { targetId: turn.target.id, buyerId: turn.target.buyerId, forwardTo: turn.target.destination } : {}),
      updatedAt: now,
    })
    .where(and(eq(calls.id, call.id), unchanged))
    .returning({ id: calls.id });
  if (!row) {
    const [current] = await db.select({ flowState: calls.flowState }).from(calls).where(eq(calls.id, call.id)).limit(1);
    return replyOf(current?.flowState, key) ?? STALE;
  }
  if (turn.log.length) {
    // Same-time steps keep their order by insertion (rowid).
    await db.insert(callSteps).values(turn.log.map((l) => ({ id: newId('cs'), callId: call.id, at: now, kind: l.kind, detail: l.detail })));
  }
  return turn.decisions;
}

/** The flow's last word on the call: settles its outcome so it is judged (business never answered: not_answered). */
async function settle(db: Db, call: CallRow, status: CallStatus, durationS: number, now: number) {
  await recordCall(
    db,
    { accountId: call.accountId, provider: call.provider, providerId: call.providerId, to: call.trackingNumber, from: call.caller, startedAt: call.startedAt, status, durationS, forwardSettled: true },
    now,
  );
}

async function routed(db: Db, call: CallRow, flowRow: FlowRow, turn: Turn, stored: StoredFlowState, now: number) {
  if (!turn.route) return turn;
  return route(db, call, flowRow, { ...stored, ...turn.state }, now);
}

/** A flow over, or gone to voicemail: the business never answered; settled at once. */
const settledHere = (turn: Turn) => turn.state.step === 'done' || turn.decisions.some((d) => d.kind === 'voicemail');

/** The call has arrived and runs `flowRow`. A retried voice request gets the first answer again. */
export async function startCallFlow(db: Db, call: CallRow, flowRow: FlowRow, now: number): Promise<Decision[]> {
  const key = 'voice';
  if (call.flowState) return replyOf(call.flowState, key) ?? STALE;
  await db.update(calls).set({ flowId: flowRow.id }).where(eq(calls.id, call.id));
  const start = startFlow(flowOf(flowRow));
  const blank: StoredFlowState = { ...start.state, seq: 0, key: '', reply: [] };
  const turn = await routed(db, call, flowRow, start, blank, now);
  const decisions = await commit(db, call, key, { ...turn, log: [{ kind: 'flow_started', detail: { flow: flowRow.id } }, ...start.log, ...(turn === start ? [] : turn.log)] }, now);
  if (settledHere(turn)) await settle(db, call, 'no-answer', 0, now);
  return decisions;
}

/** Keys pressed (or silence: null) at the gate or the menu, try `tries` of `step`. */
export async function gatherCallFlow(db: Db, call: CallRow, step: string, tries: number, digits: string | null, now: number): Promise<Decision[]> {
  const key = `gather:${step}:${tries}`;
  const stored = call.flowState;
  const flowRow = await flowById(db, call.flowId);
  if (!stored || !flowRow) return STALE;
  const again = replyOf(stored, key);
  if (again) return again;
  if (stored.step !== step || stored.tries !== tries) return STALE;
  const turn = onDigits(flowOf(flowRow), stored, digits);
  if (!turn) return STALE;
  const next = await routed(db, call, flowRow, turn, stored, now);
  const decisions = await commit(db, call, key, turn === next ? turn : { ...next, log: [...turn.log, ...next.log] }, now);
  if (settledHere(next)) await settle(db, call, 'no-answer', 0, now);
  return decisions;
}

/**
 * Dialled leg `attempt` ended (its Dial action; attempt 0 is the overflow number). It
 * releases the leg's place; unanswered, the next target is tried. When the flow is over,
 * the call's outcome is settled from the last leg.
 */
export async function dialEndedCallFlow(db: Db, call: CallRow, attempt: number, status: CallStatus, durationS: number, now: number): Promise<Decision[]> {
  const key = `dial:${attempt}`;
  const stored = call.flowState;
  const flowRow = await flowById(db, call.flowId);
  if (!stored || !flowRow) return STALE;
  const again = replyOf(stored, key);
  if (again) return again;
  const turn = onDialEnded(stored, attempt, status);
  if (!turn) return STALE;
  if (attempt > 0) await releaseAttempt(db, call.id, attempt, status, durationS, now);
  const next = await routed(db, call, flowRow, turn, stored, now);
  const decisions = await commit(db, call, key, turn === next ? turn : { ...next, log: [...turn.log, ...next.log] }, now);
  if (settledHere(next)) await settle(db, call, next.decisions.some((d) => d.kind === 'voicemail') ? 'no-answer' : status, status === 'completed' ? durationS : 0, now);
  return decisions;
}

/** The whisper of the flow a call runs. */
export async function whisperOf(db: Db, call: CallRow): Promise<string | null> {
  return (await flowById(db, call.flowId))?.whisper ?? null;
}
