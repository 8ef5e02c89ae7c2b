import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

// An account reports in one currency: reports add payouts and conversion values across
// its sites, and there are no exchange rates to add dollars to yen with.

let t: TestApp;
let site: { id: string; public_key: string };
beforeEach(async () => {
  t = await createTestApp();
  ({ site } = await siteWithPool(t));
});
afterEach(() => t.close());

const rulesOf = async (siteId: string) => (await t.get(`/v1/sites/${siteId}/rules`)).json;

async function judgedCall() {
  const res = await t.post('/v1/calls', {
    id: 'cur-1',
    to: '+14155550101',
    from: '+14155550199',
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: 120,
    status: 'completed',
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

describe('one currency per account', () => {
  it("lets an account's only site switch before any call is judged, and new sites follow it", async () => {
    expect((await t.get('/v1/me')).json.account.currency).toBe('USD');
    const put = await t.put(`/v1/sites/${site.id}/rules`, { currency: 'eur', payout_cents: 2000 });
    expect(put.status, put.text).toBe(200);
    expect(put.json.currency).toBe('EUR');
    const second = await t.post('/v1/sites', { name: 'Second', domains: ['second.example'] });
    expect(second.status, second.text).toBe(201);
    expect((await rulesOf(second.json.id)).currency).toBe('EUR');
    expect((await t.get('/v1/me')).json.account.currency).toBe('EUR');
    expect((await t.get('/v1/reports/attribution')).json.currency).toBe('EUR');
  });

  it('refuses a site a currency the other sites do not use, and changes nothing', async () => {
    const second = (await t.post('/v1/sites', { name: 'Second', domains: ['second.example'] })).json;
    const before = await rulesOf(second.id);
    const put = await t.put(`/v1/sites/${second.id}/rules`, { currency: 'JPY', payout_cents: 900 });
    expect(put.status).toBe(409);
    expect(put.json.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('USD') });
    expect(await rulesOf(second.id)).toEqual(before);
    // The same currency is not a change of currency.
    expect((await t.put(`/v1/sites/${second.id}/rules`, { currency: 'USD', payout_cents: 900 })).status).toBe(200);
  });

  it('refuses to switch once a call has been judged in the old currency', async () => {
    await judgedCall();
    const put = await t.put(`/v1/sites/${site.id}/rules`, { currency: 'EUR' });
    expect(put.status).toBe(409);
    expect((await rulesOf(site.id)).currency).toBe('USD');
  });

  it("records conversions in the account's currency only", async () => {
    const call = await judgedCall();
    const yen = await t.post(`/v1/calls/${call.id}/conversion`, { value_cents: 50000, currency: 'JPY' });
    expect(yen.status).toBe(400);
    expect(yen.json.error.message).toContain('currency');
    expect((await t.get(`/v1/calls/${call.id}`)).json.conversion).toBeNull();
    const dollars = await t.post(`/v1/calls/${call.id}/conversion`, { value_cents: 50000 });
    expect(dollars.status, dollars.text).toBe(200);
    expect(dollars.json.conversion).toMatchObject({ value_cents: 50000, currency: 'USD' });
    expect((await t.post(`/v1/calls/${call.id}/conversion`, { value_cents: 60000, currency: 'usd' })).json.conversion.value_cents).toBe(60000);
  });
});
