// A pool cannot be drained from one address (issue #10): one client address holds at
// most DNI_LIVE_LEASES_PER_CLIENT live numbers of a pool, whatever User-Agent it sends;
// pings cannot hold a number past DNI_LEASE_MAX_MINUTES; exhaustion bursts are counted
// and logged; and the public endpoints write nothing past a client's write budget.
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../collector/config';
import { pageViews, poolExhaustions, sessions, trackingNumbers, visitors } from '../../collector/db/schema';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const MINUTE = 60_000;
const BUSINESS = '+18005550100';
const numbers = (n: number) => Array.from({ length: n }, (_, i) => `+1415555${String(1000 + i)}`);
// Desktop and mobile browsers of every kind: the cap is per address, not per browser.
const userAgent = (i: number) =>
  `Mozilla/5.0 (${['X11; Linux x86_64', 'Windows NT 10.0; Win64; x64', 'Macintosh; Intel Mac OS X 14_5', 'iPhone; CPU iPhone OS 17_5 like Mac OS X'][i % 4]}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${120 + i}.0.0.0 Safari/537.36`;

let t: TestApp;
afterEach(() => t?.close());

async function setup(config: Partial<Config>, pool: { numbers?: string[]; restMinutes?: number; leaseMinutes?: number } = {}) {
  t = await createTestApp(config);
  const made = await siteWithPool(t, { numbers: pool.numbers ?? numbers(20), restMinutes: pool.restMinutes, leaseMinutes: pool.leaseMinutes });
  return made;
}

function open(siteKey: string, ip: string, i = 0) {
  t.client.ip = ip;
  return t.post('/v1/sessions', { site: siteKey, url: 'https://shop.example/' }, { key: null, headers: { 'content-type': 'text/plain', 'user-agent': userAgent(i) } });
}

function ping(session: string, ip: string) {
  t.client.ip = ip;
  return t.post(`/v1/sessions/${session}/ping`, {}, { key: null, headers: { 'content-type': 'text/plain' } });
}

const rows = async (table: typeof sessions | typeof pageViews | typeof visitors | typeof poolExhaustions) => (await t.db.select({ n: count() }).from(table))[0]!.n;

describe('the live-lease cap per client address', () => {
  it('leaves a second address leased after one address tried to drain the pool with rotating User-Agents', async () => {
    const { site } = await setup({ liveLeasesPerClient: 3 });
    const drain = [];
    for (let i = 0; i < 20; i++) drain.push((await open(site.public_key, '198.51.100.9', i)).json.numbers[0]);
    expect(drain.filter((n) => n.leased)).toHaveLength(3);
    // Over the cap: the business number, unleased, with the reason the snippet's debug log shows.
    expect(drain.slice(3)).toEqual(Array(17).fill({ replace: BUSINESS, number: BUSINESS, leased: false, reason: 'rate_limited' }));
    // A capped client is not an exhausted pool: the pool had numbers to give.
    expect(await rows(poolExhaustions)).toBe(0);

    const visitor = await open(site.public_key, '203.0.113.50');
    expect(visitor.json.numbers[0]).toMatchObject({ leased: true, number: expect.stringMatching(/^\+1415555\d{4}$/) });
  });

  it('counts an IPv6 client by its /64 and shows a capped client the overflow number', async () => {
    t = await createTestApp({ liveLeasesPerClient: 2 });
    const site = (await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'] })).json;
    const pool = await t.post('/v1/pools', {
      site: site.id, name: 'Visitors', replace: BUSINESS, kind: 'session', forward_to: BUSINESS, numbers: numbers(10), overflow_number: '+14155559999',
    });
    expect(pool.status).toBe(201);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await open(site.public_key, `2001:db8:7:1::${i + 1}`, i)).json.numbers[0]);
    expect(answers.filter((n) => n.leased)).toHaveLength(2);
    expect(answers[4]).toEqual({ replace: BUSINESS, number: '+14155559999', leased: false, reason: 'rate_limited' });
    // The next /64 is another client.
    expect((await open(site.public_key, '2001:db8:7:2::1')).json.numbers[0].leased).toBe(true);
  });

  it('frees the client again once a held lease ends, and stores no address with the number', async () => {
    const { site } = await setup({ liveLeasesPerClient: 1 }, { leaseMinutes: 5 });
    expect((await open(site.public_key, '198.51.100.9')).json.numbers[0].leased).toBe(true);
    expect((await open(site.public_key, '198.51.100.9')).json.numbers[0].leased).toBe(false);
    t.clock.advance(11 * MINUTE); // 5 minutes + the 5-minute slack: the first lease is over
    expect((await open(site.public_key, '198.51.100.9')).json.numbers[0].leased).toBe(true);
    const holders = (await t.db.select({ holder: trackingNumbers.holder }).from(trackingNumbers)).map((r) => r.holder).filter(Boolean);
    expect(holders.length).toBeGreaterThan(0);
    for (const h of holders) expect(h).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is off at 0', async () => {
    const { site } = await setup({ liveLeasesPerClient: 0 }, { numbers: numbers(4) });
    const leased = [];
    for (let i = 0; i < 4; i++) leased.push((await open(site.public_key, '198.51.100.9', i)).json.numbers[0].leased);
    expect(leased).toEqual([true, true, true, true]);
  });
});

