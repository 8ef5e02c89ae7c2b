import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../collector/routes/api-keys';
import { accounts, sessionDayCountsMade } from '../../collector/db/schema';
import { createTestApp, type TestApp } from '../helpers/app';
import { callRow, insertRows, JUNE, publisherWithKey, sessionRow } from './reports-fixture';

// The ledger, by keyword, for June 2026 (site in New York time):
//
// keyword            sessions  calls  qualified  dup  durations       converted   payouts of qualified
// emergency plumber  4         3      2          0    120, 90, 20     50000 (1)   2500 + 2500   (the 20 s call is flagged)
// drain cleaning     2         2      1          1    200, 100        10000 (1)   4000
// (none)             3         1      0          0    (unfinished)    -           -
//
// Left out: a bot session, a session and a call in May, and the other account's rows.
// Publishers: acme has 2 plumber sessions and the converted plumber call;
// bolt has 1 drain session and the qualified drain call.

let t: TestApp;
let siteId: string;
let acme: { id: string; key: string };
let bolt: { id: string; key: string };

beforeEach(async () => {
  t = await createTestApp();
  const site = await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'], timezone: 'America/New_York' });
  siteId = site.json.id;
  acme = await publisherWithKey(t, 'acme');
  bolt = await publisherWithKey(t, 'bolt');
  const s = (o: Parameters<typeof sessionRow>[1]) => sessionRow(siteId, o);
  const c = (o: Parameters<typeof callRow>[1]) => callRow(siteId, o);
  const spring = { source: 'google', medium: 'cpc', campaign: 'spring' };
  const plumber = { ...spring, keyword: 'emergency plumber' };
  const drain = { ...spring, keyword: 'drain cleaning' };
  const direct = { source: '(direct)', medium: '(none)', device: 'mobile' };
  await insertRows(t, {
    sessions: [
      s({ at: '2026-06-02T14:00:00Z', ...plumber, publisherId: acme.id }),
      s({ at: '2026-06-03T14:00:00Z', ...plumber, publisherId: acme.id }),
      s({ at: '2026-06-04T14:00:00Z', ...plumber }),
      // 03:00 UTC on June 5 is still June 4 in New York.
      s({ at: '2026-06-05T03:00:00Z', ...plumber }),
      s({ at: '2026-06-05T14:00:00Z', ...drain, publisherId: bolt.id }),
      s({ at: '2026-06-06T14:00:00Z', ...drain }),
      s({ at: '2026-06-07T14:00:00Z', ...direct }),
      s({ at: '2026-06-07T15:00:00Z', ...direct }),
      s({ at: '2026-06-07T16:00:00Z', ...direct }),
      s({ at: '2026-06-08T14:00:00Z', ...plumber, isBot: true }),
      s({ at: '2026-05-20T14:00:00Z', ...plumber }),
    ],
    calls: [
      c({ at: '2026-06-02T14:05:00Z', ...plumber, publisherId: acme.id, qualified: true, durationS: 120, payoutCents: 2500, convertedAt: Date.parse('2026-06-09T10:00:00Z'), conversionValueCents: 50000, conversionCurrency: 'USD' }),
      c({ at: '2026-06-04T14:05:00Z', ...plumber, qualified: true, durationS: 90, payoutCents: 2500 }),
      c({ at: '2026-06-05T03:05:00Z', ...plumber, qualified: false, durationS: 20, reasons: ['too_short'], fraudSignals: ['repeat_caller', 'burst'] }),
      c({ at: '2026-06-05T14:05:00Z', ...drain, publisherId: bolt.id, qualified: true, durationS: 200, payoutCents: 4000, convertedAt: Date.parse('2026-06-10T10:00:00Z'), conversionValueCents: 10000 }),
      c({ at: '2026-06-06T14:05:00Z', ...drain, qualified: false, duplicate: true, durationS: 100, reasons: ['duplicate'] }),
      c({ at: '2026-06-07T18:00:00Z', source: null, medium: null, landingPage: null, device: null, confidence: 'none', status: 'in-progress', qualified: null, durationS: null }),
      c({ at: '2026-05-20T14:05:00Z', ...plumber, qualified: true, durationS: 300, payoutCents: 2500 }),
    ],
  });
  // Another account's traffic must never show up.
  await t.db.insert(accounts).values({ id: 'acc_other', name: 'Other', createdAt: 0 });
  await insertRows(t, {
    sessions: [sessionRow('st_other', { at: '2026-06-10T12:00:00Z', accountId: 'acc_other', keyword: 'emergency plumber' })],
    calls: [callRow('st_other', { at: '2026-06-10T12:05:00Z', accountId: 'acc_other', keyword: 'emergency plumber', qualified: true, payoutCents: 9900 })],
  });
});
afterEach(() => t.close());

