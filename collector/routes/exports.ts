import { Hono } from 'hono';
import * as z from 'zod';
import { queryParams } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { callPages } from '../services/reports/call-pages';
import { callsCsvHeader, callsCsvRecord } from '../services/reports/calls-csv';
import { csvStream, type CsvRecord } from '../services/reports/csv-stream';
import { googleAdsHeader, googleAdsPreamble, googleAdsRecord, googleAdsWhere } from '../services/reports/google-ads';
import { rangeParams } from '../services/reports/query';
import { callsWhere } from '../services/reports/scope';
import { reportWindow } from '../services/reports/window';
import { publisherCodes } from './calls';

const callsQuery = z.strictObject({ ...rangeParams });
const googleAdsQuery = z.strictObject({ ...rangeParams, conversion_name: z.string().trim().min(1).max(100) });

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
  const window = await reportWindow(db, auth.accountId, queryParams(c, callsQuery), now());
  const codes = await publisherCodes(db, auth.accountId);
  const pages = callPages(db, callsWhere({ auth, ...window }));
  return csvResponse(c, 'calls.csv', csvStream(callsCsvHeader, mapPages(pages, (row) => callsCsvRecord(row, auth.role, codes))));
});

exportRoutes.get('/google-ads.csv', async (c) => {
  const { db, now } = c.get('deps');
  const auth = c.get('auth');
  const q = queryParams(c, googleAdsQuery);
  const window = await reportWindow(db, auth.accountId, q, now());
  const pages = callPages(db, googleAdsWhere(callsWhere({ auth, ...window })));
  const body = csvStream(googleAdsHeader, mapPages(pages, (row) => googleAdsRecord(row, q.conversion_name, auth.role)), googleAdsPreamble);
  return csvResponse(c, 'google-ads.csv', body);
});
