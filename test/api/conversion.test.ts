import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

let t: TestApp;
let callId: string;
beforeEach(async () => {
  t = await createTestApp();
  await siteWithPool(t);
  const call = await t.post('/v1/calls', {
    id: 'conv-1',
    to: '+14155550101',
    from: '+14155550199',
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: 120,
    status: 'completed',
  });
  callId = call.json.id;
});
afterEach(() => t.close());

describe('POST /v1/calls/:id/conversion', () => {
  it('records the value, in the call’s currency, at the time it is told', async () => {
    t.clock.advance(3_600_000);
    const res = await t.post(`/v1/calls/${callId}/conversion`, { value_cents: 50_000 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: callId, conversion: { value_cents: 50_000, currency: 'USD', at: new Date(t.clock.now()).toISOString() } });
    expect((await t.get(`/v1/calls/${callId}`)).json.conversion).toEqual(res.json.conversion);
  });

  it('tells a publisher that its call converted, not what it was worth', async () => {
    const pub = await t.post('/v1/publishers', { name: 'Acme', code: 'acme' });
    const key = (await t.post('/v1/api-keys', { role: 'publisher', publisher: pub.json.id })).json.key;
    const site = (await t.get('/v1/sites')).json.sites[0];
    const visit = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/?pub=acme' }, { key: null });
    const call = await t.post('/v1/calls', {
      id: 'conv-pub',
      to: visit.json.numbers[0].number,
      from: '+14155550198',
      started_at: new Date(t.clock.now()).toISOString(),
      duration_s: 120,
      status: 'completed',
    });
    expect(call.json.attribution.publisher).toBe('acme');
    await t.post(`/v1/calls/${call.json.id}/conversion`, { value_cents: 50_000 });
    const seen = await t.get(`/v1/calls/${call.json.id}`, key);
    expect(seen.status).toBe(200);
    expect(seen.json.conversion).toEqual({ value_cents: null, currency: 'USD', at: expect.any(String) });
    expect((await t.get(`/v1/calls/${call.json.id}`)).json.conversion.value_cents).toBe(50_000);
  });

  it('a second conversion replaces the first', async () => {
    await t.post(`/v1/calls/${callId}/conversion`, { value_cents: 50_000 });
    const res = await t.post(`/v1/calls/${callId}/conversion`, { value_cents: 72_500, currency: 'usd', at: '2026-06-03T10:00:00-04:00' });
    expect(res.status).toBe(200);
    expect(res.json.conversion).toEqual({ value_cents: 72_500, currency: 'USD', at: '2026-06-03T14:00:00.000Z' });
  });

  it.each([
    ['no value', {}],
    ['a negative value', { value_cents: -5 }],
    ['a value in dollars', { value_cents: 12.5 }],
    ['a time without a zone', { value_cents: 100, at: '2026-06-03 10:00' }],
    ['a currency that is not a code', { value_cents: 100, currency: 'euros' }],
    ["a currency that is not the account's", { value_cents: 100, currency: 'CAD' }],
  ])('rejects %s with 400 and changes nothing', async (_, body) => {
    const res = await t.post(`/v1/calls/${callId}/conversion`, body);
    expect(res.status).toBe(400);
    expect((await t.get(`/v1/calls/${callId}`)).json.conversion).toBeNull();
  });

  it('answers 404 for an unknown call and 403 for a key that is not admin', async () => {
    expect((await t.post('/v1/calls/call_nope/conversion', { value_cents: 100 })).status).toBe(404);
    const viewer = (await t.post('/v1/api-keys', { role: 'viewer' })).json.key;
    expect((await t.post(`/v1/calls/${callId}/conversion`, { value_cents: 100 }, { key: viewer })).status).toBe(403);
    expect((await t.get(`/v1/calls/${callId}`)).json.conversion).toBeNull();
  });
});
