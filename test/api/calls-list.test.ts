import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

// The call log reads its range and filters the way reports do: dates are the site's
// days (New York here), and an empty filter value means "no value".

const MINUTE = 60_000;

let t: TestApp;
let site: { id: string; public_key: string };
beforeEach(async () => {
  t = await createTestApp();
  ({ site } = await siteWithPool(t, { numbers: ['+14155550101', '+14155550102', '+14155550103', '+14155550104'] }));
});
afterEach(() => t.close());

let ids = 0;
/** A visit at `at` and a call from it a minute later; returns the call's id. */
async function visitThenCall(url: string, at: string): Promise<string> {
  t.clock.set(at);
  const visit = await t.post('/v1/sessions', { site: site.public_key, url }, { key: null });
  expect(visit.status, visit.text).toBe(200);
  t.clock.advance(MINUTE);
  const call = await t.post('/v1/calls', {
    id: `list-${++ids}`,
    to: visit.json.numbers[0].number,
    from: `+1415555${String(1000 + ids).slice(-4)}`,
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: 120,
    status: 'completed',
  });
  expect(call.status, call.text).toBe(201);
  return call.json.id;
}

const listed = async (query: string) => {
  const res = await t.get(`/v1/calls?${query}`);
  expect(res.status, `${query}: ${res.text}`).toBe(200);
  return (res.json.calls as { id: string }[]).map((c) => c.id).sort();
};

describe('GET /v1/calls: range and filters', () => {
  let morning: string, lateEvening: string, nextDay: string;
  beforeEach(async () => {
    morning = await visitThenCall('https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=emergency+plumber', '2026-06-01T14:00:00Z');
    // 23:31 on June 1st in New York, already June 2nd in UTC.
    lateEvening = await visitThenCall('https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring', '2026-06-02T03:30:00Z');
    nextDay = await visitThenCall('https://shop.example/pricing', '2026-06-02T13:00:00Z');
  });

  it("reads dates as the site's days, `to` inclusive, and instants as given", async () => {
    expect(await listed('from=2026-06-01&to=2026-06-01')).toEqual([morning, lateEvening].sort());
    expect(await listed('from=2026-06-02&to=2026-06-02')).toEqual([nextDay]);
    expect(await listed('from=2026-06-02T00:00:00Z')).toEqual([lateEvening, nextDay].sort());
    expect(await listed('to=2026-06-02T00:00:00Z')).toEqual([morning]);
    expect(await listed(`site=${site.id}&from=2026-06-01&to=2026-06-01`)).toEqual([morning, lateEvening].sort());
    // No bounds: every call, not the reports' last 30 days.
    t.clock.set('2027-01-01T00:00:00Z');
    expect(await listed('')).toEqual([morning, lateEvening, nextDay].sort());
  });

  it('agrees with the attribution report row by row, rows without a keyword included', async () => {
    const report = await t.get('/v1/reports/attribution?group_by=keyword&from=2026-06-01&to=2026-06-02');
    expect(report.status, report.text).toBe(200);
    const rows = report.json.rows as { keyword: string | null; calls: number }[];
    expect(rows.map((r) => [r.keyword, r.calls])).toEqual(
      expect.arrayContaining([
        ['emergency plumber', 1],
        [null, 2],
      ]),
    );
    for (const row of rows) {
      const ids = await listed(`from=2026-06-01&to=2026-06-02&keyword=${encodeURIComponent(row.keyword ?? '')}`);
      expect(ids.length, `keyword ${row.keyword}`).toBe(row.calls);
    }
    expect(await listed('keyword=')).toEqual([lateEvening, nextDay].sort());
    expect(await listed('campaign=spring&keyword=')).toEqual([lateEvening]);
    expect(await listed('medium=cpc')).toEqual([morning, lateEvening].sort());
    expect(await listed('source=(direct)')).toEqual([nextDay]);
    expect(await listed('landing_page=' + encodeURIComponent('https://shop.example/pricing'))).toEqual([nextDay]);
  });

  it('refuses what it cannot read with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['campain=spring', 'campain'],
      ['from=yesterday', 'from'],
      ['from=2026-06-02&to=2026-06-01', 'from'],
      ['limit=0', 'limit'],
      ['qualified=maybe', 'qualified'],
    ] as const) {
      const res = await t.get(`/v1/calls?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      expect(res.json.error.message, query).toContain(field);
    }
    const fraud = await t.get('/v1/calls/fraud?group=source');
    expect(fraud.status).toBe(400);
    expect(fraud.json.error.message).toContain('group');
  });

  it("answers 404 for a site that is not the account's", async () => {
    const res = await t.get('/v1/calls?site=site_nope');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('counts fraud signals over the same days', async () => {
    const totals = async (query: string) => {
      const res = await t.get(`/v1/calls/fraud?group_by=source&${query}`);
      expect(res.status, res.text).toBe(200);
      return (res.json.rows as { calls: number }[]).reduce((sum, r) => sum + r.calls, 0);
    };
    expect(await totals('from=2026-06-01&to=2026-06-01')).toBe(2);
    expect(await totals('from=2026-06-02&to=2026-06-02')).toBe(1);
    expect(await totals('')).toBe(3);
  });
});
