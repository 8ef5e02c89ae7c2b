import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { callerNumber } from '../domain/caller-id';
import { fraudSignalNames } from '../domain/fraud-signals';
import { toE164 } from '../domain/phone';
import { calls, callStatuses, pageViews } from '../db/schema';
import type { Db } from '../db/client';
import { callScope, requireRole } from '../http/auth';
import { jsonBody, queryParams } from '../http/body';
import type { AppEnv, Auth, Role } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { currencyCode, httpUrl } from '../http/schemas';
import { convertCall } from '../services/convert-call';
import { deliverAfter } from '../http/deliver-after';
import { flowLog } from '../services/call-flow-log';
import { callDeliveries } from '../services/events/call-deliveries';
import { recordCall } from '../services/record-call';
import { callOutcomeParams, callOutcomeWhere, hasSignal } from '../services/reports/call-filters';
import { callColumn } from '../services/reports/dimensions';
import { dimensionFilters, publisherCodes } from '../services/reports/filters';
import { filterParams, rangeParams } from '../services/reports/query';
import { filtersOn } from '../services/reports/scope';
import { givenBounds } from '../services/reports/window';
import { callJson } from '../http/call-json';

const phone = z.string().min(3).max(32);

const callBody = z.object({
  id: z.string().min(1).max(128),
  to: phone,
  from: phone.nullish(),
  started_at: z.iso.datetime({ offset: true }),
  duration_s: z.number().int().min(0).max(86_400).nullish(),
  status: z.enum(['completed', 'no-answer', 'busy', 'failed', 'canceled']),
  recording_url: httpUrl(2048).nullish(),
  caller_city: z.string().max(128).nullish(),
  caller_state: z.string().max(64).nullish(),
  caller_zip: z.string().max(16).nullish(),
  caller_country: z.string().max(8).nullish(),
});

// The same range and dimension filters as reports (dates in the report's zone, an empty
// value for "no value"), so a report row and the calls behind it always agree.
const listQuery = z.strictObject({
  ...rangeParams,
  ...filterParams,
  ...callOutcomeParams,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});

const conversionBody = z.strictObject({
  value_cents: z.number().int().min(0).max(100_000_000_000),
  currency: currencyCode.optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

const fraudGroups = ['source', 'publisher'] as const;
const fraudQuery = z.strictObject({
  group_by: z
    .string()
    .default('source,publisher')
    .transform((v) => v.split(',').map((g) => g.trim()))
    .pipe(z.array(z.enum(fraudGroups)).min(1)),
  ...rangeParams,
});

/** Calls in the key's scope, started within the bounds the request gave, on its site. */
async function callsInRange(db: Db, auth: Auth, q: { from?: string; to?: string; site?: string }): Promise<SQL[]> {
  const { from, to, siteId } = await givenBounds(db, auth.accountId, q);
  return [
    callScope(auth),
    from === undefined ? undefined : gte(calls.startedAt, from),
    to === undefined ? undefined : lt(calls.startedAt, to),
    siteId ? eq(calls.siteId, siteId) : undefined,
  ].filter((c): c is SQL => c !== undefined);
}


// Cursor: "startedAt.id" of the last call on the previous page (newest first).
const encodeCursor = (c: { startedAt: number; id: string }) => `${c.startedAt}.${c.id}`;
function decodeCursor(raw: string): { startedAt: number; id: string } {
  const [t, ...rest] = raw.split('.');
  const startedAt = Number(t);
  if (!Number.isSafeInteger(startedAt) || rest.length === 0) throw new ApiError('invalid_request', 'cursor: not a cursor this API gave out');
  return { startedAt, id: rest.join('.') };
}

export const callRoutes = new Hono<AppEnv>();

callRoutes.post('/', requireRole('admin'), deliverAfter, async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, callBody);
  const to = toE164(body.to);
  if (!to) throw new ApiError('invalid_request', 'to: not a phone number');
  const from = callerNumber(body.from);
  const { call, created } = await recordCall(
    db,
    {
      accountId,
      provider: 'api',
      providerId: body.id,
      to,
      from,
      startedAt: Date.parse(body.started_at),
      durationS: body.duration_s ?? null,
      status: body.status,
      recordingUrl: body.recording_url,
      callerCity: body.caller_city,
      callerState: body.caller_state,
      callerZip: body.caller_zip,
      callerCountry: body.caller_country,
    },
    now(),
  );
  return c.json(callJson(call, 'admin', await publisherCodes(db, accountId)), created ? 201 : 200);
});

