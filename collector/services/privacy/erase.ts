// DELETE /v1/visitors/{id} and DELETE /v1/callers/{e164}: a person asks to be forgotten.
// Both find the same things (the person's visitor rows, sessions and calls: a caller's
// calls lead to the visitors whose sessions they were matched to, a visitor's sessions
// to the calls matched to them), forget them in one batch with an audit entry, and
// answer how many rows of each kind were touched. The audit entry names no person.
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { runBatch } from '../../db/leasing';
import { auditLog, calls, sessions, visitors } from '../../db/schema';
import { newId } from '../../ids';
import { deleteVisitors, ERASED_VISITOR, forgetCallPerson, forgetSessions } from './forget';

export type Erased = { visitors: number; sessions: number; calls: number };
type Actor = { accountId: string; keyId: string };

// An erased session's tombstone is nobody's visitor id.
const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null && x !== ERASED_VISITOR))];

async function sessionsOf(db: Db, accountId: string, visitorIds: string[], sessionIds: string[]) {
  if (visitorIds.length === 0 && sessionIds.length === 0) return [];
  const rows = await db
    .select({ id: sessions.id, visitorId: sessions.visitorId })
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), or(inArray(sessions.visitorId, visitorIds), inArray(sessions.id, sessionIds))));
  return rows;
}

async function erase(db: Db, actor: Actor, action: string, visitorIds: string[], sessionIds: string[], callIds: string[], now: number): Promise<Erased | null> {
  const { accountId } = actor;
  const found = await sessionsOf(db, accountId, visitorIds, sessionIds);
  const allSessions = unique([...sessionIds, ...found.map((s) => s.id)]);
  const allVisitors = unique([...visitorIds, ...found.map((s) => s.visitorId)]);
  const sessionCalls =
    allSessions.length === 0 && allVisitors.length === 0
      ? []
      : await db
          .select({ id: calls.id })
          .from(calls)
          .where(and(eq(calls.accountId, accountId), or(inArray(calls.sessionId, allSessions), inArray(calls.visitorId, allVisitors))));
  const allCalls = unique([...callIds, ...sessionCalls.map((c) => c.id)]);
  const storedVisitors = allVisitors.length === 0 ? [] : await db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.accountId, accountId), inArray(visitors.id, allVisitors)));
  const erased: Erased = { visitors: storedVisitors.length, sessions: allSessions.length, calls: allCalls.length };
  if (erased.visitors + erased.sessions + erased.calls === 0) return null;
  await runBatch(db, [
    ...forgetSessions(db, and(eq(sessions.accountId, accountId), inArray(sessions.id, allSessions))!),
    deleteVisitors(db, accountId, allVisitors),
    ...forgetCallPerson(db, and(eq(calls.accountId, accountId), inArray(calls.id, allCalls))!),
    db.insert(auditLog).values({ id: newId('au'), accountId, keyId: actor.keyId, action, target: null, detail: erased, at: now }),
  ]);
  return erased;
}

/** Forgets a visitor of the account; null when the account has nothing of that visitor. */
export async function eraseVisitor(db: Db, actor: Actor, visitorId: string, now: number): Promise<Erased | null> {
  return erase(db, actor, 'erase.visitor', [visitorId], [], [], now);
}

/** Forgets a caller (E.164) of the account and the visits their calls were matched to; null when no call has that caller. */
export async function eraseCaller(db: Db, actor: Actor, caller: string, now: number): Promise<Erased | null> {
  const rows = await db
    .select({ id: calls.id, sessionId: calls.sessionId, visitorId: calls.visitorId })
    .from(calls)
    .where(and(eq(calls.accountId, actor.accountId), eq(calls.caller, caller)));
  if (rows.length === 0) return null;
  const viaSessions = unique(rows.map((r) => r.sessionId));
  const visitorsOfSessions =
    viaSessions.length === 0
      ? []
      : await db
          .select({ visitorId: sessions.visitorId })
          .from(sessions)
          .where(and(eq(sessions.accountId, actor.accountId), inArray(sessions.id, viaSessions), isNotNull(sessions.visitorId)));
  return erase(
    db,
    actor,
    'erase.caller',
    unique([...rows.map((r) => r.visitorId), ...visitorsOfSessions.map((v) => v.visitorId)]),
    viaSessions,
    rows.map((r) => r.id),
    now,
  );
}
