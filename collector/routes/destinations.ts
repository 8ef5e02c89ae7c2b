// Webhook endpoints and publisher postbacks: the same resource (a destination for
// events) mounted twice, at /v1/webhooks and /v1/postbacks. Admin keys only: a URL may
// carry a receiver's token, and a webhook's secret is shown once, when it is made.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import type { Db } from '../db/client';
import { forgetConfig } from '../db/config-cache';
import { deliveries, deliveryAttempts, destinations, eventTypes, outboxEvents, publishers, type DestinationKind, type EventType } from '../db/schema';
import { destinationUrlProblem } from '../domain/events/destination-url';
import { fillPostbackUrl, unknownMacros } from '../domain/events/postback-url';
import { requireRole } from '../http/auth';
import { jsonBody, queryParams } from '../http/body';
import type { AppEnv } from '../http/context';
import { deliverAfter } from '../http/deliver-after';
import { ApiError, notFound } from '../http/errors';
import { newId } from '../ids';
import { writeTestEvent } from '../services/events/outbox';

type DestinationRow = typeof destinations.$inferSelect;
type DeliveryRow = typeof deliveries.$inferSelect;

type CallEventType = Exclude<EventType, 'test'>;
const callEventTypes = eventTypes.filter((t): t is CallEventType => t !== 'test');
/** Event types a destination subscribes to, among `types`; duplicates dropped. */
export const eventsField = <T extends CallEventType>(types: readonly [T, ...T[]]) =>
  z.array(z.enum(types)).min(1).max(types.length).transform((e) => [...new Set(e)]);