callRoutes.get('/', async (c) => {
  const { db } = c.get('deps');
  const auth = c.get('auth');
  const q = queryParams(c, listQuery);
  const codes = await publisherCodes(db, auth.accountId);
  const where: (SQL | undefined)[] = [...(await callsInRange(db, auth, q)), ...filtersOn(callColumn, await dimensionFilters(db, auth, q))];
  where.push(...callOutcomeWhere(q));
  if (q.cursor) {
    const cur = decodeCursor(q.cursor);
    where.push(or(lt(calls.startedAt, cur.startedAt), and(eq(calls.startedAt, cur.startedAt), lt(calls.id, cur.id))));
  }
  const rows = await db
    .select()
    .from(calls)
    .where(and(...where))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return c.json({
    calls: page.map((r) => callJson(r, auth.role, codes)),
    next_cursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  });
});

// Fraud signals counted per source and publisher: where the junk calls come from.
callRoutes.get('/fraud', async (c) => {
  const { db } = c.get('deps');
  const auth = c.get('auth');
  const q = queryParams(c, fraudQuery);
  const columns = { source: calls.source, publisher: calls.publisherId };
  const groups = [...new Set(q.group_by)].map((g) => columns[g]);
  const where = await callsInRange(db, auth, q);
  const count = (cond: SQL) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  const rows = await db
    .select({
      source: calls.source,
      publisher: calls.publisherId,
      calls: sql<number>`count(*)`,
      flagged: count(sql`${calls.fraudSignals} <> '[]'`),
      signals: Object.fromEntries(fraudSignalNames.map((name) => [name, count(hasSignal(name))])),
    })
    .from(calls)
    .where(and(...where))
    .groupBy(...groups)
    .orderBy(desc(sql`count(*)`));
  const codes = await publisherCodes(db, auth.accountId);
  return c.json({
    rows: rows.map((r) => ({
      ...(q.group_by.includes('source') ? { source: r.source } : {}),
      ...(q.group_by.includes('publisher') ? { publisher: codes(r.publisher) } : {}),
      calls: Number(r.calls),
      flagged_calls: Number(r.flagged),
      signals: Object.fromEntries(fraudSignalNames.map((name) => [name, Number(r.signals[name] ?? 0)])),
    })),
  });
});

callRoutes.post('/:id/conversion', requireRole('admin'), deliverAfter, async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, conversionBody);
  const [existing] = await db.select().from(calls).where(and(eq(calls.accountId, accountId), eq(calls.id, c.req.param('id')))).limit(1);
  if (!existing) throw notFound('Call');
  // One conversion per call: a second request replaces the first (a corrected value).
  const call = await convertCall(db, existing, { valueCents: body.value_cents, currency: body.currency, at: body.at ? Date.parse(body.at) : now() }, now());
  return c.json(callJson(call, 'admin', await publisherCodes(db, accountId)));
});

/** One page of a call's journey; a page title can name the visitor ("Quote for Alice Smith"), so publishers see none. */
const journeyStep = (p: typeof pageViews.$inferSelect, role: Role) => ({
  url: p.url,
  title: role === 'publisher' ? null : p.title,
  at: new Date(p.at).toISOString(),
});

callRoutes.get('/:id', async (c) => {
  const { db } = c.get('deps');
  const auth = c.get('auth');
  const [call] = await db.select().from(calls).where(and(callScope(auth), eq(calls.id, c.req.param('id')))).limit(1);
  if (!call) throw notFound('Call');
  // The journey is the network's traffic, not a buyer's.
  const journey = call.sessionId && auth.role !== 'buyer'
    ? await db.select().from(pageViews).where(eq(pageViews.sessionId, call.sessionId)).orderBy(pageViews.at)
    : [];
  return c.json({
    ...callJson(call, auth.role, await publisherCodes(db, auth.accountId)),
    // The journey that led to the call: pages seen before it rang.
    journey: journey.filter((p) => p.at <= call.startedAt).map((p) => journeyStep(p, auth.role)),
    // Buyers and targets are the network's business, not a publisher's; the targets a call
    // was offered to before (other buyers') are not a buyer's.
    flow: auth.role === 'publisher' || auth.role === 'buyer' ? null : await flowLog(db, call),
    // Which destinations (webhooks, ad platforms) heard of the call, and what they answered:
    // the network's own integrations, neither a publisher's nor a buyer's business.
    deliveries: auth.role === 'publisher' || auth.role === 'buyer' ? null : await callDeliveries(db, call.id),
  });
});

