import { Hono } from 'hono';
import * as z from 'zod';
import { withoutAdvertiserMoney } from '../domain/publisher-view';
import { bucketCount } from '../domain/report-time';
import { queryParams } from '../http/body';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { accountCurrency } from '../services/account-currency';
import { attributionReport } from '../services/reports/attribution';
import { dimensionFilters, publisherCodes } from '../services/reports/filters';
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
  const window = await reportWindow(db, auth.accountId, q, now());
  const scope = { auth, ...window, filters: await dimensionFilters(db, auth.accountId, q) };
  const report = await attributionReport(db, scope, q.group_by, q.limit, await publisherCodes(db, auth.accountId), now());
  const shown =
    auth.role === 'publisher'
      ? { ...report, rows: report.rows.map(withoutAdvertiserMoney), totals: withoutAdvertiserMoney(report.totals) }
      : report;
  return c.json({
    group_by: q.group_by,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    timezone: window.zone,
    currency: await accountCurrency(db, auth.accountId),
    ...shown,
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
    points,
  });
});
