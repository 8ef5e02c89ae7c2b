// The buyer key: bound to one buyer, it reads the calls routed to that buyer's targets
// (list, detail, CSV, recording links) with the whole caller, and nothing of the
// network's side: no publishers, payouts, margin, sites, tracking numbers or journeys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../collector/db/schema';
import { issueApiKey } from '../../collector/routes/api-keys';
import { parseCsv } from '../../scripts/csv-parse';
import { createTestApp, type TestApp } from '../helpers/app';
import { callers, seedBuyerLedger, type BuyerLedger } from './buyers-fixture';
import { JUNE } from './reports-fixture';

let t: TestApp;
let w: BuyerLedger;
const OTHER_ADMIN = 'other_account_admin_key_0123456789';

beforeAll(async () => {
  t = await createTestApp();
  w = await seedBuyerLedger(t);
  await t.db.insert(accounts).values({ id: 'acc_other', name: 'Other', createdAt: 0 });
  await issueApiKey(t.db, { accountId: 'acc_other', role: 'admin', key: OTHER_ADMIN }, t.clock.now());
});
afterAll(() => t.close());

const june = `from=${JUNE.from}&to=${JUNE.to}`;

/** What a buyer must never read: publishers, the other buyer, sessions, visitors' traffic and the network's numbers. */
function forbidden(): string[] {
  return ['acme', 'bolt', w.acme.id, w.bolt.id, w.drain.id, 'Drain Pros', ...w.sessions, 'acmesrc', 'boltsrc', 'acme-kw', 'bolt-kw', w.site.id, '+14155550101', 'Shop'];
}

