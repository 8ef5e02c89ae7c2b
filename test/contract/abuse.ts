// The per-address defences of issue #10 over HTTP, written once and run against each
// runtime (abuse-node.test.ts, abuse-workers.test.ts): a server of its own, since these
// cases spend an address's limits. The client's address is set per request: on Node
// through X-Forwarded-For (DNI_TRUST_PROXY=1), on workerd through CF-Connecting-IP,
// which Cloudflare's edge sets and wrangler dev passes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, VISITOR_USER_AGENT, type ApiClient } from '../helpers/http';

export type AbuseServer = { url: string; adminKey: string; close: () => Promise<void> };

export const ABUSE_ENV = {
  DNI_DEMO: '0',
  DNI_SESSION_RATE_LIMIT: '0',
  DNI_LIVE_LEASES_PER_CLIENT: '3',
  DNI_AUTH_FAILURES_PER_MINUTE: '20',
  DNI_WRITE_BUDGET_PER_MINUTE: '50',
  DNI_TRUST_PROXY: '1',
} as const;

const BUSINESS = '+18005550100';
const from = (ip: string) => ({ 'x-forwarded-for': ip, 'cf-connecting-ip': ip });

export function abuseSuite(name: string, start: () => Promise<AbuseServer>) {
  describe(`per-address defences on ${name}`, () => {
    let server: AbuseServer;
    let api: ApiClient;
    beforeAll(async () => {
      server = await start();
      api = httpClient(server.url, server.adminKey, { 'user-agent': VISITOR_USER_AGENT });
    });
    afterAll(async () => {
      await server?.close();
    });

    let nextNumber = 2000;
    const numbers = (n: number) => Array.from({ length: n }, () => `+1415555${nextNumber++}`);

    it('leaves a second address leased after one address tried to drain a pool with rotating User-Agents', async () => {
      const site = await api.post('/v1/sites', { name: 'Shop', domains: ['drain.example'] }, { headers: from('192.0.2.1') });
      expect(site.status, site.text).toBe(201);
      const pool = await api.post(
        '/v1/pools',
        { site: site.json.id, name: 'Visitors', replace: BUSINESS, kind: 'session', forward_to: BUSINESS, numbers: numbers(8) },
        { headers: from('192.0.2.1') },
      );
      expect(pool.status, pool.text).toBe(201);
      const open = (ip: string, i: number) =>
        api.post(
          '/v1/sessions',
          { site: site.json.public_key, url: 'https://drain.example/' },
          { key: null, headers: { 'content-type': 'text/plain', 'user-agent': `${VISITOR_USER_AGENT} Variant/${i}`, ...from(ip) } },
        );
      const drain = [];
      for (let i = 0; i < 8; i++) drain.push((await open('198.51.100.77', i)).json.numbers[0]);
      expect(drain.filter((n) => n.leased)).toHaveLength(3);
      expect(drain.at(-1)).toEqual({ replace: BUSINESS, number: BUSINESS, leased: false, reason: 'rate_limited' });
      expect((await open('203.0.113.77', 0)).json.numbers[0].leased).toBe(true);
    });

    it('answers session requests past the write budget with 429 and Retry-After, and stores nothing for them', async () => {
      const site = await api.post('/v1/sites', { name: 'Budget', domains: ['budget.example'] });
      expect(site.status, site.text).toBe(201);
      const open = () =>
        api.post('/v1/sessions', { site: site.json.public_key, url: 'https://budget.example/' }, { key: null, headers: { 'content-type': 'text/plain', ...from('198.51.100.99') } });
      // As for keys, a minute boundary may pass mid-loop and give the address a new budget once.
      const budget = Number(ABUSE_ENV.DNI_WRITE_BUDGET_PER_MINUTE);
      let ok = 0;
      let refused;
      for (let i = 0; i < 2 * budget + 1 && !refused; i++) {
        const res = await open();
        if (res.status === 429) refused = res;
        else if (res.status === 200) ok++;
      }
      expect(refused).toBeDefined();
      expect(ok).toBeGreaterThanOrEqual(budget);
      expect(refused!.json.error.code).toBe('rate_limited');
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
      // The refused request opened no session: the site saw exactly the sessions answered 200.
      const report = await api.get(`/v1/reports/attribution?site=${site.json.id}&group_by=source`);
      expect(report.status, report.text).toBe(200);
      expect(report.json.totals.sessions).toBe(ok);
    });

    it('answers wrong keys past 20 in a minute from one address with 429 and Retry-After; another address still gets 401', async () => {
      // The exact 21st is asserted with a frozen clock (test/api/security.test.ts); over
      // HTTP a minute boundary may pass mid-loop and restart the count once.
      const statuses: number[] = [];
      let throttled;
      for (let i = 0; i < 41 && !throttled; i++) {
        const res = await api.request('GET', '/v1/calls', { key: `dni_guess_${i}`, headers: from('198.51.100.88') });
        statuses.push(res.status);
        if (res.status === 429) throttled = res;
      }
      expect(throttled, statuses.join(',')).toBeDefined();
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(20);
      expect(throttled!.json.error.code).toBe('rate_limited');
      expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await api.request('GET', '/v1/calls', { key: 'dni_guess_y', headers: from('203.0.113.88') })).status).toBe(401);
    });

    it('sends the security headers on the API and a CSP that refuses framing on /dashboard/', async () => {
      const res = await api.request('GET', '/v1/calls', { headers: from('203.0.113.99') });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const page = await fetch(`${server.url}/dashboard/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await page.text();
      const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const js = await fetch(`${server.url}${script}`);
      expect(js.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await js.text()).not.toContain('sourceMappingURL');
      expect((await fetch(`${server.url}${script}.map`)).status).toBe(404);
    });
  });
}
