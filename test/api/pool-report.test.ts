// GET /v1/reports/pools: size, leased now, peak concurrent leases, exhaustions and the
// recommended size, per pool; scoped to the account and site; admin and viewer only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const MINUTE = 60_000;
const T0 = Date.parse('2026-06-01T15:00:00Z');

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const numbers = (from: number, n: number) => Array.from({ length: n }, (_, i) => `+1415555${String(from + i).padStart(4, '0')}`);
const visit = (siteKey: string) =>
  t.post('/v1/sessions', { site: siteKey, url: 'https://shop.example/' }, { key: null, headers: { 'user-agent': CHROME } });
const report = async (query = '') => {
  const res = await t.get(`/v1/reports/pools${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json.pools as Record<string, any>[];
};

describe('GET /v1/reports/pools', () => {
  it('reports occupancy now, the peak, exhaustions and a recommended size', async () => {
    const { site, pool } = await siteWithPool(t, { numbers: numbers(100, 3), leaseMinutes: 1, restMinutes: 15 });
    const source = await t.post('/v1/pools', { site: site.id, name: 'Radio', kind: 'source', replace: '+18005550111', forward_to: '+18005550111', numbers: numbers(200, 1) });
    for (let i = 0; i < 5; i++) await visit(site.public_key); // 3 leased, 2 refused

    t.clock.set(T0 + MINUTE);
    const rows = await report();
    const now = rows.find((p) => p.kind === 'session');
    const radio = rows.find((p) => p.kind === 'source');
    expect(now).toEqual({
      id: pool.id,
      name: 'Visitors',
      site: site.id,
      kind: 'session',
      replace: '+18005550100',
      size: 3,
      leased_now: 3,
      resting_now: 0,
      free_now: 0,
      peak_leases: 3,
      peak_leases_at: '2026-06-01T15:00:00.000Z',
      exhaustions: 2,
      // Two refusals in a minute are no burst (that takes 10: test/api/pool-draining.test.ts).
      exhaustion_bursts: 0,
      last_exhaustion_burst_at: null,
      // 5 sessions wanted a number in the 15:00 hour, each holding one for 1 + 5 minutes
      // of lease and 15 of rest: 5 × 21 / 60 = 1.75 Erlangs; 75 % needs 3, Erlang B at 1 % needs 6.
      recommended_size: 6,
      sizing: { window_days: 7, peak_hour: '2026-06-01T15:00:00.000Z', peak_hour_sessions: 5, hold_minutes: 21, offered_load: 1.75 },
    });
    expect(radio).toEqual({
      id: source.json.id,
      name: 'Radio',
      site: site.id,
      kind: 'source',
      replace: '+18005550111',
      size: 1,
      leased_now: 0,
      resting_now: 0,
      free_now: 1,
      peak_leases: 0,
      peak_leases_at: null,
      exhaustions: 0,
      exhaustion_bursts: 0,
      last_exhaustion_burst_at: null,
      recommended_size: 1,
      sizing: null,
    });

    t.clock.set(T0 + 10 * MINUTE); // leases ended at 15:06 and rest until 15:21
    expect((await report()).find((p) => p.id === pool.id)).toMatchObject({ leased_now: 0, resting_now: 3, free_now: 0, peak_leases: 3 });
    t.clock.set(T0 + 30 * MINUTE);
    expect((await report()).find((p) => p.id === pool.id)).toMatchObject({ leased_now: 0, resting_now: 0, free_now: 3, peak_leases: 3, sizing: { hold_minutes: 21 } });
  });

  it('measures the peak from the lease history, so leases that ended lower the count', async () => {
    const { site, pool } = await siteWithPool(t, { numbers: numbers(100, 10), leaseMinutes: 1, restMinutes: 0 });
    await visit(site.public_key); // 15:00 – 15:06
    t.clock.set(T0 + 2 * MINUTE);
    await visit(site.public_key); // 15:02 – 15:08: two at once
    t.clock.set(T0 + 7 * MINUTE);
    await visit(site.public_key); // 15:07 – 15:13: two again (the first has ended)
    t.clock.set(T0 + 9 * MINUTE);
    await visit(site.public_key); // 15:09 – 15:15: two
    const [row] = await report();
    expect(row).toMatchObject({ id: pool.id, leased_now: 2, peak_leases: 2, peak_leases_at: '2026-06-01T15:02:00.000Z', exhaustions: 0 });
  });

  it('looks back `days` for the busiest hour and recommends nothing without traffic', async () => {
    const { site } = await siteWithPool(t, { numbers: numbers(100, 3) });
    for (let i = 0; i < 2; i++) await visit(site.public_key);
    t.clock.set(T0 + 3 * 24 * 60 * MINUTE);
    expect((await report('?days=7'))[0]).toMatchObject({ recommended_size: expect.any(Number), sizing: { peak_hour_sessions: 2 } });
    expect((await report('?days=1'))[0]).toMatchObject({ recommended_size: null, peak_leases: 0, sizing: { peak_hour: null, peak_hour_sessions: 0 } });
  });

  it('filters by site and never shows another account', async () => {
    const a = await siteWithPool(t, { numbers: numbers(100, 2) });
    const other = await t.post('/v1/sites', { name: 'Other', domains: ['other.example'] });
    await t.post('/v1/pools', { site: other.json.id, name: 'Other pool', replace: '+18005550122', forward_to: '+18005550122', numbers: numbers(300, 2) });
    expect((await report()).map((p) => p.name).sort()).toEqual(['Other pool', 'Visitors']);
    expect((await report(`?site=${a.site.id}`)).map((p) => p.name)).toEqual(['Visitors']);
    const missing = await t.get('/v1/reports/pools?site=st_nope');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });

  it('is for admin and viewer keys, and rejects bad parameters', async () => {
    const publisher = await t.post('/v1/publishers', { name: 'Acme', code: 'acme' });
    const viewer = await t.post('/v1/api-keys', { role: 'viewer' });
    expect((await t.get('/v1/reports/pools', viewer.json.key)).status).toBe(200);
    const pub = await t.post('/v1/api-keys', { role: 'publisher', publisher: publisher.json.id });
    expect(pub.status, pub.text).toBe(201);
    const denied = await t.get('/v1/reports/pools', pub.json.key);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('forbidden');
    expect((await t.get('/v1/reports/pools', null)).status).toBe(401);
    for (const q of ['?days=0', '?days=91', '?days=x', '?color=red']) {
      const res = await t.get(`/v1/reports/pools${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
  });
});