describe('a buyer key', () => {
  it('is made for one buyer of the account, and says so in /v1/me and the key list', async () => {
    const me = await t.get('/v1/me', w.rooter.key);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ role: 'buyer', publisher: null, buyer: { id: w.rooter.id, name: 'Rooter Co' } });
    const keys = await t.get('/v1/api-keys');
    expect(keys.json.api_keys.filter((k: { role: string }) => k.role === 'buyer').map((k: { buyer: string }) => k.buyer).sort()).toEqual([w.rooter.id, w.drain.id].sort());
  });

  it('refuses a buyer key without its buyer, with a publisher, or for a buyer of another account, making nothing', async () => {
    const before = (await t.get('/v1/api-keys')).json.api_keys.length;
    for (const body of [
      { role: 'buyer' },
      { role: 'buyer', publisher: w.acme.id },
      { role: 'viewer', buyer: w.rooter.id },
      { role: 'publisher', publisher: w.acme.id, buyer: w.rooter.id },
      { role: 'buyer', buyer: 'by_nosuchbuyer' },
    ]) {
      const res = await t.post('/v1/api-keys', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
    // Another account's admin cannot bind a key to this account's buyer.
    expect((await t.post('/v1/api-keys', { role: 'buyer', buyer: w.rooter.id }, { key: OTHER_ADMIN })).status).toBe(400);
    expect((await t.get('/v1/api-keys')).json.api_keys.length).toBe(before);
  });

  it('lists only the calls routed to its own buyer, with the whole caller and its revenue, and none of the network side', async () => {
    const res = await t.get(`/v1/calls?${june}`, w.rooter.key);
    expect(res.status).toBe(200);
    const calls = res.json.calls as Record<string, any>[];
    expect(calls.map((c) => c.id).sort()).toEqual([w.calls.c1, w.calls.c3, w.calls.c6].sort());
    const c1 = calls.find((c) => c.id === w.calls.c1)!;
    expect(c1).toMatchObject({
      caller: callers.c1,
      buyer: w.rooter.id,
      revenue_cents: 4500,
      qualified: true,
      duration_s: 120,
      recording_url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE-c1',
      payout_cents: null,
      site: null,
      tracking_number: null,
    });
    for (const c of calls) expect(Object.values(c.attribution).every((v) => v === null), JSON.stringify(c.attribution)).toBe(true);
    for (const s of forbidden()) expect(res.text, s).not.toContain(s);
    // Drain Pros sees its own two.
    const drain = await t.get(`/v1/calls?${june}`, w.drain.key);
    expect(drain.json.calls.map((c: { id: string }) => c.id).sort()).toEqual([w.calls.c2, w.calls.c4].sort());
  });

  it("reads its own call by id, without journey or routing log; another buyer's call, or a call no buyer took, is 404", async () => {
    const own = await t.get(`/v1/calls/${w.calls.c1}`, w.rooter.key);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ id: w.calls.c1, caller: callers.c1, journey: [], flow: null, payout_cents: null });
    for (const s of forbidden()) expect(own.text, s).not.toContain(s);
    for (const id of [w.calls.c2, w.calls.c4, w.calls.c5, 'call_doesnotexist']) {
      const res = await t.get(`/v1/calls/${id}`, w.rooter.key);
      expect(res.status, id).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
  });

  it('exports only its own calls as CSV, with callers and revenue but no payouts, sites or attribution', async () => {
    const res = await t.get(`/v1/exports/calls.csv?${june}`, w.rooter.key);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(res.text).map((r) => r.fields);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('id')]).sort()).toEqual([w.calls.c1, w.calls.c3, w.calls.c6].sort());
    const c1 = rows.find((r) => r[col('id')] === w.calls.c1)!;
    expect(c1[col('caller_e164')]).toBe(callers.c1);
    expect(c1[col('revenue_cents')]).toBe('4500');
    expect(c1[col('buyer')]).toBe(w.rooter.id);
    for (const name of ['payout_cents', 'site', 'site_name', 'tracking_number', 'publisher', 'source', 'session', 'keyword']) expect(c1[col(name)], name).toBe('');
    for (const s of forbidden()) expect(res.text, s).not.toContain(s);
    // The admin's file carries the same new columns for every call.
    const admin = parseCsv((await t.get(`/v1/exports/calls.csv?${june}`)).text).map((r) => r.fields);
    const c4 = admin.find((r) => r[col('id')] === w.calls.c4)!;
    expect([c4[col('payout_cents')], c4[col('revenue_cents')], c4[col('buyer')]]).toEqual(['4000', '3500', w.drain.id]);
  });

  it('is refused the network routes and every write, changing nothing', async () => {
    const refused: [string, string, unknown?][] = [
      ['GET', '/v1/sites'],
      ['GET', '/v1/publishers'],
      ['GET', '/v1/buyers'],
      ['GET', '/v1/targets'],
      ['GET', '/v1/pools'],
      ['GET', '/v1/calls/fraud'],
      ['GET', '/v1/reports/pools'],
      ['GET', '/v1/exports/google-ads.csv?conversion_name=Call'],
      ['GET', '/v1/api-keys'],
      ['POST', `/v1/calls/${w.calls.c1}/conversion`, { value_cents: 1 }],
      ['POST', '/v1/conversions', { call_id: w.calls.c1, value_cents: 1 }],
      ['PATCH', `/v1/buyers/${w.rooter.id}`, { name: 'Mine now' }],
      ['POST', '/v1/api-keys', { role: 'buyer', buyer: w.rooter.id }],
    ];
    const before = JSON.stringify((await t.get(`/v1/calls?${june}&limit=500`)).json);
    for (const [method, path, body] of refused) {
      const res = await t.request(method, path, { body, key: w.rooter.key });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect(JSON.stringify((await t.get(`/v1/calls?${june}&limit=500`)).json)).toBe(before);
  });

  it('stops working once revoked', async () => {
    const made = await t.post('/v1/api-keys', { role: 'buyer', buyer: w.drain.id });
    expect((await t.get('/v1/calls', made.json.key)).status).toBe(200);
    expect((await t.request('DELETE', `/v1/api-keys/${made.json.id}`)).status).toBe(204);
    expect((await t.get('/v1/calls', made.json.key)).status).toBe(401);
  });
});
