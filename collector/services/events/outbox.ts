// Writing events: statements a service adds to the batch that writes the fact, so the
// event exists exactly when the fact does. Each event gets one delivery per destination
// subscribed to its type, chosen in SQL inside that batch (no read on the call path).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { adPlatformKinds, calls, deliveries, destinations, outboxEvents, type EventType } from '../../db/schema';
import type { CallEvent } from '../../domain/events/call-events';
import { newId } from '../../ids';

// Kinds that get every subscribed event of the account, unlike postbacks (one per call).
const everyEventKinds = sql.raw(['webhook', ...adPlatformKinds].map((k) => `'${k}'`).join(', '));

/**
 * The deliveries of event `eventId`: every live webhook and ad platform subscribed to its type, and the
 * postback for it: the call's publisher's own when it has one for this event, otherwise
 * the account default. Only `destinationId` when given (a test event for one endpoint).
 */
function deliveriesOf(db: Db, eventId: string, publisherId: string | null, destinationId?: string) {
  const subscribed = sql`exists (select 1 from json_each(d.events) where value = e.type)`;
  const publisherOwn = (alias: string) => sql`${sql.raw(alias)}.kind = 'postback' and ${sql.raw(alias)}.publisher_id = ${publisherId}`;
  const choice: SQL = destinationId
    ? sql`d.id = ${destinationId}`
    : sql`${subscribed} and (d.kind in (${everyEventKinds})
        or (${publisherOwn('d')})
        or (d.kind = 'postback' and d.publisher_id is null and not exists (
          select 1 from ${destinations} o where o.account_id = d.account_id and o.archived_at is null
            and ${publisherOwn('o')} and exists (select 1 from json_each(o.events) where value = e.type))))`;
  // Every column, in the table's order: drizzle's insert-select names them all.
  return db.insert(deliveries).select(sql`
    select 'dlv_' || lower(hex(randomblob(10))), e.account_id, e.id, d.id, e.call_id, e.seq, 'pending', 0, e.created_at,
      null, null, null, null, null, e.created_at, e.created_at
    from ${outboxEvents} e join ${destinations} d on d.account_id = e.account_id and d.archived_at is null
    where e.id = ${eventId} and ${choice}`);
}

/**
 * The statements that write `events` of call `call` and their deliveries. The events are
 * written only if the call row with that id exists once the batch's earlier statements
 * ran: a new call that lost an insert race to a retry of itself writes none.
 */
export function callEventWrites(db: Db, call: { id: string; accountId: string; publisherId: string | null }, events: CallEvent[], now: number) {
  return events.flatMap((event) => {
    const id = newId('evt');
    return [
      // seq null: SQLite numbers the row.
      db.insert(outboxEvents).select(sql`
        select null, ${id}, ${call.accountId}, ${call.id}, ${event.type}, ${JSON.stringify(event.payload)}, ${now}
        where exists (select 1 from ${calls} where id = ${call.id})`),
      deliveriesOf(db, id, call.publisherId),
    ];
  });
}

/** A `test` event for one destination, written with its one delivery. Returns the event id. */
export async function writeTestEvent(db: Db, accountId: string, destinationId: string, now: number): Promise<string> {
  const id = newId('evt');
  const payload = { message: 'A test event from open-dni: your endpoint is reachable and the signature verifies.' };
  await db.batch([
    db.insert(outboxEvents).values({ id, accountId, callId: null, type: 'test' satisfies EventType, payload, createdAt: now }),
    deliveriesOf(db, id, null, destinationId),
  ]);
  return id;
}
