import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { pools } from '../db/schema';
import { forgetConfig } from '../db/config-cache';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { e164 } from '../http/schemas';
import { addNumbers, createPool, poolNumbers } from '../services/pools';
import { findSite } from '../services/sites';

const matchValue = z.string().min(1).max(200).nullish();

const poolBody = z
  .object({
    site: z.string().min(1),
    name: z.string().min(1).max(200),
    replace: e164,
    kind: z.enum(['session', 'source']).default('session'),
    match: z.object({ source: matchValue, medium: matchValue, campaign: matchValue, publisher: matchValue }).default({}),
    priority: z.number().int().min(-1000).max(1000).default(0),
    lease_minutes: z.number().int().min(1).max(24 * 60).default(30),
    rest_minutes: z.number().int().min(0).max(24 * 60).default(15),
    match_window_minutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
    forward_to: e164,
    overflow_number: e164.nullish(),
    record: z.boolean().default(false),
    numbers: z.array(e164).max(1000).default([]),
  })
  .refine((p) => p.kind === 'session' || p.numbers.length <= 1, { message: 'a source-level pool has one static number', path: ['numbers'] });

const numbersBody = z.object({ numbers: z.array(e164).min(1).max(1000) });

type PoolRow = typeof pools.$inferSelect;

async function poolJson(db: Parameters<typeof poolNumbers>[0], p: PoolRow) {
  const numbers = await poolNumbers(db, p.id);
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
  };
}

export const poolRoutes = new Hono<AppEnv>();

poolRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, poolBody);
  const site = await findSite(db, accountId, body.site);
  if (!site) throw new ApiError('invalid_request', 'site: no such site in this account');
  const pool = await createPool(
    db,
    {
      accountId,
      siteId: site.id,
      name: body.name,
      replaceNumber: body.replace,
      kind: body.kind,
      matchSource: body.match.source?.toLowerCase() ?? null,
      matchMedium: body.match.medium?.toLowerCase() ?? null,
      matchCampaign: body.match.campaign ?? null,
      matchPublisher: body.match.publisher?.toLowerCase() ?? null,
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
  forgetConfig(db);
  return c.json(await poolJson(db, pool), 201);
});

// Pools are the advertiser's plumbing (forwarding numbers, every tracking number, rules
// naming other publishers): a publisher key reads its calls, not the numbers behind them.
poolRoutes.get('/', requireRole('admin', 'viewer'), async (c) => {
  const { db } = c.get('deps');
  const site = c.req.query('site');
  const rows = await db
    .select()
    .from(pools)
    .where(and(eq(pools.accountId, c.get('auth').accountId), site ? eq(pools.siteId, site) : undefined))
    .orderBy(pools.createdAt);
  return c.json({ pools: await Promise.all(rows.map((p) => poolJson(db, p))) });
});

poolRoutes.post('/:id/numbers', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const [pool] = await db
    .select()
    .from(pools)
    .where(and(eq(pools.id, c.req.param('id')), eq(pools.accountId, c.get('auth').accountId)))
    .limit(1);
  if (!pool) throw notFound('Pool');
  const body = await jsonBody(c, numbersBody);
  if (pool.kind === 'source') throw new ApiError('invalid_request', 'a source-level pool has one static number');
  await addNumbers(db, pool, body.numbers, 'pool', now());
  return c.json(await poolJson(db, pool));
});
