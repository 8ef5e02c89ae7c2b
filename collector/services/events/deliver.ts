// Sends due deliveries (fan-out.ts makes them): at least once, in order per call and destination, each attempt
// claimed atomically so two runners (the in-process kick and the scheduled job, or two
// Workers) never send the same attempt. A runner that dies mid-send leaves its claim to
// expire, and the delivery is sent again: receivers dedupe on the event id.
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deliveries, deliveryAttempts, destinations, outboxEvents, sessions } from '../../db/schema';
import { nextAttempt } from '../../domain/events/backoff';
import { fillPostbackUrl, type PostbackFacts } from '../../domain/events/postback-url';
import { newId } from '../../ids';
import { isAdPlatform } from '../../domain/events/ad-platforms';
import { sendToAdPlatform } from './ad-delivery';
import { fanOut } from './fan-out';
import { send, type Outcome } from './send';
import { signatureHeader } from './signature';

// Longer than a send can take, so a live runner's claim never expires under it.
const CLAIM_MS = 60_000;
const BATCH = 20;

type EventRow = typeof outboxEvents.$inferSelect;
type DestinationRow = typeof destinations.$inferSelect;

export type DeliveryRun = { sent: number; retrying: number; failed: number; refused: number };

/** Pending deliveries due now whose earlier events (same call, same destination) are all settled. */
async function dueDeliveries(db: Db, now: number, limit: number) {
  const earlier = sql`exists (select 1 from ${deliveries} p where p.destination_id = ${deliveries.destinationId}
    and p.call_id = ${deliveries.callId} and p.status = 'pending' and p.event_seq < ${deliveries.eventSeq})`;
  return db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'pending'),
        lte(deliveries.nextAttemptAt, now),
        or(isNull(deliveries.claimedUntil), lt(deliveries.claimedUntil, now)),
        or(isNull(deliveries.callId), sql`not ${earlier}`),
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.eventSeq))
    .limit(limit);
}

/** Takes one attempt of each delivery for this runner, in one statement; those another runner has are left out. */
function claim(db: Db, ids: string[], now: number) {
  return db
    .update(deliveries)
    .set({ claimedUntil: now + CLAIM_MS, attempts: sql`${deliveries.attempts} + 1` })
    .where(and(inArray(deliveries.id, ids), eq(deliveries.status, 'pending'), or(isNull(deliveries.claimedUntil), lt(deliveries.claimedUntil, now))))
    .returning();
}

/** What a postback's macros are filled from: the event's call, and its session's sub ids. */
async function postbackFacts(db: Db, event: EventRow): Promise<PostbackFacts> {
  const call = (event.payload.call ?? null) as null | {
    id: string;
    status: string;
    qualified: boolean | null;
    payout_cents: number;
    currency: string;
    duration_s: number | null;
    caller_state: string | null;
    attribution: { session: string | null; gclid: string | null; fbclid: string | null; msclkid: string | null };
  };
  const sessionId = call?.attribution.session;
  const [session] = sessionId ? await db.select({ tags: sessions.tags }).from(sessions).where(eq(sessions.id, sessionId)).limit(1) : [];
  return {
    event: event.type,
    callId: call?.id ?? null,
    status: call?.status ?? null,
    qualified: call?.qualified ?? null,
    payoutCents: call?.payout_cents ?? null,
    currency: call?.currency ?? null,
    durationS: call?.duration_s ?? null,
    callerState: call?.caller_state ?? null,
    clickIds: call?.attribution ?? {},
    tags: session?.tags ?? {},
  };
}

/** The body a webhook receives. */
export const webhookBody = (event: EventRow) =>
  JSON.stringify({ id: event.id, type: event.type, created_at: new Date(event.createdAt).toISOString(), data: event.payload });

