// Editing and archiving sites (PATCH/DELETE /v1/sites/{id}), and naming a site by its id
// or its site key wherever a site is named. Archiving keeps calls and reports; the
// snippet gets no numbers there again; the demo site is archived like any other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITE_KEY } from '../../collector/bootstrap';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const open = (site: string, url = 'https://shop.example/') => t.post('/v1/sessions', { site, url }, { key: null, headers: { 'user-agent': CHROME } });
const del = (path: string) => t.request('DELETE', path);
const call = (id: string, to: string, from = '+14155550199') =>
  t.post('/v1/calls', { id, to, from, started_at: new Date(t.clock.now()).toISOString(), duration_s: 90, status: 'completed' });

describe('PATCH /v1/sites/{id}', () => {
  it('changes the name, domains and time zone, by id or by site key, and the snippet follows the new domains', async () => {
    const { site } = await siteWithPool(t);
    const res = await t.patch(`/v1/sites/${site.public_key}`, { name: 'Shop 2', domains: ['New.example', 'new.example'], timezone: 'Europe/Paris' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: site.id, name: 'Shop 2', domains: ['new.example'], timezone: 'Europe/Paris', country: 'US', archived_at: null });
    const listed = (await t.get('/v1/sites')).json.sites;
    expect(listed).toEqual([expect.objectContaining({ name: 'Shop 2', domains: ['new.example'] })]);
    // The old domain is refused at once (the cached site configuration is forgotten).
    const fromOld = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/' }, { key: null, headers: { origin: 'https://shop.example' } });
    expect(fromOld.status).toBe(403);
    const fromNew = await t.post('/v1/sessions', { site: site.public_key, url: 'https://new.example/' }, { key: null, headers: { origin: 'https://new.example' } });
    expect(fromNew.status).toBe(200);
  });

  it('refuses bad fields with 400 and changes nothing; 404 for a site that is not there', async () => {
    const { site } = await siteWithPool(t);
    for (const body of [{ timezone: 'Mars/Olympus' }, { domains: [] }, { domains: ['https://x.example/'] }, { name: '' }, { public_key: 'site_mine' }, { country: 'USA' }]) {
      const res = await t.patch(`/v1/sites/${site.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
    expect((await t.get('/v1/sites')).json.sites[0]).toMatchObject({ name: 'Shop', domains: ['shop.example'], timezone: 'America/New_York', public_key: site.public_key });
    const missing = await t.patch('/v1/sites/st_nope', { name: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });
});

describe('DELETE /v1/sites/{id} archives', () => {
  it('hides the site and its pools, gives the snippet no number, and keeps its calls and reports', async () => {
    const { site, pool } = await siteWithPool(t);
    const opened = await open(site.public_key);
    const leased = opened.json.numbers[0];
    expect(leased.leased).toBe(true);
    expect((await call('CA-before', leased.number)).status).toBe(201);

    const archived = await del(`/v1/sites/${site.id}`);
    expect(archived.status, archived.text).toBe(200);
    expect(archived.json.archived_at).toBe(new Date(t.clock.now()).toISOString());

    expect((await t.get('/v1/sites')).json.sites).toEqual([]);
    expect((await t.get('/v1/sites?archived=1')).json.sites.map((s: { id: string }) => s.id)).toEqual([site.id]);
    expect((await t.get('/v1/pools')).json.pools).toEqual([]);
    expect((await t.get('/v1/pools?archived=1')).json.pools).toEqual([expect.objectContaining({ id: pool.id, archived_at: archived.json.archived_at })]);

    // The snippet: no new session, no lease, and it is told why.
    const later = await open(site.public_key);
    expect(later.status).toBe(404);
    expect(later.json.error.message).toBe('This site is archived');

    // A call to the number still matches the visitor who held it; reports still count it.
    t.clock.advance(60_000);
    const matched = await call('CA-after', leased.number, '+14155550198');
    expect(matched.status).toBe(201);
    expect(matched.json.attribution).toMatchObject({ session: opened.json.session });
    t.clock.advance(60_000);
    const report = await t.get(`/v1/reports/attribution?site=${site.id}&from=2026-05-01`);
    expect(report.status).toBe(200);
    expect(report.json.totals).toMatchObject({ sessions: 1, calls: 2 });

    // Archiving again changes nothing; editing an archived site is a clear 409.
    t.clock.advance(60_000);
    expect((await del(`/v1/sites/${site.id}`)).json.archived_at).toBe(archived.json.archived_at);
    const edit = await t.patch(`/v1/sites/${site.id}`, { name: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.json.error).toMatchObject({ code: 'conflict', message: 'Site Shop is archived' });
    const newPool = await t.post('/v1/pools', { site: site.id, name: 'p', replace: '+18005550100', forward_to: '+18005550100' });
    expect(newPool.status).toBe(409);
  });

  it('answers 404 for a site of another account or none', async () => {
    expect((await del('/v1/sites/st_nope')).status).toBe(404);
  });
});

describe('a site named by its id or its site key', () => {
  it('works in pools, rules, reports, the call log, exports and the pool report', async () => {
    const { site } = await siteWithPool(t);
    const byKey = await t.post('/v1/pools', { site: site.public_key, name: 'By key', replace: '+18005550111', forward_to: '+18005550111', numbers: ['+14155550191'] });
    expect(byKey.status, byKey.text).toBe(201);
    expect(byKey.json.site).toBe(site.id);
    for (const ref of [site.id, site.public_key]) {
      expect((await t.get(`/v1/pools?site=${ref}`)).json.pools).toHaveLength(2);
      expect((await t.get(`/v1/reports/pools?site=${ref}`)).json.pools).toHaveLength(2);
      expect((await t.put(`/v1/sites/${ref}/rules`, { min_duration_s: 30 })).status).toBe(200);
      expect((await t.get(`/v1/sites/${ref}/rules`)).json.site).toBe(site.id);
      expect((await t.get(`/v1/reports/attribution?site=${ref}`)).json.timezone).toBe('America/New_York');
      expect((await t.get(`/v1/calls?site=${ref}`)).status).toBe(200);
      expect((await t.get(`/v1/exports/calls.csv?site=${ref}`)).status).toBe(200);
    }
    // A session may name the site by its id too.
    expect((await open(site.id)).json.numbers[0].leased).toBe(true);
    // Another site's calls stay out when the site is named by key.
    const other = (await t.post('/v1/sites', { name: 'Other', domains: ['other.example'] })).json;
    const otherPool = await t.post('/v1/pools', { site: other.public_key, name: 'o', replace: '+18005550122', forward_to: '+18005550122', numbers: ['+14155550192'] });
    expect(otherPool.status).toBe(201);
    expect((await call('CA-other', '+14155550192')).status).toBe(201);
    expect((await t.get(`/v1/calls?site=${site.public_key}`)).json.calls).toEqual([]);
    expect((await t.get(`/v1/calls?site=${other.public_key}`)).json.calls).toHaveLength(1);
    expect((await t.get('/v1/pools?site=site_nope')).status).toBe(404);
  });
});

describe('the demo site', () => {
  it('archives like any site: the demo page and its simulated call stop, and its clicks leave the Google Ads export', async () => {
    const demo = await createTestApp({ demo: true });
    try {
      const site = (await demo.get('/v1/sites')).json.sites.find((s: { public_key: string }) => s.public_key === DEMO_SITE_KEY);
      const opened = await demo.post('/v1/sessions', { site: DEMO_SITE_KEY, url: 'http://localhost/demo?utm_source=google&utm_medium=cpc&gclid=demo-click' }, { key: null, headers: { 'user-agent': CHROME } });
      expect(opened.json.numbers[0].leased).toBe(true);
      demo.clock.advance(60_000);
      expect((await demo.post('/demo/call', {}, { key: null })).status).toBe(201);
      demo.clock.advance(60_000);
      // Each line after the preamble and the header is one conversion: its first field, the click id.
      const clicks = async () =>
        (await demo.get('/v1/exports/google-ads.csv?conversion_name=Call')).text
          .split('\r\n')
          .slice(2)
          .filter(Boolean)
          .map((line) => line.split(',')[0]);
      expect(await clicks()).toEqual(['demo-click']);

      expect((await demo.request('DELETE', `/v1/sites/${site.id}`)).status).toBe(200);
      expect((await demo.get('/demo', null)).status).toBe(404);
      const again = await demo.post('/demo/call', {}, { key: null });
      expect(again.status).toBe(404);
      expect(again.json.error.message).toMatch(/archived/);
      expect(await clicks()).toEqual([]);
      // The call stays in the call log.
      expect((await demo.get('/v1/calls')).json.calls).toHaveLength(1);
    } finally {
      demo.close();
    }
  });
});
