// Writing events: statements a service adds to the batch that writes the fact, so the
// event exists exactly when the fact does. Deliveries are not chosen here: the deliverer
// fans each event out (fan-out.ts) before it sends, so the call path writes one
// statement for all of a call's events. An event no destination of the account
// subscribes to has no one to reach and is not written at all: an account without
// integrations pays nothing for them on the call path (bench/call-path.ts).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { cachedConfig } from '../../db/config-cache';
import type { Db } from '../../db/client';
import { calls, destinations, outboxEvents, type EventType } from '../../db/schema';
import type { CallEvent } from '../../domain/events/call-events';
import { newId } from '../../ids';
import { deliveriesOf } from './fan-out';

/**
 * The event types some live destination of the account subscribes to. Kept like the
 * site configuration (db/config-cache.ts): a destination made or changed through this
 * process's API counts at once, one made through another process or Workers isolate
 * within CONFIG_TTL_MS (docs/integrations.md).
 */
function subscribedTypes(db: Db, accountId: string, now: number): Promise<ReadonlySet<string>> {
  return cachedConfig(db, `subscribed-events:${accountId}`, now, async () => {
    const rows = await db
      .select({ events: destinations.events })
      .from(destinations)
      .where(and(eq(destinations.accountId, accountId), isNull(destinations.archivedAt)));
    return new Set(rows.flatMap((r) => r.events));
  });
}

/**
 * The statement that writes `events` of call `call`, those some destination subscribes
 * to, or none. The events are written only if the call row with that id exists once the
 * batch's earlier statements ran: a new call that lost an insert race to a retry of
 * itself writes none.
 */
export async function callEventWrites(db: Db, call: { id: string; accountId: string }, events: CallEvent[], now: number) {
  if (events.length === 0) return [];
  const subscribed = await subscribedTypes(db, call.accountId, now);
  const written = events.filter((event) => subscribed.has(event.type));
  if (written.length === 0) return [];
  // Rows are numbered in order, so the events of a call keep their order (seq, null here:
  // SQLite numbers each row).
  const rows = sql.join(
    written.map((e, i) => sql`(${i}, ${newId('evt')}, ${e.type}, ${JSON.stringify(e.payload)})`),
    sql`, `,
  );
  return [
    db.insert(outboxEvents).select(sql`
      select null, v.column2, ${call.accountId}, ${call.id}, v.column3, v.column4, ${now}, null
      from (values ${rows}) v
      where exists (select 1 from ${calls} where id = ${call.id})
      order by v.column1`),
  ];
}

/** A `test` event for one destination, written with its one delivery. Returns the event id. */
export async function writeTestEvent(db: Db, accountId: string, destinationId: string, now: number): Promise<string> {
  const id = newId('evt');
  const payload = { message: 'A test event from open-dni: your endpoint is reachable and the signature verifies.' };
  await db.batch([
    db.insert(outboxEvents).values({ id, accountId, callId: null, type: 'test' satisfies EventType, payload, createdAt: now, fannedOutAt: now }),
    deliveriesOf(db, sql`e.id = ${id}`, sql`d.id = ${destinationId}`),
  ]);
  return id;
}
