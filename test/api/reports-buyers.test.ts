// Two-sided money in reports: what buyers owe (buyer_revenue_cents), what publishers earn
// (cost_cents) and the margin between, against the ledger in buyers-fixture.ts, to the
// cent; the buyer dimension and filter; and what each side may see of the other's money.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { seedBuyerLedger, type BuyerLedger } from './buyers-fixture';
import { JUNE } from './reports-fixture';

let t: TestApp;
let w: BuyerLedger;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedBuyerLedger(t);
});
afterAll(() => t.close());

const june = `from=${JUNE.from}&to=${JUNE.to}`;
const attribution = async (query: string, key?: string) => {
  const res = await t.get(`/v1/reports/attribution?${june}&${query}`, key);
  expect(res.status, res.text).toBe(200);
  return res.json;
};
const money = (m: Record<string, unknown>) => ({
  calls: m.calls,
  qualified_calls: m.qualified_calls,
  sessions: m.sessions,
  cost_cents: m.cost_cents,
  buyer_revenue_cents: m.buyer_revenue_cents,
  margin_cents: m.margin_cents,
});

describe('two-sided money in the attribution report', () => {
  it('adds up buyer revenue, payouts and margin per buyer, sessions falling in the row with no buyer', async () => {
    const r = await attribution('group_by=buyer');
    expect(r.group_by).toEqual(['buyer']);
    const byBuyer = Object.fromEntries(r.rows.map((row: Record<string, unknown>) => [String(row.buyer), money(row)]));
    expect(byBuyer).toEqual({
      [w.rooter.id]: { calls: 3, qualified_calls: 2, sessions: 0, cost_cents: 2500, buyer_revenue_cents: 9000, margin_cents: 6500 },
      [w.drain.id]: { calls: 2, qualified_calls: 2, sessions: 0, cost_cents: 6500, buyer_revenue_cents: 7000, margin_cents: 500 },
      null: { calls: 1, qualified_calls: 1, sessions: 4, cost_cents: 2000, buyer_revenue_cents: 0, margin_cents: -2000 },
    });
    expect(money(r.totals)).toEqual({ calls: 6, qualified_calls: 5, sessions: 4, cost_cents: 11000, buyer_revenue_cents: 16000, margin_cents: 5000 });
    // The existing names keep their meaning: revenue is conversion value, profit and ROI follow it.
    expect(r.totals).toMatchObject({ revenue_cents: 10000, profit_cents: -1000, roi: -0.0909 });
  });

  it('adds up the same money per publisher, and per publisher and buyer', async () => {
    const r = await attribution('group_by=publisher');
    const byPublisher = Object.fromEntries(r.rows.map((row: Record<string, unknown>) => [String(row.publisher), money(row)]));
    expect(byPublisher).toEqual({
      acme: { calls: 2, qualified_calls: 2, sessions: 2, cost_cents: 5000, buyer_revenue_cents: 8000, margin_cents: 3000 },
      bolt: { calls: 2, qualified_calls: 1, sessions: 1, cost_cents: 4000, buyer_revenue_cents: 3500, margin_cents: -500 },
      null: { calls: 2, qualified_calls: 2, sessions: 1, cost_cents: 2000, buyer_revenue_cents: 4500, margin_cents: 2500 },
    });
    const both = await attribution('group_by=publisher,buyer');
    const row = (publisher: string | null, buyer: string | null) => both.rows.find((x: Record<string, unknown>) => x.publisher === publisher && x.buyer === buyer);
    expect(money(row('acme', w.rooter.id))).toEqual({ calls: 1, qualified_calls: 1, sessions: 0, cost_cents: 2500, buyer_revenue_cents: 4500, margin_cents: 2000 });
    expect(money(row('bolt', w.drain.id))).toEqual({ calls: 1, qualified_calls: 1, sessions: 0, cost_cents: 4000, buyer_revenue_cents: 3500, margin_cents: -500 });
    expect(money(row(null, null))).toEqual({ calls: 1, qualified_calls: 1, sessions: 1, cost_cents: 2000, buyer_revenue_cents: 0, margin_cents: -2000 });
    expect(money(both.totals)).toEqual(money(r.totals));
  });

  it('filters by buyer; an empty buyer means calls no buyer took, and sessions', async () => {
    expect(money((await attribution(`group_by=source&buyer=${w.drain.id}`)).totals)).toEqual({
      calls: 2, qualified_calls: 2, sessions: 0, cost_cents: 6500, buyer_revenue_cents: 7000, margin_cents: 500,
    });
    expect(money((await attribution('group_by=source&buyer=')).totals)).toEqual({
      calls: 1, qualified_calls: 1, sessions: 4, cost_cents: 2000, buyer_revenue_cents: 0, margin_cents: -2000,
    });
    expect((await attribution('buyer=by_nosuchbuyer')).totals.calls).toBe(0);
    // The call log takes the same filter.
    const listed = await t.get(`/v1/calls?${june}&buyer=${w.rooter.id}`);
    expect(listed.json.calls.map((c: { id: string }) => c.id).sort()).toEqual([w.calls.c1, w.calls.c3, w.calls.c6].sort());
  });

  it('adds the money to the time series, summing to the report totals', async () => {
    const res = await t.get(`/v1/reports/timeseries?${june}`);
    expect(res.status).toBe(200);
    const sum = (k: string) => res.json.points.reduce((a: number, p: Record<string, number>) => a + p[k]!, 0);
    expect({ buyer: sum('buyer_revenue_cents'), cost: sum('cost_cents'), margin: sum('margin_cents') }).toEqual({ buyer: 16000, cost: 11000, margin: 5000 });
    const june4 = res.json.points.find((p: { t: string }) => p.t === '2026-06-04T04:00:00.000Z');
    // June 4: c3 (not qualified, nothing owed) and c4 (4000 out, 3500 in).
    expect(june4).toMatchObject({ calls: 2, qualified_calls: 1, buyer_revenue_cents: 3500, cost_cents: 4000, margin_cents: -500 });
  });
});

