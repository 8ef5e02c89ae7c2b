// Pay on conversion: a site rule under which a qualified call pays only once a sale is
// posted for it (a fixed payout per sale or a share of it), through both conversion
// routes, with `payout.changed` in the outbox batch of the sale, restatements following
// the rule, and the reports adding the payouts up.
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../collector/db/schema';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

let t: TestApp;
let siteId: string;
beforeEach(async () => {
  t = await createTestApp();
  siteId = (await siteWithPool(t)).site.id;
  // Events are written only for a subscriber: a webhook that hears them all (nothing
  // listens on port 9; its deliveries wait for a retry that never comes in these tests).
  const all = ['call.completed', 'call.qualified', 'call.disqualified', 'payout.changed', 'call.converted'];
  expect((await t.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: all })).status).toBe(201);
});
afterEach(() => t.close());

let calls = 0;
/** A qualified (95 s, answered) call, or a too-short one, from its own caller. */
async function call(durationS = 95) {
  const n = ++calls;
  const res = await t.post('/v1/calls', {
    id: `CA-sale-${n}`,
    to: '+14155550101',
    from: `+1415555${String(1000 + n)}`,
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: durationS,
    status: 'completed',
  });
  expect(res.status).toBe(201);
  return res.json;
}

const rules = (body: object) => t.put(`/v1/sites/${siteId}/rules`, body);
const events = async (callId: string) =>
  (await t.db.select().from(outboxEvents).where(eq(outboxEvents.callId, callId)).orderBy(asc(outboxEvents.seq))).map((e) => ({
    type: e.type,
    at: e.createdAt,
    payload: e.payload as Record<string, unknown>,
  }));
const costOfSite = async () => (await t.get(`/v1/reports/attribution?group_by=source&site=${siteId}&from=2026-06-01&to=2026-06-30`)).json.totals.cost_cents;

describe('the payout_on rule', () => {
  it('is read and written with the other rules, and defaults to paying per qualified call', async () => {
    expect((await t.get(`/v1/sites/${siteId}/rules`)).json).toMatchObject({ payout_on: 'qualified', payout_percent: null });
    const put = await rules({ payout_on: 'conversion', payout_percent: 12.5 });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ payout_on: 'conversion', payout_percent: 12.5 });
    expect((await t.get(`/v1/sites/${siteId}/rules`)).json).toMatchObject({ payout_on: 'conversion', payout_percent: 12.5 });
    expect((await rules({ payout_on: 'qualified', payout_percent: null })).json).toMatchObject({ payout_on: 'qualified', payout_percent: null });
  });

  it.each([
    ['an unknown basis', { payout_on: 'sale' }],
    ['a share over 100 %', { payout_on: 'conversion', payout_percent: 101 }],
    ['a share finer than a hundredth', { payout_on: 'conversion', payout_percent: 12.345 }],
    ['a share while paying per qualified call', { payout_percent: 10 }],
  ])('refuses %s with 400 and changes nothing', async (_, body) => {
    const res = await rules(body);
    expect(res.status).toBe(400);
    expect((await t.get(`/v1/sites/${siteId}/rules`)).json).toMatchObject({ payout_on: 'qualified', payout_percent: null });
  });
});