const attribution = (query: string, key?: string) => t.get(`/v1/reports/attribution?${query}`, key);
const june = `from=${JUNE.from}&to=${JUNE.to}`;

const plumberRow = {
  keyword: 'emergency plumber',
  sessions: 4,
  calls: 3,
  qualified_calls: 2,
  duplicate_calls: 0,
  flagged_calls: 1,
  call_rate: 0.75,
  qualified_rate: 0.6667,
  avg_duration_s: 76.7,
  conversions: 1,
  conversion_rate: 0.5,
  revenue_cents: 50000,
  cost_cents: 5000,
  profit_cents: 45000,
  cost_per_qualified_call_cents: 2500,
  cost_per_conversion_cents: 5000,
  roi: 9,
  // No call here was routed to a buyer: nothing owed, so the margin is the payouts, negative.
  buyer_revenue_cents: 0,
  margin_cents: -5000,
};
const drainRow = {
  keyword: 'drain cleaning',
  sessions: 2,
  calls: 2,
  qualified_calls: 1,
  duplicate_calls: 1,
  flagged_calls: 0,
  call_rate: 1,
  qualified_rate: 0.5,
  avg_duration_s: 150,
  conversions: 1,
  conversion_rate: 1,
  revenue_cents: 10000,
  cost_cents: 4000,
  profit_cents: 6000,
  cost_per_qualified_call_cents: 4000,
  cost_per_conversion_cents: 4000,
  roi: 1.5,
  buyer_revenue_cents: 0,
  margin_cents: -4000,
};
const noKeywordRow = {
  keyword: null,
  sessions: 3,
  calls: 1,
  qualified_calls: 0,
  duplicate_calls: 0,
  flagged_calls: 0,
  call_rate: 0.3333,
  qualified_rate: 0,
  avg_duration_s: null,
  conversions: 0,
  conversion_rate: null,
  revenue_cents: 0,
  cost_cents: 0,
  profit_cents: 0,
  cost_per_qualified_call_cents: null,
  cost_per_conversion_cents: null,
  roi: null,
  buyer_revenue_cents: 0,
  margin_cents: 0,
};

