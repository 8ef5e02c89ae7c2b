// Where a call's events went, for its detail page: one line per delivery (destination
// and event), with the destination's answer in words: why a conversion was refused, why
// a delivery is being retried or gave up.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deliveries, destinations, outboxEvents } from '../../db/schema';

const iso = (ms: number) => new Date(ms).toISOString();

export async function callDeliveries(db: Db, callId: string) {
  const rows = await db
    .select({ delivery: deliveries, kind: destinations.kind, type: outboxEvents.type })
    .from(deliveries)
    .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
    .innerJoin(outboxEvents, eq(outboxEvents.id, deliveries.eventId))
    .where(eq(deliveries.callId, callId))
    .orderBy(asc(deliveries.eventSeq), asc(deliveries.destinationId));
  return rows.map(({ delivery: d, kind, type }) => ({
    id: d.id,
    destination: d.destinationId,
    kind,
    event: type,
    status: d.status,
    detail: d.status === 'sent' ? null : (d.lastError ?? (d.lastStatusCode === null ? null : `HTTP ${d.lastStatusCode}`)),
    attempts: d.attempts,
    last_attempt_at: d.attempts === 0 ? null : iso(d.updatedAt),
  }));
}