async function request(db: Db, event: EventRow, destination: DestinationRow, now: number): Promise<Request> {
  if (destination.kind === 'postback') {
    return new Request(fillPostbackUrl(destination.url, await postbackFacts(db, event)), { method: 'GET', headers: { 'user-agent': 'open-dni-postback/1' } });
  }
  const body = webhookBody(event);
  return new Request(destination.url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'open-dni-webhook/1',
      'dni-event-id': event.id,
      'dni-event-type': event.type,
      'dni-signature': await signatureHeader(destination.secret ?? '', Math.floor(now / 1000), body),
    },
  });
}

type DeliveryRow = typeof deliveries.$inferSelect;

/** One claimed attempt, sent: the statements that store its outcome and its log line. */
async function attempt(db: Db, claimed: DeliveryRow, now: () => number) {
  const [row] = await db
    .select({ event: outboxEvents, destination: destinations })
    .from(outboxEvents)
    .innerJoin(destinations, eq(destinations.id, claimed.destinationId))
    .where(eq(outboxEvents.id, claimed.eventId))
    .limit(1);
  let outcome: Outcome;
  if (!row || row.destination.archivedAt !== null) {
    outcome = { ok: false, statusCode: null, latencyMs: 0, response: null, error: 'the destination was archived' };
  } else {
    try {
      outcome = isAdPlatform(row.destination.kind)
        ? await sendToAdPlatform(db, row.event, row.destination, now())
        : await send(await request(db, row.event, row.destination, now()));
    } catch (err) {
      // A URL the template made unusable, for instance: the receiver's setup, not ours.
      outcome = { ok: false, statusCode: null, latencyMs: 0, response: null, error: err instanceof Error ? err.message : String(err) };
    }
  }
  const at = now();
  const next =
    outcome.ok || outcome.refused
      ? null
      : row && row.destination.archivedAt === null
        ? nextAttempt(claimed.attempts, row.event.createdAt, at, Math.random())
        : ({ status: 'failed' } as const);
  const status = outcome.refused ? 'refused' : outcome.ok ? 'sent' : next!.status;
  const writes = [
    db
      .update(deliveries)
      .set({
        status,
        claimedUntil: null,
        nextAttemptAt: next?.status === 'pending' ? next.at : claimed.nextAttemptAt,
        lastStatusCode: outcome.statusCode,
        lastLatencyMs: outcome.latencyMs,
        lastResponse: outcome.response,
        lastError: outcome.refused ?? outcome.error,
        updatedAt: at,
      })
      .where(eq(deliveries.id, claimed.id)),
    db.insert(deliveryAttempts).values({
      id: newId('att'),
      deliveryId: claimed.id,
      destinationId: claimed.destinationId,
      attempt: claimed.attempts,
      at,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      response: outcome.response,
      error: outcome.refused ?? outcome.error,
    }),
  ] as const;
  const result: keyof DeliveryRun = status === 'pending' ? 'retrying' : status;
  return { result, writes };
}

/**
 * Fans out the events written since the last run, then sends what is due, `BATCH`
 * deliveries at a time in parallel (never two of one call and destination: the later one
 * waits for the earlier), until nothing is due or `limit` attempts were made.
 */
export async function deliverDue(db: Db, now: () => number, limit = 1000): Promise<DeliveryRun> {
  await fanOut(db, now());
  const run: DeliveryRun = { sent: 0, retrying: 0, failed: 0, refused: 0 };
  let tried = 0;
  while (tried < limit) {
    const due = await dueDeliveries(db, now(), Math.min(BATCH, limit - tried));
    if (due.length === 0) break;
    const claimed = await claim(db, due.map((d) => d.id), now());
    // Everything due was taken by another runner: it will send them.
    if (claimed.length === 0) break;
    const outcomes = await Promise.all(claimed.map((d) => attempt(db, d, now)));
    // One transaction for the whole round's outcomes: one sync to disk, not one per delivery.
    const writes = outcomes.flatMap((o) => o.writes);
    await db.batch(writes as unknown as [(typeof writes)[number], ...(typeof writes)[number][]]);
    for (const o of outcomes) run[o.result]++;
    tried += claimed.length;
  }
  return run;
}