describe('attribution report', () => {
  it('adds up sessions, calls and money per keyword against the ledger', async () => {
    const res = await attribution(`group_by=keyword&${june}`);
    expect(res.status).toBe(200);
    expect(res.json.rows).toEqual([plumberRow, drainRow, noKeywordRow]);
    expect(res.json.totals).toEqual({
      sessions: 9,
      calls: 6,
      qualified_calls: 3,
      duplicate_calls: 1,
      flagged_calls: 1,
      call_rate: 0.6667,
      qualified_rate: 0.5,
      avg_duration_s: 106,
      conversions: 2,
      conversion_rate: 0.6667,
      revenue_cents: 60000,
      cost_cents: 9000,
      profit_cents: 51000,
      cost_per_qualified_call_cents: 3000,
      cost_per_conversion_cents: 4500,
      roi: 5.6667,
      buyer_revenue_cents: 0,
      margin_cents: -9000,
    });
    expect(res.json).toMatchObject({ group_by: ['keyword'], timezone: 'America/New_York', truncated: false });
    // Dates are New York days, `to` inclusive.
    expect(res.json.from).toBe('2026-06-01T04:00:00.000Z');
    expect(res.json.to).toBe('2026-07-01T04:00:00.000Z');
  });

  it('groups by several dimensions and shows publishers by code', async () => {
    const bySource = await attribution(`group_by=source,campaign&${june}`);
    expect(bySource.json.rows.map((r: any) => [r.source, r.campaign, r.sessions, r.calls])).toEqual([
      ['google', 'spring', 6, 5],
      [null, null, 0, 1],
      ['(direct)', null, 3, 0],
    ]);
    const byPublisher = await attribution(`group_by=publisher&${june}`);
    expect(byPublisher.json.rows.map((r: any) => [r.publisher, r.sessions, r.calls, r.cost_cents])).toEqual([
      [null, 6, 4, 2500],
      ['acme', 2, 1, 2500],
      ['bolt', 1, 1, 4000],
    ]);
  });

  it('drills down with filters, and an empty filter means "no value"', async () => {
    const drill = await attribution(`group_by=keyword&source=google&campaign=spring&${june}`);
    expect(drill.json.rows.map((r: any) => r.keyword)).toEqual(['emergency plumber', 'drain cleaning']);
    expect(drill.json.totals.calls).toBe(5);
    const none = await attribution(`group_by=device&keyword=&${june}`);
    expect(none.json.rows.map((r: any) => [r.device, r.sessions, r.calls])).toEqual([
      [null, 0, 1],
      ['mobile', 3, 0],
    ]);
    const byCode = await attribution(`group_by=keyword&publisher=ACME&${june}`);
    expect(byCode.json.totals).toMatchObject({ sessions: 2, calls: 1 });
  });

  it('keeps totals over every row when the rows are cut at the limit', async () => {
    const res = await attribution(`group_by=keyword&limit=1&${june}`);
    expect(res.json.rows).toEqual([plumberRow]);
    expect(res.json.truncated).toBe(true);
    expect(res.json.totals).toMatchObject({ sessions: 9, calls: 6, qualified_calls: 3, cost_cents: 9000, revenue_cents: 60000 });
  });

  it('takes exact instants as bounds', async () => {
    const res = await attribution('group_by=keyword&from=2026-06-04T00:00:00Z&to=2026-06-05T09:00:00-04:00');
    // Plumber: sessions on the 4th 14:00 and 5th 03:00 UTC, their two calls.
    expect(res.json.rows).toEqual([expect.objectContaining({ keyword: 'emergency plumber', sessions: 2, calls: 2, qualified_calls: 1 })]);
  });

  it('lets a viewer read the same report', async () => {
    const viewer = await t.post('/v1/api-keys', { role: 'viewer' });
    const res = await attribution(`group_by=keyword&${june}`, viewer.json.key);
    expect(res.status).toBe(200);
    expect(res.json.rows).toEqual([plumberRow, drainRow, noKeywordRow]);
  });

  it('shows a publisher only its own sessions and calls', async () => {
    const res = await attribution(`group_by=keyword&${june}`, acme.key);
    expect(res.status).toBe(200);
    expect(res.json.rows).toEqual([
      expect.objectContaining({ keyword: 'emergency plumber', sessions: 2, calls: 1, qualified_calls: 1, conversions: 1, cost_cents: 2500 }),
    ]);
    // The advertiser's revenue is not the publisher's business: its payouts are.
    expect(res.json.rows[0]).toMatchObject({ revenue_cents: null, profit_cents: null, roi: null });
    expect(res.json.totals).toMatchObject({ revenue_cents: null, profit_cents: null, roi: null, cost_cents: 2500 });
    const byPublisher = await attribution(`group_by=publisher&${june}`, bolt.key);
    expect(byPublisher.json.rows.map((r: any) => r.publisher)).toEqual(['bolt']);
    // Asking for another publisher's rows gives nothing, not their data.
    const other = await attribution(`group_by=keyword&publisher=bolt&${june}`, acme.key);
    expect(other.json.rows).toEqual([]);
    expect(other.json.totals).toMatchObject({ sessions: 0, calls: 0 });
  });

  it('never shows another account', async () => {
    await issueApiKey(t.db, { accountId: 'acc_other', role: 'admin', key: 'other_account_admin_key_0123456789' }, 0);
    const res = await attribution(`group_by=keyword&${june}`, 'other_account_admin_key_0123456789');
    expect(res.json.totals).toMatchObject({ sessions: 1, calls: 1, cost_cents: 9900 });
    expect(res.json.timezone).toBe('UTC');
  });

  it('filters by site, and answers 404 for a site of no account of the key', async () => {
    const other = await t.post('/v1/sites', { name: 'Other', domains: ['other.example'], timezone: 'Europe/Paris' });
    const empty = await attribution(`group_by=keyword&site=${other.json.id}&${june}`);
    expect(empty.json).toMatchObject({ rows: [], timezone: 'Europe/Paris', totals: { sessions: 0, calls: 0, roi: null } });
    const mine = await attribution(`group_by=keyword&site=${siteId}&${june}`);
    expect(mine.json.totals.calls).toBe(6);
    const missing = await attribution(`group_by=keyword&site=st_other&${june}`);
    expect(missing.status).toBe(404);
  });

  it.each([
    ['group_by=country', 'group_by'],
    ['group_by=keyword,keyword', 'group_by'],
    ['group_by=', 'group_by'],
    ['from=yesterday', 'from'],
    ['from=2026-02-30', 'from'],
    ['from=2026-06-10&to=2026-06-01', 'from'],
    ['limit=0', 'limit'],
    ['campain=spring', 'campain'],
  ])('refuses %s with 400', async (query, field) => {
    const res = await attribution(query);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect(res.json.error.message).toContain(field);
  });

  it('needs a key', async () => {
    expect((await attribution('group_by=keyword', null as unknown as string)).status).toBe(401);
  });
});