describe('each side sees its own money only', () => {
  it('shows a publisher its payouts, never buyer revenue or margin, and refuses the buyer dimension', async () => {
    const r = await attribution('group_by=source', w.acme.key);
    expect(r.totals).toMatchObject({ calls: 2, cost_cents: 5000, buyer_revenue_cents: null, margin_cents: null, revenue_cents: null });
    for (const row of r.rows) expect(row).toMatchObject({ buyer_revenue_cents: null, margin_cents: null });
    const series = await t.get(`/v1/reports/timeseries?${june}`, w.acme.key);
    for (const p of series.json.points) expect(p).toMatchObject({ buyer_revenue_cents: null, margin_cents: null });
    expect(series.json.points.reduce((a: number, p: { cost_cents: number }) => a + p.cost_cents, 0)).toBe(5000);
    for (const query of ['group_by=buyer', `buyer=${w.rooter.id}`]) {
      const res = await t.get(`/v1/reports/attribution?${june}&${query}`, w.acme.key);
      expect(res.status, query).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect((await t.get(`/v1/calls?buyer=${w.rooter.id}`, w.acme.key)).status).toBe(403);
  });

  it("shows a buyer what it owes for its own calls, never payouts, margin, sessions or another buyer's calls", async () => {
    const r = await attribution('', w.rooter.key);
    expect(r.group_by).toEqual(['buyer']);
    expect(r.rows).toHaveLength(1);
    const own = {
      buyer: w.rooter.id,
      calls: 3,
      qualified_calls: 2,
      sessions: 0,
      call_rate: null,
      buyer_revenue_cents: 9000,
      cost_cents: null,
      margin_cents: null,
      profit_cents: null,
      roi: null,
      cost_per_qualified_call_cents: null,
      cost_per_conversion_cents: null,
    };
    expect(r.rows[0]).toMatchObject(own);
    const { buyer: _, ...totals } = own;
    expect(r.totals).toMatchObject(totals);
    const drain = await attribution('', w.drain.key);
    expect(drain.totals).toMatchObject({ calls: 2, buyer_revenue_cents: 7000, conversions: 1, revenue_cents: 10000, cost_cents: null });

    const series = await t.get(`/v1/reports/timeseries?${june}`, w.rooter.key);
    expect(series.status).toBe(200);
    const points = series.json.points as Record<string, number | null>[];
    expect(points.reduce((a, p) => a + (p.calls as number), 0)).toBe(3);
    expect(points.reduce((a, p) => a + (p.sessions as number), 0)).toBe(0);
    expect(points.reduce((a, p) => a + (p.buyer_revenue_cents as number), 0)).toBe(9000);
    for (const p of points) expect(p).toMatchObject({ cost_cents: null, margin_cents: null });
  });

  it('refuses a buyer every traffic dimension, as grouping and as filter', async () => {
    for (const query of ['group_by=source', 'group_by=publisher', 'group_by=buyer,keyword', 'keyword=acme-kw', 'publisher=acme', 'source=google']) {
      const res = await t.get(`/v1/reports/attribution?${june}&${query}`, w.rooter.key);
      expect(res.status, query).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    // Its own buyer, as a grouping or a filter, is fine; another buyer's id finds nothing.
    expect((await attribution(`group_by=buyer&buyer=${w.rooter.id}`, w.rooter.key)).totals.calls).toBe(3);
    expect((await attribution(`buyer=${w.drain.id}`, w.rooter.key)).totals.calls).toBe(0);
  });
});
