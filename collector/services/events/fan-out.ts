// Fanning events out: each event written on the call path gets its deliveries here, in
// the deliverer, off the call path. Exactly once per event and destination, however many
// runners fan out at the same time: the deliveries and the event's mark are written in
// one transaction, and a delivery that exists is not made again.
import { asc, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { adPlatformKinds, calls, deliveries, destinations, outboxEvents } from '../../db/schema';

// Kinds that get every subscribed event of the account, unlike postbacks (one per call).
const everyEventKinds = sql.raw(['webhook', ...adPlatformKinds].map((k) => `'${k}'`).join(', '));
const BATCH = 200;

/**
 * The deliveries of the events `which` picks (over `e`): every live destination that
 * `choice` picks (over `d`), by default every webhook and ad platform subscribed to the
 * event's type and the one postback for it: the call's publisher's own when it has one for
 * this event, otherwise the account default. A destination made after the event gets none.
 */
export function deliveriesOf(db: Db, which: SQL, choice?: SQL) {
  const subscribed = (alias: string) => sql`exists (select 1 from json_each(${sql.raw(alias)}.events) where value = e.type)`;
  const publisherOwn = (alias: string) => sql`${sql.raw(alias)}.kind = 'postback' and ${sql.raw(alias)}.publisher_id = c.publisher_id`;
  const chosen =
    choice ??
    sql`${subscribed('d')} and d.created_at <= e.created_at and (d.kind in (${everyEventKinds})
      or (${publisherOwn('d')})
      or (d.kind = 'postback' and d.publisher_id is null and not exists (
        select 1 from ${destinations} o where o.account_id = d.account_id and o.archived_at is null
          and o.created_at <= e.created_at and ${publisherOwn('o')} and ${subscribed('o')})))`;
  // Every column, in the table's order: drizzle's insert-select names them all.
  return db.insert(deliveries).select(sql`
    select 'dlv_' || lower(hex(randomblob(10))), e.account_id, e.id, d.id, e.call_id, e.seq, 'pending', 0, e.created_at,
      null, null, null, null, null, e.created_at, e.created_at
    from ${outboxEvents} e
      join ${destinations} d on d.account_id = e.account_id and d.archived_at is null
      left join ${calls} c on c.id = e.call_id
    where ${which} and ${chosen}
      and not exists (select 1 from ${deliveries} x where x.event_id = e.id and x.destination_id = d.id)
    order by e.seq`);
}

/** Makes the deliveries of every event not yet fanned out, oldest first. Returns how many events it fanned out. */
export async function fanOut(db: Db, now: number): Promise<number> {
  let done = 0;
  for (;;) {
    const pending = await db
      .select({ seq: outboxEvents.seq })
      .from(outboxEvents)
      .where(isNull(outboxEvents.fannedOutAt))
      .orderBy(asc(outboxEvents.seq))
      .limit(BATCH);
    if (pending.length === 0) return done;
    const seqs = pending.map((p) => p.seq);
    await db.batch([
      deliveriesOf(db, sql`e.seq in ${seqs} and e.fanned_out_at is null`),
      db.update(outboxEvents).set({ fannedOutAt: now }).where(inArray(outboxEvents.seq, seqs)),
    ]);
    done += seqs.length;
    if (seqs.length < BATCH) return done;
  }
}
