import { and } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { startsLikeFormula } from '../domain/csv';
import { queryParams } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { callOutcomeParams, callOutcomeWhere } from '../services/reports/call-filters';
import { callPages } from '../services/reports/call-pages';
import { dimensionFilters, publisherCodes } from '../services/reports/filters';
import { callsCsvHeader, callsCsvRecord, sitesOfAccount } from '../services/reports/calls-csv';
import { csvStream, type CsvRecord } from '../services/reports/csv-stream';
import { googleAdsHeader, googleAdsPreamble, googleAdsRecord, googleAdsWhere } from '../services/reports/google-ads';
import { filterParams, rangeParams } from '../services/reports/query';
import { callsWhere } from '../services/reports/scope';
import { reportWindow } from '../services/reports/window';

// The call log's filters, so the file holds the calls on screen.
// `order=desc`: newest first, as the dashboard's call log.
const callsQuery = z.strictObject({ ...rangeParams, ...filterParams, ...callOutcomeParams, order: z.enum(['asc', 'desc']).default('asc') });
// Written into the file as is: the name must match the conversion action in Google Ads,
// so a name the formula guard would have to change is refused instead.
const conversionName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !startsLikeFormula(name), 'must not start with =, +, - or @ (a spreadsheet would read a formula)');
const googleAdsQuery = z.strictObject({ ...rangeParams, conversion_name: conversionName });

async function* mapPages<T>(pages: AsyncIterable<T[]>, toRecord: (row: T) => CsvRecord): AsyncGenerator<CsvRecord[]> {
  for await (const page of pages) yield page.map(toRecord);
}

function csvResponse(c: AppContext, filename: string, body: ReadableStream<Uint8Array>) {
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
  });
}

export const exportRoutes = new Hono<AppEnv>();

exportRoutes.get('/calls.csv', async (c) => {
  const { db, now } = c.get('deps');
  const auth = c.get('auth');
  const q = queryParams(c, callsQuery);
  const window = await reportWindow(db, auth.accountId, q, now());
  const codes = await publisherCodes(db, auth.accountId);
  const filters = await dimensionFilters(db, auth, q);
  const siteOf = await sitesOfAccount(db, auth.accountId);
  const pages = callPages(db, and(callsWhere({ auth, ...window, filters }), ...callOutcomeWhere(q))!, q.order);
  return csvResponse(c, 'calls.csv', csvStream(callsCsvHeader, mapPages(pages, (row) => callsCsvRecord(row, auth.role, codes, siteOf)), { byteOrderMark: true }));
});

exportRoutes.get('/google-ads.csv', async (c) => {
  const { db, now } = c.get('deps');
  const auth = c.get('auth');
  const q = queryParams(c, googleAdsQuery);
  const window = await reportWindow(db, auth.accountId, q, now());
  const pages = callPages(db, googleAdsWhere(callsWhere({ auth, ...window }), now()));
  const body = csvStream(googleAdsHeader, mapPages(pages, (row) => googleAdsRecord(row, q.conversion_name, auth.role)), { preamble: googleAdsPreamble });
  return csvResponse(c, 'google-ads.csv', body);
});
