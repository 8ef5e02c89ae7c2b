// The site configuration kept in memory for the session path (collector/db/config-cache.ts):
// changes made through the API are seen by the very next session, changes made behind
// this process's back within CONFIG_TTL_MS, and the claim itself never relies on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../collector/bootstrap';
import { CONFIG_TTL_MS } from '../../collector/db/config-cache';
import { pools } from '../../collector/db/schema';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { VISITOR_USER_AGENT } from '../helpers/http';

let t: TestApp;
let site: { id: string; public_key: string };
beforeEach(async () => {
  t = await createTestApp();
  site = (await siteWithPool(t, { numbers: ['+14155550101', '+14155550102'] })).site;
});
afterEach(() => t.close());

const visit = (url = 'https://shop.example/') =>
  t.post('/v1/sessions', { site: site.public_key, url }, { key: null, headers: { 'content-type': 'text/plain', 'user-agent': VISITOR_USER_AGENT } });
const shown = async (url?: string) => {
  const res = await visit(url);
  expect(res.status).toBe(200);
  return res.json.numbers as { replace: string; number: string; leased: boolean }[];
};
const newPool = (extra: Record<string, unknown>) =>
  t.post('/v1/pools', { site: site.id, name: 'More', replace: '+18005550100', forward_to: '+18005550100', ...extra });

describe('changes through the API', () => {
  it('a new pool, and its rule, serve the next session at once', async () => {
    expect(await shown('https://shop.example/?utm_source=bing')).toHaveLength(1);
    const bing = await newPool({ name: 'Bing', kind: 'source', match: { source: 'bing' }, priority: 5, numbers: ['+14155550201'] });
    expect(bing.status).toBe(201);
    expect(await shown('https://shop.example/?utm_source=bing')).toEqual([{ replace: '+18005550100', number: '+14155550201', leased: true }]);
    // A second business number gets its own pool: the next visit is shown both.
    const service = await newPool({ name: 'Service', replace: '+18005550199', numbers: ['+14155550301'] });
    expect(service.status).toBe(201);
    expect((await shown()).map((n) => n.replace).sort()).toEqual(['+18005550100', '+18005550199']);
  });

  it('a new publisher is recognised by the next session, and its pool serves it', async () => {
    const pool = await newPool({ name: 'Acme', kind: 'source', match: { publisher: 'acme' }, priority: 5, numbers: ['+14155550401'] });
    expect(pool.status).toBe(201);
    const before = await shown('https://shop.example/?utm_source=acme');
    expect(before[0]!.number).not.toBe('+14155550401');
    expect((await t.post('/v1/publishers', { name: 'Acme Leads', code: 'acme' })).status).toBe(201);
    expect(await shown('https://shop.example/?utm_source=acme')).toEqual([{ replace: '+18005550100', number: '+14155550401', leased: true }]);
  });
});

describe('changes behind the API (another isolate or process)', () => {
  it('are seen once CONFIG_TTL_MS has passed, not before', async () => {
    await shown('https://shop.example/?utm_source=bing');
    await t.db.insert(pools).values({
      id: 'pl_elsewhere',
      accountId: DEFAULT_ACCOUNT_ID,
      siteId: site.id,
      name: 'Made elsewhere',
      replaceNumber: '+18005550199',
      kind: 'session',
      forwardTo: '+18005550100',
      createdAt: t.clock.now(),
    });
    t.clock.advance(CONFIG_TTL_MS - 1);
    expect((await shown()).map((n) => n.replace)).toEqual(['+18005550100']);
    t.clock.advance(1);
    expect((await shown()).map((n) => n.replace).sort()).toEqual(['+18005550100', '+18005550199']);
  });
});

describe('leases with a cached configuration', () => {
  it('never lets two live sessions share a number', async () => {
    await shown(); // the configuration is now cached
    const answers = await Promise.all(Array.from({ length: 6 }, () => shown()));
    const leased = answers.flat().filter((n) => n.leased).map((n) => n.number);
    // One number was taken by the first visit: one left for six concurrent ones.
    expect(leased).toHaveLength(1);
    expect(answers.flat().filter((n) => !n.leased)).toHaveLength(5);
    // Numbers freed by time come back; the cache holds no lease state.
    t.clock.advance(24 * 60 * 60_000);
    const later = await Promise.all([shown(), shown(), shown()]);
    const again = later.flat().filter((n) => n.leased).map((n) => n.number);
    expect(new Set(again).size).toBe(again.length);
    expect(again.sort()).toEqual(['+14155550101', '+14155550102']);
  });
});
