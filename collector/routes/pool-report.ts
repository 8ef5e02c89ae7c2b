import { Hono } from 'hono';
import * as z from 'zod';
import { requireRole } from '../http/auth';
import { queryParams } from '../http/body';
import type { AppEnv } from '../http/context';
import { poolReport } from '../services/pool-report';
import { siteOrNotFound } from '../services/sites';

const poolReportQuery = z.strictObject({
  site: z.string().min(1).max(64).optional(),
  // How far back the recommended size looks for the busiest hour.
  days: z.coerce.number().int().min(1).max(90).default(7),
});

export const poolReportRoutes = new Hono<AppEnv>();

// Pools are the advertiser's own plumbing: publishers see their calls, not the numbers behind them.
poolReportRoutes.get('/pools', requireRole('admin', 'viewer'), async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const q = queryParams(c, poolReportQuery);
  const site = q.site ? await siteOrNotFound(db, accountId, q.site) : undefined;
  return c.json({ pools: await poolReport(db, { accountId, siteId: site?.id, days: q.days, now: now() }) });
});