const events = eventsField(callEventTypes as [CallEventType, ...CallEventType[]]);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// A template checked as the URL it becomes with every macro filled (empty values).
const sampleFacts = { event: 'call.qualified', callId: 'call_x', status: null, qualified: null, payoutCents: null, currency: null, durationS: null, callerState: null, clickIds: {}, tags: {} };
const urlField = (kind: DestinationKind) =>
  z
    .string()
    .min(1)
    .max(2048)
    .superRefine((url, ctx) => {
      const unknown = kind === 'postback' ? unknownMacros(url) : [];
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown macro {${unknown[0]}}` });
      const problem = destinationUrlProblem(kind === 'postback' ? fillPostbackUrl(url, sampleFacts) : url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const createBody = (kind: DestinationKind) =>
  z.strictObject({
    url: urlField(kind),
    events,
    description: z.string().max(200).nullish(),
    ...(kind === 'postback' ? { publisher: z.string().min(1).max(64).nullish() } : {}),
  });
const patchBody = (kind: DestinationKind) =>
  z.strictObject({ url: urlField(kind).optional(), events: events.optional(), description: z.string().max(200).nullable().optional() });
const logQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

function destinationJson(d: DestinationRow) {
  return {
    id: d.id,
    kind: d.kind,
    url: d.url,
    events: d.events,
    description: d.description,
    ...(d.kind === 'postback' ? { publisher: d.publisherId } : {}),
    created_at: iso(d.createdAt),
  };
}

export function deliveryJson(d: DeliveryRow & { type: string }, attempts: (typeof deliveryAttempts.$inferSelect)[]) {
  return {
    id: d.id,
    event: d.eventId,
    type: d.type,
    call: d.callId,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    last_status_code: d.lastStatusCode,
    last_latency_ms: d.lastLatencyMs,
    last_response: d.lastResponse,
    last_error: d.lastError,
    created_at: iso(d.createdAt),
    log: attempts.map((a) => ({ attempt: a.attempt, at: iso(a.at), status_code: a.statusCode, latency_ms: a.latencyMs, response: a.response, error: a.error })),
  };
}

/** A fresh signing secret: 32 random bytes, hex, with a prefix that says what it is. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function publisherOf(db: Db, accountId: string, id: string): Promise<string> {
  const [p] = await db.select({ id: publishers.id }).from(publishers).where(and(eq(publishers.accountId, accountId), eq(publishers.id, id))).limit(1);
  if (!p) throw new ApiError('invalid_request', 'publisher: no such publisher in this account');
  return p.id;
}

/** A live destination of the account, of one of `kinds`; 404 `what` otherwise. */
export async function findDestination(db: Db, accountId: string, id: string, kinds: readonly DestinationKind[], what: string): Promise<DestinationRow> {
  const [row] = await db
    .select()
    .from(destinations)
    .where(and(eq(destinations.id, id), eq(destinations.accountId, accountId), inArray(destinations.kind, [...kinds]), isNull(destinations.archivedAt)))
    .limit(1);
  if (!row) throw notFound(what);
  return row;
}

/** What every destination resource answers alike: archive, the delivery log, "send again". */
export function deliveryLogRoutes(routes: Hono<AppEnv>, find: (db: Db, accountId: string, id: string) => Promise<DestinationRow>) {
  // Archived, not deleted: its delivery log stays, and its pending deliveries are given up.
  routes.delete('/:id', async (c) => {
    const { db, now } = c.get('deps');
    const existing = await find(db, c.get('auth').accountId, c.req.param('id'));
    await db.batch([
      db.update(destinations).set({ archivedAt: now() }).where(eq(destinations.id, existing.id)),
      db
        .update(deliveries)
        .set({ status: 'failed', lastError: 'the destination was archived', updatedAt: now() })
        .where(and(eq(deliveries.destinationId, existing.id), eq(deliveries.status, 'pending'))),
    ]);
    forgetConfig(db);
    return c.body(null, 204);
  });

  routes.get('/:id/deliveries', async (c) => {
    const { db } = c.get('deps');
    const existing = await find(db, c.get('auth').accountId, c.req.param('id'));
    const q = queryParams(c, logQuery);
    const rows = await db
      .select({ delivery: deliveries, type: outboxEvents.type })
      .from(deliveries)
      .innerJoin(outboxEvents, eq(outboxEvents.id, deliveries.eventId))
      .where(eq(deliveries.destinationId, existing.id))
      .orderBy(desc(deliveries.createdAt), desc(deliveries.eventSeq))
      .limit(q.limit);
    const attempts = rows.length
      ? await db
          .select()
          .from(deliveryAttempts)
          .where(inArray(deliveryAttempts.deliveryId, rows.map((r) => r.delivery.id)))
          .orderBy(deliveryAttempts.attempt)
      : [];
    return c.json({ deliveries: rows.map((r) => deliveryJson({ ...r.delivery, type: r.type }, attempts.filter((a) => a.deliveryId === r.delivery.id))) });
  });

  // "Send again": the same event (same id, so a receiver that has it can tell), due now.
  routes.post('/:id/deliveries/:delivery/retry', deliverAfter, async (c) => {
    const { db, now } = c.get('deps');
    const existing = await find(db, c.get('auth').accountId, c.req.param('id'));
    const [row] = await db
      .update(deliveries)
      .set({ status: 'pending', nextAttemptAt: now(), claimedUntil: null, updatedAt: now() })
      .where(and(eq(deliveries.id, c.req.param('delivery')), eq(deliveries.destinationId, existing.id)))
      .returning();
    if (!row) throw notFound('Delivery');
    return c.json({ id: row.id, status: row.status }, 202);
  });
}

export function destinationRoutes(kind: 'webhook' | 'postback') {
  const routes = new Hono<AppEnv>();
  routes.use(requireRole('admin'));
  const what = kind === 'webhook' ? 'Webhook endpoint' : 'Postback';
  const find = (db: Db, accountId: string, id: string) => findDestination(db, accountId, id, [kind], what);

  routes.post('/', async (c) => {
    const { db, now } = c.get('deps');
    const { accountId } = c.get('auth');
    const body = await jsonBody(c, createBody(kind));
    const publisher = 'publisher' in body && typeof body.publisher === 'string' ? await publisherOf(db, accountId, body.publisher) : null;
    const secret = kind === 'webhook' ? newSecret() : null;
    const [row] = await db
      .insert(destinations)
      .values({ id: newId(kind === 'webhook' ? 'wh' : 'pb'), accountId, kind, url: body.url, events: body.events, secret, publisherId: publisher, description: body.description ?? null, createdAt: now() })
      .returning();
    forgetConfig(db);
    // The secret is shown this once; only its holder can verify signatures from then on.
    return c.json({ ...destinationJson(row!), ...(secret ? { secret } : {}) }, 201);
  });

  routes.get('/', async (c) => {
    const { db } = c.get('deps');
    const rows = await db
      .select()
      .from(destinations)
      .where(and(eq(destinations.accountId, c.get('auth').accountId), eq(destinations.kind, kind), isNull(destinations.archivedAt)))
      .orderBy(destinations.createdAt);
    return c.json({ [kind === 'webhook' ? 'webhooks' : 'postbacks']: rows.map(destinationJson) });
  });

  routes.patch('/:id', async (c) => {
    const { db } = c.get('deps');
    const existing = await find(db, c.get('auth').accountId, c.req.param('id'));
    const body = await jsonBody(c, patchBody(kind));
    const changes = {
      ...(body.url !== undefined ? { url: body.url } : {}),
      ...(body.events !== undefined ? { events: body.events } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
    };
    if (Object.keys(changes).length === 0) return c.json(destinationJson(existing));
    const [row] = await db.update(destinations).set(changes).where(eq(destinations.id, existing.id)).returning();
    forgetConfig(db);
    return c.json(destinationJson(row!));
  });

  deliveryLogRoutes(routes, find);

  routes.post('/:id/test', deliverAfter, async (c) => {
    const { db, now } = c.get('deps');
    const { accountId } = c.get('auth');
    const existing = await find(db, accountId, c.req.param('id'));
    const event = await writeTestEvent(db, accountId, existing.id, now());
    const [delivery] = await db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.eventId, event)).limit(1);
    return c.json({ event, delivery: delivery?.id ?? null }, 202);
  });

  return routes;
}