describe('day counts', () => {
  const BEFORE = '2026-06-01T15:00:00Z';
  const AFTER = '2026-07-15T12:00:00Z';
  const madeDays = async () => (await t.db.select().from(sessionDayCountsMade)).length;

  // Once June is over, reports read June's sessions from day counts: the answers must
  // be the ones the sessions themselves give.
  it.each([
    [`group_by=keyword&${june}`, undefined],
    [`group_by=source,campaign&${june}`, undefined],
    [`group_by=keyword&source=google&campaign=spring&${june}`, undefined],
    [`group_by=device&keyword=&${june}`, undefined],
    [`group_by=source&${june}`, undefined],
    [`group_by=publisher&${june}`, undefined],
    [`group_by=keyword&publisher=acme&${june}`, undefined],
    [`group_by=device&from=2026-06-04T00:00:00Z&to=2026-06-07T18:00:00Z`, undefined],
    [`group_by=keyword&${june}`, 'acme'],
  ])('answers %s the same from counts as from sessions (publisher key: %s)', async (query, who) => {
    const key = who === 'acme' ? acme.key : undefined;
    t.clock.set(BEFORE);
    const raw = await attribution(query, key);
    expect(await madeDays()).toBe(0);
    t.clock.set(AFTER);
    const counted = await attribution(query, key);
    expect(await madeDays()).toBeGreaterThan(0);
    expect(counted.json).toEqual(raw.json);
  });

  it('counts each site by its own days, several sites and zones in one report', async () => {
    const paris = await t.post('/v1/sites', { name: 'Paris', domains: ['paris.example'], timezone: 'Europe/Paris' });
    const other = await t.post('/v1/sites', { name: 'Also New York', domains: ['ny.example'], timezone: 'America/New_York' });
    await insertRows(t, {
      sessions: [
        // 23:30 in Paris on May 31 is 21:30 UTC: May in Paris, May 31 in New York too.
        sessionRow(paris.json.id, { at: '2026-05-31T21:30:00Z', keyword: 'plombier' }),
        sessionRow(paris.json.id, { at: '2026-06-15T09:00:00Z', keyword: 'plombier' }),
        sessionRow(other.json.id, { at: '2026-06-16T09:00:00Z', keyword: 'emergency plumber' }),
      ],
    });
    for (const query of [`group_by=keyword&${june}`, `group_by=keyword&site=${paris.json.id}&${june}`, 'group_by=keyword&from=2026-05-31T22:00:00Z&to=2026-06-20T00:00:00Z']) {
      t.clock.set(BEFORE);
      const raw = await attribution(query);
      t.clock.set(AFTER);
      expect((await attribution(query)).json, query).toEqual(raw.json);
    }
  });

  it('counts a finished day once and reads it from then on', async () => {
    t.clock.set(AFTER);
    const [first, second] = await Promise.all([attribution(`group_by=keyword&${june}`), attribution(`group_by=keyword&${june}`)]);
    expect(second.json).toEqual(first.json);
    // June 1–30 in New York: 30 days, counted once even when two reports raced.
    expect(await madeDays()).toBe(30);
    expect(first.json.totals.sessions).toBe(9);
    // A session stored into a counted day (which the collector never does: sessions are
    // stored as they start) does not change the report: the day is read from its counts.
    await insertRows(t, { sessions: [sessionRow(siteId, { at: '2026-06-10T14:00:00Z', keyword: 'late arrival' })] });
    expect((await attribution(`group_by=keyword&${june}`)).json.totals.sessions).toBe(9);
  });

  it('leaves today and the last hour to the sessions themselves', async () => {
    t.clock.set('2026-06-07T16:30:00Z');
    const res = await attribution('group_by=keyword&from=2026-06-01&to=2026-06-07');
    // Days up to June 6 (New York) are counted; June 7 is today and read raw.
    expect(await madeDays()).toBe(6);
    expect(res.json.totals.sessions).toBe(9);
  });
});

