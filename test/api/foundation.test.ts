import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createTestApp, siteWithPool, type TestApp } from '../helpers/app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('bootstrap', () => {
  it('makes the default account whose admin key works', async () => {
    const res = await t.get('/v1/sites');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ sites: [] });
  });

  it('answers /healthz once migrations ran', async () => {
    const res = await t.get('/healthz', null);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
  });
});

describe('auth', () => {
  it('answers 401 with the JSON error shape without a key', async () => {
    const res = await t.get('/v1/calls', null);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('answers 401 for an unknown key', async () => {
    const res = await t.get('/v1/calls', 'not-a-real-key-000000000000');
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it('forbids writes to a viewer key and lets it read', async () => {
    const made = await t.post('/v1/api-keys', { role: 'viewer', name: 'analyst' });
    expect(made.status).toBe(201);
    expect(made.json.key).not.toBe(ADMIN_KEY);
    const write = await t.post('/v1/sites', { name: 'x', domains: ['x.example'] }, { key: made.json.key });
    expect(write.status).toBe(403);
    expect(write.json.error.code).toBe('forbidden');
    expect((await t.get('/v1/sites', made.json.key)).status).toBe(200);
  });

  it('rejects bad input with 400 and changes nothing', async () => {
    const res = await t.post('/v1/sites', { name: '', domains: [] });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect((await t.get('/v1/sites')).json.sites).toHaveLength(0);
  });

  it('answers 415 for a body that is not JSON and 413 for one over 64 KiB', async () => {
    const form = await t.post('/v1/sites', 'name=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const big = await t.post('/v1/sites', { name: 'x'.repeat(70_000), domains: ['x.example'] });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
  });
});

describe('sites and pools', () => {
  it('creates a site with its script tag and a pool in E.164', async () => {
    const site = await t.post('/v1/sites', { name: 'Shop', domains: ['Shop.Example'] });
    expect(site.status).toBe(201);
    expect(site.json.public_key).toMatch(/^site_/);
    expect(site.json.domains).toEqual(['shop.example']);
    expect(site.json.script_tag).toBe(`<script src="http://collector.test/dni.js" data-site="${site.json.public_key}" async></script>`);
    const pool = await t.post('/v1/pools', {
      site: site.json.id,
      name: 'Visitors',
      replace: '(800) 555-0100',
      forward_to: '800.555.0100',
      numbers: ['415-555-0101', '+1 415 555 0102'],
    });
    expect(pool.status).toBe(201);
    expect(pool.json).toMatchObject({ replace: '+18005550100', forward_to: '+18005550100', numbers: ['+14155550101', '+14155550102'], kind: 'session' });
    const more = await t.post(`/v1/pools/${pool.json.id}/numbers`, { numbers: ['4155550103'] });
    expect(more.status).toBe(200);
    expect(more.json.numbers).toEqual(['+14155550101', '+14155550102', '+14155550103']);
  });

  it('refuses a number that is already a tracking number', async () => {
    const { pool } = await siteWithPool(t);
    const res = await t.post(`/v1/pools/${pool.id}/numbers`, { numbers: ['+14155550101'] });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
  });
});

describe('leasing', () => {
  it('leases a distinct number to each new session and keeps it for a returning one', async () => {
    const { site } = await siteWithPool(t);
    const open = (body: object = {}) =>
      t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/', ...body }, { key: null, headers: { 'content-type': 'text/plain' } });
    const a = await open();
    const b = await open();
    expect(a.status).toBe(200);
    expect(a.json.numbers).toEqual([{ replace: '+18005550100', number: expect.stringMatching(/^\+1415555010[1-3]$/), leased: true }]);
    expect(b.json.numbers[0].number).not.toBe(a.json.numbers[0].number);
    const again = await open({ session: a.json.session, visitor: a.json.visitor });
    expect(again.json.session).toBe(a.json.session);
    expect(again.json.numbers[0].number).toBe(a.json.numbers[0].number);
  });

  it('rejects an origin that is not one of the site domains with 403 and leases nothing', async () => {
    const { site } = await siteWithPool(t, { numbers: ['+14155550101'] });
    const bad = await t.post('/v1/sessions', { site: site.public_key, url: 'https://evil.example/' }, { key: null, headers: { origin: 'https://evil.example' } });
    expect(bad.status).toBe(403);
    const good = await t.post('/v1/sessions', { site: site.public_key, url: 'https://www.shop.example/' }, { key: null, headers: { origin: 'https://www.shop.example' } });
    expect(good.status).toBe(200);
    expect(good.headers.get('access-control-allow-origin')).toBe('https://www.shop.example');
    expect(good.json.numbers[0]).toMatchObject({ number: '+14155550101', leased: true });
  });

  it('tells when the snippet last opened a session on the site', async () => {
    const { site } = await siteWithPool(t);
    expect((await t.get('/v1/sites')).json.sites[0].last_seen_at).toBeNull();
    t.clock.set('2026-06-01T16:30:00Z');
    await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/' }, { key: null });
    expect((await t.get('/v1/sites')).json.sites[0].last_seen_at).toBe('2026-06-01T16:30:00.000Z');
  });

  it('answers 404 for an unknown site key', async () => {
    const res = await t.post('/v1/sessions', { site: 'site_nope', url: 'https://shop.example/' }, { key: null });
    expect(res.status).toBe(404);
  });

  it('shows the business number, unleased, when the pool is exhausted', async () => {
    const { site } = await siteWithPool(t, { numbers: ['+14155550101'] });
    await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/' }, { key: null });
    const second = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/' }, { key: null });
    expect(second.json.numbers).toEqual([{ replace: '+18005550100', number: '+18005550100', leased: false, reason: 'exhausted' }]);
  });
});

describe('call matching', () => {
  it('attributes a call to the session that held the number, with its keyword', async () => {
    const { site } = await siteWithPool(t);
    const visit = await t.post(
      '/v1/sessions',
      { site: site.public_key, url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=emergency+plumber' },
      { key: null },
    );
    const tracking = visit.json.numbers[0].number;
    t.clock.advance(5 * 60_000);
    const call = await t.post('/v1/calls', {
      id: 'CA-1',
      to: tracking,
      from: '+14155550199',
      started_at: new Date(t.clock.now()).toISOString(),
      duration_s: 95,
      status: 'completed',
    });
    expect(call.status).toBe(201);
    expect(call.json.attribution).toMatchObject({
      confidence: 'exclusive',
      session: visit.json.session,
      source: 'google',
      medium: 'cpc',
      campaign: 'spring',
      keyword: 'emergency plumber',
    });
    const listed = await t.get('/v1/calls');
    expect(listed.json.calls.map((c: { id: string }) => c.id)).toEqual([call.json.id]);
    const retry = await t.post('/v1/calls', { id: 'CA-1', to: tracking, started_at: new Date(t.clock.now()).toISOString(), duration_s: 100, status: 'completed' });
    expect(retry.status).toBe(200);
    expect(retry.json.id).toBe(call.json.id);
    expect(retry.json.duration_s).toBe(100);
  });

  it('matches a call after the lease ended as late, and none after the match window', async () => {
    const { site } = await siteWithPool(t, { numbers: ['+14155550101'], leaseMinutes: 30, matchWindowMinutes: 60 });
    const visit = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/?utm_source=bing' }, { key: null });
    const ends = Date.parse(visit.json.expires_at);
    const at = (ms: number) => new Date(ms).toISOString();
    const late = await t.post('/v1/calls', { id: 'late', to: '+14155550101', started_at: at(ends + 10 * 60_000), duration_s: 70, status: 'completed' });
    expect(late.json.attribution).toMatchObject({ confidence: 'late', session: visit.json.session, source: 'bing' });
    const none = await t.post('/v1/calls', { id: 'none', to: '+14155550101', started_at: at(ends + 61 * 60_000), duration_s: 70, status: 'completed' });
    expect(none.json.attribution).toMatchObject({ confidence: 'none', session: null });
  });

  it('a call to an unknown number is stored with no attribution', async () => {
    const res = await t.post('/v1/calls', { id: 'x', to: '+12125550123', started_at: '2026-06-01T15:00:00Z', status: 'no-answer' });
    expect(res.status).toBe(201);
    expect(res.json.attribution.confidence).toBe('none');
  });
});
