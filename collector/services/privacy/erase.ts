// DELETE /v1/visitors/{id} and DELETE /v1/callers/{e164}: a person asks to be forgotten.
// Both find the same things (the person's visitor rows, sessions and calls: a caller's
// calls lead to the visitors whose sessions they were matched to, a visitor's sessions
// to the calls matched to them), forget them in one batch with an audit entry, and
// answer how many rows of each kind were touched. The audit entry names no person.
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { runBatch, type Statement } from '../../db/leasing';
import { auditLog, calls, sessions, visitors } from '../../db/schema';
import { newId } from '../../ids';
import { deleteVisitors, ERASED_VISITOR, forgetCallPerson, forgetSessions } from './forget';

export type Erased = { visitors: number; sessions: number; calls: number };
type Actor = { accountId: string; keyId: string };

// An erased session's tombstone is nobody's visitor id.
const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null && x !== ERASED_VISITOR))];

// D1 binds at most 100 parameters per statement: id lists go in slices well under that.
const SLICE = 40;
function slices(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += SLICE) out.push(ids.slice(i, i + SLICE));
  return out;
}

/** Rows of a query over each slice of `ids`, together. */
async function overSlices<T>(ids: string[], query: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (const slice of slices(ids)) rows.push(...(await query(slice)));
  return rows;
}

/** Statements for each slice of `ids`. */
const forSlices = (ids: string[], plan: (slice: string[]) => Statement[]): Statement[] => slices(ids).flatMap(plan);

async function erase(db: Db, actor: Actor, action: string, visitorIds: string[], sessionIds: string[], callIds: string[], now: number): Promise<Erased | null> {
  const { accountId } = actor;
  const ownSessions = (where: SQL) => db.select({ id: sessions.id, visitorId: sessions.visitorId }).from(sessions).where(and(eq(sessions.accountId, accountId), where));
  // Sessions named directly lead to their visitors, and visitors to all their sessions.
  const named = await overSlices(sessionIds, (s) => ownSessions(inArray(sessions.id, s)));
  const allVisitors = unique([...visitorIds, ...named.map((s) => s.visitorId)]);
  const ofVisitors = await overSlices(allVisitors, (s) => ownSessions(inArray(sessions.visitorId, s)));
  const allSessions = unique([...named.map((s) => s.id), ...ofVisitors.map((s) => s.id)]);
  const ownCalls = (where: SQL) => db.select({ id: calls.id }).from(calls).where(and(eq(calls.accountId, accountId), where));
  const matchedCalls = [
    ...(await overSlices(allSessions, (s) => ownCalls(inArray(calls.sessionId, s)))),
    ...(await overSlices(allVisitors, (s) => ownCalls(inArray(calls.visitorId, s)))),
  ];
  const allCalls = unique([...callIds, ...matchedCalls.map((c) => c.id)]);
  const storedVisitors = await overSlices(allVisitors, (s) =>
    db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.accountId, accountId), inArray(visitors.id, s))),
  );
  const erased: Erased = { visitors: storedVisitors.length, sessions: allSessions.length, calls: allCalls.length };
  if (erased.visitors + erased.sessions + erased.calls === 0) return null;
  await runBatch(db, [
    ...forSlices(allSessions, (s) => forgetSessions(db, and(eq(sessions.accountId, accountId), inArray(sessions.id, s))!)),
    ...forSlices(allVisitors, (s) => [deleteVisitors(db, accountId, s)]),
    ...forSlices(allCalls, (s) => forgetCallPerson(db, and(eq(calls.accountId, accountId), inArray(calls.id, s))!)),
    db.insert(auditLog).values({ id: newId('au'), accountId, keyId: actor.keyId, action, target: null, detail: erased, at: now }),
  ]);
  return erased;
}

/** Forgets a visitor of the account; null when the account has nothing of that visitor. */
export async function eraseVisitor(db: Db, actor: Actor, visitorId: string, now: number): Promise<Erased | null> {
  if (visitorId === ERASED_VISITOR) return null;
  return erase(db, actor, 'erase.visitor', [visitorId], [], [], now);
}

/** Forgets a caller (E.164) of the account and the visits their calls were matched to; null when no call has that caller. */
export async function eraseCaller(db: Db, actor: Actor, caller: string, now: number): Promise<Erased | null> {
  const rows = await db
    .select({ id: calls.id, sessionId: calls.sessionId, visitorId: calls.visitorId })
    .from(calls)
    .where(and(eq(calls.accountId, actor.accountId), eq(calls.caller, caller)));
  if (rows.length === 0) return null;
  return erase(db, actor, 'erase.caller', unique(rows.map((r) => r.visitorId)), unique(rows.map((r) => r.sessionId)), rows.map((r) => r.id), now);
}
