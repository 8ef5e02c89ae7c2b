// Forgetting a person while keeping the counts: the statements erasure and retention
// share. A session row stays as an anonymous count (its report dimensions: day, site,
// source, medium, campaign, keyword, landing path, device), so report totals never move;
// what ties it to a person (visitor, referrer, title, last page, click ids, sub ids) is
// cleared and its page views are deleted. A call keeps its money, qualification and
// attribution; its caller fields, recording link, visitor and click ids are cleared.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Statement } from '../../db/leasing';
import { calls, outboxEvents, pageViews, sessions, visitors } from '../../db/schema';

/** What an erased session's `visitor_id` (NOT NULL) holds instead of the visitor's id. */
export const ERASED_VISITOR = 'erased';

/** Deletes the page views of the sessions `which` selects and clears what ties those sessions to a person. */
export function forgetSessions(db: Db, which: SQL): Statement[] {
  return [
    db.delete(pageViews).where(inArray(pageViews.sessionId, db.select({ id: sessions.id }).from(sessions).where(which))),
    db
      .update(sessions)
      .set({
        visitorId: ERASED_VISITOR,
        referrer: null,
        title: null,
        lastUrl: null,
        gclid: null,
        gbraid: null,
        wbraid: null,
        msclkid: null,
        fbclid: null,
        ttclid: null,
        gaClientId: null,
        fbp: null,
        fbc: null,
        tags: null,
        inheritedFrom: null,
      })
      .where(which),
  ];
}

/**
 * Clears the caller's number and place on the calls `which` selects, and in the copies of
 * those calls that events waiting in (or sent from) the outbox carry.
 */
export const forgetCallers = (db: Db, which: SQL): Statement[] => [
  // First: `which` may select the calls by the very fields the next statement clears.
  db
    .update(outboxEvents)
    .set({ payload: sql`json_set(${outboxEvents.payload}, '$.call.caller', null, '$.call.caller_state', null)` })
    .where(inArray(outboxEvents.callId, db.select({ id: calls.id }).from(calls).where(which))),
  db.update(calls).set({ caller: null, callerCity: null, callerState: null, callerZip: null, callerCountry: null }).where(which),
];

/** Clears the recording links of the calls `which` selects. */
export const forgetRecordings = (db: Db, which: SQL): Statement => db.update(calls).set({ recordingUrl: null }).where(which);

/** Everything about a person on the calls `which` selects: caller, recording, visitor, referrer, click ids. */
export const forgetCallPerson = (db: Db, which: SQL): Statement[] => [
  db
    .update(outboxEvents)
    .set({
      payload: sql`json_set(${outboxEvents.payload}, '$.call.attribution.session', null, '$.call.attribution.gclid', null, '$.call.attribution.msclkid', null, '$.call.attribution.fbclid', null)`,
    })
    .where(inArray(outboxEvents.callId, db.select({ id: calls.id }).from(calls).where(which))),
  ...forgetCallers(db, which),
  db.update(calls).set({ recordingUrl: null, visitorId: null, referrer: null, gclid: null, msclkid: null, fbclid: null }).where(which),
];

/** Deletes the account's visitors with these ids. */
export const deleteVisitors = (db: Db, accountId: string, ids: string[]): Statement =>
  db.delete(visitors).where(and(eq(visitors.accountId, accountId), inArray(visitors.id, ids)));
