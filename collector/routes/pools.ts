import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import type { Db } from '../db/client';
import { pools } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody, queryParams } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { archivedParam, e164, forceParam } from '../http/schemas';
import { activeNumbers, addNumbers, archivePool, createPool, removeNumber, updatePool, type PoolChanges, type PoolRow } from '../services/pools';
import { assertSiteActive, findSite } from '../services/sites';

const matchValue = z.string().min(1).max(200).nullish();
const match = z.strictObject({ source: matchValue, medium: matchValue, campaign: matchValue, publisher: matchValue });

// The settings a pool is created with and may change later (its site, business number and kind stay).
const settings = {
  name: z.string().min(1).max(200),
  priority: z.number().int().min(-1000).max(1000),
  lease_minutes: z.number().int().min(1).max(24 * 60),
  rest_minutes: z.number().int().min(0).max(24 * 60),
  match_window_minutes: z.number().int().min(0).max(7 * 24 * 60),
  forward_to: e164,
  overflow_number: e164.nullish(),
  record: z.boolean(),
};

const poolBody = z
  .object({
    ...settings,
    site: z.string().min(1),
    replace: e164,
    kind: z.enum(['session', 'source']).default('session'),
    match: match.default({}),
    priority: settings.priority.default(0),
    lease_minutes: settings.lease_minutes.default(30),
    rest_minutes: settings.rest_minutes.default(15),
    match_window_minutes: settings.match_window_minutes.default(60),
    record: settings.record.default(false),
    numbers: z.array(e164).max(1000).default([]),
  })
  .refine((p) => p.kind === 'session' || p.numbers.length <= 1, { message: 'a source-level pool has one static number', path: ['numbers'] });

// Every field optional; `match` replaces only the keys it names (null clears one).
const poolPatch = z.strictObject({ ...settings, match: match.partial() }).partial();

const numbersBody = z.object({ numbers: z.array(e164).min(1).max(1000) });
const listQuery = z.strictObject({ site: z.string().min(1).max(64).optional(), archived: archivedParam });
const removeQuery = z.strictObject({ force: forceParam });

/** Match values are compared lower case, except campaigns, which are kept as given. */
function matchColumns(m: Partial<Record<'source' | 'medium' | 'campaign' | 'publisher', string | null | undefined>>): PoolChanges {
  const lower = (v: string | null | undefined) => (v === undefined ? undefined : (v?.toLowerCase() ?? null));
  const cols: PoolChanges = {
    matchSource: lower(m.source),
    matchMedium: lower(m.medium),
    matchCampaign: m.campaign === undefined ? undefined : (m.campaign ?? null),
    matchPublisher: lower(m.publisher),
  };
  return Object.fromEntries(Object.entries(cols).filter(([, v]) => v !== undefined));
}

async function poolJson(db: Db, p: PoolRow) {
  const numbers = await activeNumbers(db, p.id);
  return {
    id: p.id,
    site: p.siteId,
    name: p.name,
    replace: p.replaceNumber,
    kind: p.kind,
    match: { source: p.matchSource, medium: p.matchMedium, campaign: p.matchCampaign, publisher: p.matchPublisher },
    priority: p.priority,
    lease_minutes: p.leaseMinutes,
    rest_minutes: p.restMinutes,
    match_window_minutes: p.matchWindowMinutes,
    forward_to: p.forwardTo,
    overflow_number: p.overflowNumber,
    record: p.record,
    numbers: numbers.filter((n) => n.role === 'pool').map((n) => n.number),
    flow: p.flowId,
    archived_at: p.archivedAt === null ? null : new Date(p.archivedAt).toISOString(),
  };
}

async function poolOf(c: AppContext): Promise<PoolRow> {
  const [pool] = await c
    .get('deps')
    .db.select()
    .from(pools)
    .where(and(eq(pools.id, c.req.param('id')!), eq(pools.accountId, c.get('auth').accountId)))
    .limit(1);
  if (!pool) throw notFound('Pool');
  return pool;
}

export const poolRoutes = new Hono<AppEnv>();

poolRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, poolBody);
  const site = await findSite(db, accountId, body.site);
  if (!site) throw new ApiError('invalid_request', 'site: no such site in this account');
  assertSiteActive(site);
  const pool = await createPool(
    db,
    {
      accountId,
      siteId: site.id,
      name: body.name,
      replaceNumber: body.replace,
      kind: body.kind,
      matchSource: null,
      matchMedium: null,
      matchCampaign: null,
      matchPublisher: null,
      ...matchColumns(body.match),
      priority: body.priority,
      leaseMinutes: body.lease_minutes,
      restMinutes: body.rest_minutes,
      matchWindowMinutes: body.match_window_minutes,
      forwardTo: body.forward_to,
      overflowNumber: body.overflow_number ?? null,
      record: body.record,
    },
    body.numbers,
    now(),
  );
  return c.json(await poolJson(db, pool), 201);
});

// Pools are the advertiser's plumbing (forwarding numbers, every tracking number, rules
// naming other publishers): a publisher key reads its calls, not the numbers behind them.
poolRoutes.get('/', requireRole('admin', 'viewer'), async (c) => {
  const { db } = c.get('deps');
  const { accountId } = c.get('auth');
  const q = queryParams(c, listQuery);
  const site = q.site ? await findSite(db, accountId, q.site) : undefined;
  if (q.site && !site) throw notFound('Site');
  const rows = await db
    .select()
    .from(pools)
    .where(and(eq(pools.accountId, accountId), site ? eq(pools.siteId, site.id) : undefined, q.archived ? undefined : isNull(pools.archivedAt)))
    .orderBy(pools.createdAt);
  return c.json({ pools: await Promise.all(rows.map((p) => poolJson(db, p))) });
});

poolRoutes.get('/:id', requireRole('admin', 'viewer'), async (c) => c.json(await poolJson(c.get('deps').db, await poolOf(c))));

poolRoutes.patch('/:id', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const pool = await poolOf(c);
  const body = await jsonBody(c, poolPatch);
  const changes: PoolChanges = {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.match ? matchColumns(body.match) : {}),
    ...(body.priority !== undefined ? { priority: body.priority } : {}),
    ...(body.lease_minutes !== undefined ? { leaseMinutes: body.lease_minutes } : {}),
    ...(body.rest_minutes !== undefined ? { restMinutes: body.rest_minutes } : {}),
    ...(body.match_window_minutes !== undefined ? { matchWindowMinutes: body.match_window_minutes } : {}),
    ...(body.forward_to !== undefined ? { forwardTo: body.forward_to } : {}),
    ...(body.overflow_number !== undefined ? { overflowNumber: body.overflow_number } : {}),
    ...(body.record !== undefined ? { record: body.record } : {}),
  };
  return c.json(await poolJson(db, await updatePool(db, pool, changes, now())));
});

// Archives: the pool is never leased again; its numbers, history, calls and reports stay.
poolRoutes.delete('/:id', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  return c.json(await poolJson(db, await archivePool(db, await poolOf(c), now())));
});

poolRoutes.post('/:id/numbers', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const pool = await poolOf(c);
  const body = await jsonBody(c, numbersBody);
  await addNumbers(db, pool, body.numbers, now());
  return c.json(await poolJson(db, pool));
});

poolRoutes.delete('/:id/numbers/:number', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const pool = await poolOf(c);
  const { force } = queryParams(c, removeQuery);
  const number = e164.safeParse(c.req.param('number'));
  if (!number.success) throw new ApiError('invalid_request', `number: not a phone number: ${c.req.param('number')}`);
  await removeNumber(db, pool, number.data, force, now());
  return c.json(await poolJson(db, pool));
});