describe('the longest life of a lease', () => {
  it('lets no amount of pinging hold a number past DNI_LEASE_MAX_MINUTES', async () => {
    const { site } = await setup({ leaseMaxMinutes: 120 }, { numbers: numbers(1), restMinutes: 15 });
    const start = t.clock.now();
    const first = await open(site.public_key, '198.51.100.9');
    expect(first.json.numbers[0].leased).toBe(true);
    const session = first.json.session as string;
    // A ping loop every minute for three hours: every answer stays inside the life cap.
    let lastExpiry = 0;
    for (let m = 1; m <= 180; m++) {
      t.clock.set(start + m * MINUTE);
      const res = await ping(session, '198.51.100.9');
      expect(res.status).toBe(200);
      lastExpiry = Math.max(lastExpiry, Date.parse(res.json.expires_at));
      expect(lastExpiry).toBeLessThanOrEqual(start + 120 * MINUTE);
    }
    const [row] = await t.db.select().from(trackingNumbers);
    expect(row!.leasedUntil).toBe(start + 120 * MINUTE);
    // The page learns its lease lapsed (expires_at in the past) ...
    expect(lastExpiry).toBeLessThan(t.clock.now());
    // ... and after the rest the one number is another visitor's.
    const other = await open(site.public_key, '203.0.113.50');
    expect(other.json.numbers[0]).toMatchObject({ leased: true, number: row!.number });
  });
});

describe('exhaustion bursts', () => {
  it('counts a minute with EXHAUSTION_BURST refused visitors as a burst in the pool report, and logs it once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { site, pool } = await setup({}, { numbers: numbers(1) });
      t.clock.set('2026-06-01T15:00:05Z');
      for (let i = 0; i < 13; i++) await open(site.public_key, `198.51.100.${i + 1}`, i);
      expect(await rows(poolExhaustions)).toBe(12);
      const bursts = warn.mock.calls.map((c) => JSON.parse(String(c[0]))).filter((l) => l.event === 'pool_exhaustion_burst');
      expect(bursts).toEqual([{ event: 'pool_exhaustion_burst', pool: pool.id, exhaustions: 10, minute: '2026-06-01T15:00:00.000Z' }]);
      const report = (await t.get('/v1/reports/pools')).json.pools[0];
      expect(report).toMatchObject({ exhaustions: 12, exhaustion_bursts: 1, last_exhaustion_burst_at: '2026-06-01T15:00:00.000Z' });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the write budget of the public endpoints', () => {
  it('answers 429 with Retry-After past the budget and writes nothing, then allows the next minute', async () => {
    const { site } = await setup({ writeBudgetPerMinute: 4 });
    t.clock.set('2026-06-01T15:00:15Z');
    const ok = [];
    for (let i = 0; i < 4; i++) ok.push(await open(site.public_key, '198.51.100.9', i));
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const before = [await rows(sessions), await rows(pageViews), await rows(visitors)];

    const over = await open(site.public_key, '198.51.100.9');
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('rate_limited');
    expect(over.headers.get('retry-after')).toBe('45');
    // A ping that would record a new page is refused too.
    t.client.ip = '198.51.100.9';
    const pinged = await t.post(`/v1/sessions/${ok[0]!.json.session}/ping`, { url: 'https://shop.example/next' }, { key: null, headers: { 'content-type': 'text/plain' } });
    expect(pinged.status).toBe(429);
    expect([await rows(sessions), await rows(pageViews), await rows(visitors)]).toEqual(before);

    // Another address has its own budget; the next minute, this one has a new one.
    expect((await open(site.public_key, '203.0.113.50')).status).toBe(200);
    t.clock.set('2026-06-01T15:01:00Z');
    expect((await open(site.public_key, '198.51.100.9')).status).toBe(200);
    expect(await rows(sessions)).toBe(before[0]! + 2);
  });

  it('spends nothing on a ping that writes nothing', async () => {
    const { site } = await setup({ writeBudgetPerMinute: 1 });
    const first = await open(site.public_key, '198.51.100.9');
    expect(first.status).toBe(200);
    // The budget is spent, but a steady ping changes nothing, so it is answered.
    const res = await ping(first.json.session, '198.51.100.9');
    expect(res.status).toBe(200);
    expect(await t.db.select().from(sessions).where(eq(sessions.id, first.json.session))).toHaveLength(1);
  });
});
