// Writing events: statements a service adds to the batch that writes the fact, so the
// event exists exactly when the fact does. Each event gets one delivery per destination
// subscribed to its type, chosen in SQL inside that batch. An event no destination of the
// account subscribes to has no one to reach and is not written at all: an account
// without integrations pays nothing for them on the call path (bench/call-path.ts).
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { cachedConfig } from '../../db/config-cache';
import type { Db } from '../../db/client';
import { adPlatformKinds, calls, deliveries, destinations, outboxEvents, type EventType } from '../../db/schema';
import type { CallEvent } from '../../domain/events/call-events';
import { newId } from '../../ids';

// Kinds that get every subscribed event of the account, unlike postbacks (one per call).
const everyEventKinds = sql.raw(['webhook', ...adPlatformKinds].map((k) => `'${k}'`).join(', '));

/**
 * The deliveries of the events `eventIds`: every live webhook and ad platform subscribed to its type, and the
 * postback for it: the call's publisher's own when it has one for this event, otherwise
 * the account default. Only `destinationId` when given (a test event for one endpoint).
 */
function deliveriesOf(db: Db, eventIds: string[], publisherId: string | null, destinationId?: string) {
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
    where e.id in ${eventIds} and ${choice}`);
}

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
 * The statements that write `events` of call `call` and their deliveries, for the events
 * some destination subscribes to. The events are written only if the call row with that
 * id exists once the batch's earlier statements ran: a new call that lost an insert race
 * to a retry of itself writes none.
 */
export async function callEventWrites(db: Db, call: { id: string; accountId: string; publisherId: string | null }, events: CallEvent[], now: number) {
  if (events.length === 0) return [];
  const subscribed = await subscribedTypes(db, call.accountId, now);
  const written = events.filter((event) => subscribed.has(event.type)).map((event) => ({ ...event, id: newId('evt') }));
  if (written.length === 0) return [];
  // All of a call's events in one statement and their deliveries in another: two statements
  // for the batch to prepare whatever the number of events. Rows are numbered in order,
  // so the events of a call keep their order (seq, null here: SQLite numbers each row).
  const rows = sql.join(
    written.map((e, i) => sql`(${i}, ${e.id}, ${e.type}, ${JSON.stringify(e.payload)})`),
    sql`, `,
  );
  return [
    db.insert(outboxEvents).select(sql`
      select null, v.column2, ${call.accountId}, ${call.id}, v.column3, v.column4, ${now}
      from (values ${rows}) v
      where exists (select 1 from ${calls} where id = ${call.id})
      order by v.column1`),
    deliveriesOf(
      db,
      written.map((e) => e.id),
      call.publisherId,
    ),
  ];
}

/** A `test` event for one destination, written with its one delivery. Returns the event id. */
export async function writeTestEvent(db: Db, accountId: string, destinationId: string, now: number): Promise<string> {
  const id = newId('evt');
  const payload = { message: 'A test event from open-dni: your endpoint is reachable and the signature verifies.' };
  await db.batch([
    db.insert(outboxEvents).values({ id, accountId, callId: null, type: 'test' satisfies EventType, payload, createdAt: now }),
    deliveriesOf(db, [id], null, destinationId),
  ]);
  return id;
}