describe('time series', () => {
  const series = (query: string, key?: string) => t.get(`/v1/reports/timeseries?${query}`, key);

  it('counts per New York day, with empty days as zeros', async () => {
    const res = await series('interval=day&from=2026-06-03&to=2026-06-06');
    expect(res.status).toBe(200);
    expect(res.json.timezone).toBe('America/New_York');
    expect(res.json.points).toEqual([
      { t: '2026-06-03T04:00:00.000Z', sessions: 1, calls: 0, qualified_calls: 0, buyer_revenue_cents: 0, cost_cents: 0, margin_cents: 0 },
      // The 03:00 UTC session and call of June 5 belong to June 4 in New York.
      { t: '2026-06-04T04:00:00.000Z', sessions: 2, calls: 2, qualified_calls: 1, buyer_revenue_cents: 0, cost_cents: 2500, margin_cents: -2500 },
      { t: '2026-06-05T04:00:00.000Z', sessions: 1, calls: 1, qualified_calls: 1, buyer_revenue_cents: 0, cost_cents: 4000, margin_cents: -4000 },
      { t: '2026-06-06T04:00:00.000Z', sessions: 1, calls: 1, qualified_calls: 0, buyer_revenue_cents: 0, cost_cents: 0, margin_cents: 0 },
    ]);
  });

  it('counts per hour', async () => {
    const res = await series('interval=hour&from=2026-06-07T14:00:00Z&to=2026-06-07T17:00:00Z');
    expect(res.json.points).toEqual([
      { t: '2026-06-07T14:00:00.000Z', sessions: 1, calls: 0, qualified_calls: 0, buyer_revenue_cents: 0, cost_cents: 0, margin_cents: 0 },
      { t: '2026-06-07T15:00:00.000Z', sessions: 1, calls: 0, qualified_calls: 0, buyer_revenue_cents: 0, cost_cents: 0, margin_cents: 0 },
      { t: '2026-06-07T16:00:00.000Z', sessions: 1, calls: 0, qualified_calls: 0, buyer_revenue_cents: 0, cost_cents: 0, margin_cents: 0 },
    ]);
  });

  it('adds up to the attribution totals over the same range', async () => {
    const res = await series(`interval=day&${june}`);
    expect(res.json.points).toHaveLength(30);
    const sum = (k: string) => res.json.points.reduce((n: number, p: any) => n + p[k], 0);
    expect([sum('sessions'), sum('calls'), sum('qualified_calls')]).toEqual([9, 6, 3]);
  });

  it('scopes a publisher to its own rows', async () => {
    const res = await series(`interval=day&${june}`, bolt.key);
    const sum = (k: string) => res.json.points.reduce((n: number, p: any) => n + p[k], 0);
    expect([sum('sessions'), sum('calls'), sum('qualified_calls')]).toEqual([1, 1, 1]);
  });

  it.each([
    ['interval=week', 'interval'],
    ['interval=hour&from=2026-01-01&to=2026-06-30', 'at most'],
    ['interval=day&group_by=keyword', 'group_by'],
  ])('refuses %s with 400', async (query, text) => {
    const res = await series(query);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(text);
  });
});
