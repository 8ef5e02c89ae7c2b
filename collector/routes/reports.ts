import { Hono } from 'hono';
import * as z from 'zod';
import { moneyFor } from '../domain/role-views';
import { bucketCount } from '../domain/report-time';
import { queryParams } from '../http/body';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { accountCurrency } from '../services/account-currency';
import { attributionReport } from '../services/reports/attribution';
import { dimensionFilters, publisherCodes, refuseHiddenDimensions } from '../services/reports/filters';
import { filterParams, groupByParam, rangeParams } from '../services/reports/query';
import { timeseries } from '../services/reports/timeseries';
import { reportWindow } from '../services/reports/window';

const attributionQuery = z.strictObject({
  ...rangeParams,
  ...filterParams,
  group_by: groupByParam,
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

const MAX_POINTS = 1000;

const timeseriesQuery = z.strictObject({
  ...rangeParams,
  interval: z.enum(['hour', 'day']).default('day'),
});

export const reportRoutes = new Hono<AppEnv>();

reportRoutes.get('/attribution', async (c) => {
  const { db, now } = c.get('deps');
  const auth = c.get('auth');
  const q = queryParams(c, attributionQuery);
  // A buyer may group by nothing but its buyer, so that is its default.
  const groupBy = q.group_by ?? (auth.role === 'buyer' ? ['buyer' as const] : ['source' as const]);
  refuseHiddenDimensions(auth.role, groupBy);
  const window = await reportWindow(db, auth.accountId, q, now());
  const scope = { auth, ...window, filters: await dimensionFilters(db, auth, q) };
  const report = await attributionReport(db, scope, groupBy, q.limit, await publisherCodes(db, auth.accountId), now());
  return c.json({
    group_by: groupBy,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    timezone: window.zone,
    currency: await accountCurrency(db, auth.accountId),
    rows: report.rows.map((row) => moneyFor(auth.role, row)),
    totals: moneyFor(auth.role, report.totals),
    truncated: report.truncated,
  });
});

reportRoutes.get('/timeseries', async (c) => {
  const { db, now } = c.get('deps');
  const auth = c.get('auth');
  const q = queryParams(c, timeseriesQuery);
  const window = await reportWindow(db, auth.accountId, q, now());
  if (bucketCount(q.interval, window.from, window.to) > MAX_POINTS) {
    throw new ApiError('invalid_request', `A series has at most ${MAX_POINTS} points: shorten the range or use interval=day`);
  }
  const points = await timeseries(db, { auth, ...window }, window.zone, q.interval);
  return c.json({
    interval: q.interval,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    timezone: window.zone,
    points: points.map((point) => moneyFor(auth.role, point)),
  });
});
