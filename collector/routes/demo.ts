import { and, count, desc, eq, isNotNull } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { DEMO_BUSINESS_NUMBER, DEMO_SITE_KEY } from '../bootstrap';
import { demoCaller } from '../domain/demo-caller';
import { formatNational } from '../domain/phone';
import { calls, pools, sites, trackingNumbers } from '../db/schema';
import type { Db } from '../db/client';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { e164 } from '../http/schemas';
import { newId } from '../ids';
import { demoPage } from '../pages/demo-page';
import { recordCall } from '../services/record-call';
import { callJson } from '../http/call-json';
import { publisherCodes } from '../services/reports/filters';

const callBody = z.object({ number: e164.optional() });

async function demoSite(db: Db) {
  const [site] = await db.select().from(sites).where(eq(sites.publicKey, DEMO_SITE_KEY)).limit(1);
  if (!site) throw new ApiError('not_found', 'The demo is not installed on this server (start it with DNI_DEMO=1 on a new database)');
  if (site.archivedAt !== null) throw new ApiError('not_found', 'The demo site is archived: the demo is over on this server');
  return site;
}

/** The demo number a simulated call rings: the one asked for, else the one leased most recently. */
async function demoNumber(db: Db, siteId: string, asked: string | undefined) {
  const [row] = await db
    .select({ number: trackingNumbers.number })
    .from(trackingNumbers)
    .innerJoin(pools, eq(pools.id, trackingNumbers.poolId))
    .where(and(eq(pools.siteId, siteId), asked ? eq(trackingNumbers.number, asked) : isNotNull(trackingNumbers.leasedUntil)))
    .orderBy(desc(trackingNumbers.leasedUntil))
    .limit(1);
  if (!row) throw new ApiError('not_found', asked ? `${asked} is not one of the demo's tracking numbers` : 'No demo number has been shown yet: open /demo first');
  return row.number;
}

export const demoRoutes = new Hono<AppEnv>();

demoRoutes.get('/demo', async (c) => {
  const { db, config } = c.get('deps');
  await demoSite(db);
  return c.html(
    demoPage({ publicUrl: config.publicUrl, siteKey: DEMO_SITE_KEY, businessNumber: DEMO_BUSINESS_NUMBER, businessNumberDisplay: formatNational(DEMO_BUSINESS_NUMBER) }),
  );
});

// A simulated carrier call, only ever to the demo site's numbers, so the whole loop
// can be tried without a carrier account.
demoRoutes.post('/demo/call', async (c) => {
  const { db, now } = c.get('deps');
  const site = await demoSite(db);
  const body = await jsonBody(c, callBody, { optional: true });
  const to = await demoNumber(db, site.id, body.number);
  const [made] = await db.select({ n: count() }).from(calls).where(eq(calls.siteId, site.id));
  const { call } = await recordCall(
    db,
    {
      accountId: site.accountId,
      provider: 'api',
      providerId: newId('demo'),
      to,
      from: demoCaller(made?.n ?? 0),
      startedAt: now(),
      durationS: 95,
      status: 'completed',
      callerCity: 'San Francisco',
      callerState: 'CA',
      callerCountry: 'US',
    },
    now(),
  );
  return c.json(callJson(call, 'admin', await publisherCodes(db, site.accountId)), 201);
});