describe('POST /v1/calls/{id}/conversion under pay-on-conversion', () => {
  it('pays a qualified call its fixed payout when the sale is posted, once, with payout.changed in the same batch', async () => {
    expect((await rules({ payout_on: 'conversion', payout_cents: 2500 })).status).toBe(200);
    const c = await call();
    expect(c).toMatchObject({ qualified: true, payout_cents: 0 });
    expect((await events(c.id)).map((e) => e.type)).toEqual(['call.completed', 'call.qualified']);
    expect(await costOfSite()).toBe(0);

    t.clock.advance(3_600_000);
    const sold = await t.post(`/v1/calls/${c.id}/conversion`, { value_cents: 90_000 });
    expect(sold.status).toBe(200);
    expect(sold.json).toMatchObject({ qualified: true, payout_cents: 2500 });
    const after = (await events(c.id)).slice(2);
    expect(after.map((e) => [e.type, e.at])).toEqual([
      ['call.converted', t.clock.now()],
      ['payout.changed', t.clock.now()],
    ]);
    expect(after[1]!.payload).toMatchObject({ payout_cents: 2500, previous_payout_cents: 0, currency: 'USD' });
    expect(await costOfSite()).toBe(2500);

    // A restated value pays the same fixed payout: no payout.changed.
    const restated = await t.post(`/v1/calls/${c.id}/conversion`, { value_cents: 120_000 });
    expect(restated.json.payout_cents).toBe(2500);
    expect((await events(c.id)).slice(4).map((e) => e.type)).toEqual(['call.converted']);
    expect(await costOfSite()).toBe(2500);
  });

  it('pays nothing for a sale on a call that did not qualify', async () => {
    await rules({ payout_on: 'conversion', payout_cents: 2500 });
    const short = await call(20);
    const sold = await t.post(`/v1/calls/${short.id}/conversion`, { value_cents: 90_000 });
    expect(sold.json).toMatchObject({ qualified: false, payout_cents: 0 });
    expect((await events(short.id)).map((e) => e.type)).not.toContain('payout.changed');
  });

  it('keeps the terms a call was judged under when the rules change later', async () => {
    await rules({ payout_on: 'conversion', payout_percent: 10 });
    const onSale = await call();
    await rules({ payout_on: 'qualified', payout_percent: null, payout_cents: 3000 });
    const perCall = await call();
    expect(perCall.payout_cents).toBe(3000);
    await rules({ payout_on: 'conversion', payout_percent: 50 });
    expect((await t.post(`/v1/calls/${onSale.id}/conversion`, { value_cents: 40_000 })).json.payout_cents).toBe(4000);
    // Judged to pay per call: a sale changes nothing.
    expect((await t.post(`/v1/calls/${perCall.id}/conversion`, { value_cents: 40_000 })).json.payout_cents).toBe(3000);
  });
});

describe('POST /v1/conversions under pay-on-conversion', () => {
  it('pays a share of the sale, follows a restated value, and the reports add it up', async () => {
    await rules({ payout_on: 'conversion', payout_percent: 12.5 });
    const key = (await t.post('/v1/api-keys', { role: 'integration', name: 'CRM' })).json.key;
    const first = await call();
    const second = await call();
    t.clock.advance(3_600_000);
    const byCaller = await t.post('/v1/conversions', { caller: `(415) 555-${1000 + calls - 1}`, value_cents: 45_001 }, { key });
    expect(byCaller.status).toBe(200);
    expect(byCaller.json).toMatchObject({ matched_by: 'caller', call: { id: first.id, payout_cents: 5625 } });
    const byId = await t.post('/v1/conversions', { call_id: second.id, value_cents: 10_000 }, { key });
    expect(byId.json.call.payout_cents).toBe(1250);
    expect(await costOfSite()).toBe(5625 + 1250);

    const restated = await t.post('/v1/conversions', { call_id: second.id, value_cents: 30_000 }, { key });
    expect(restated.json.call.payout_cents).toBe(3750);
    const changes = (await events(second.id)).filter((e) => e.type === 'payout.changed').map((e) => [e.payload.previous_payout_cents, e.payload.payout_cents]);
    expect(changes).toEqual([
      [0, 1250],
      [1250, 3750],
    ]);
    expect(await costOfSite()).toBe(5625 + 3750);
    expect((await t.get(`/v1/calls/${second.id}`)).json.payout_cents).toBe(3750);
  });

  it('answers 404 for a caller without calls and changes no payout', async () => {
    await rules({ payout_on: 'conversion', payout_percent: 10 });
    const c = await call();
    const res = await t.post('/v1/conversions', { caller: '+12125550000', value_cents: 10_000 });
    expect(res.status).toBe(404);
    expect((await t.get(`/v1/calls/${c.id}`)).json.payout_cents).toBe(0);
  });
});
