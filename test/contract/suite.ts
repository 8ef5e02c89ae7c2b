// The HTTP contract (shared/API.md), written once against a base URL. Each runtime
// instantiates it with its own server: test/contract/node.test.ts (the Node entry
// over a libSQL file) and test/contract/workers.test.ts (wrangler dev: workerd and a
// local D1). Only what a client can see over HTTP is asserted here; every case makes
// its own site and numbers, so the cases share a server without sharing state.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, VISITOR_USER_AGENT, type ApiClient } from '../helpers/http';
import { SimulatedCall } from '../helpers/call-simulator';
import { callSid, twilioPost, voiceParams } from '../helpers/twilio';

export type ContractServer = {
  url: string;
  adminKey: string;
  /** Runs the scheduled jobs now: RunningServer.runJobs on Node, the cron trigger on Workers. */
  runJobs: () => Promise<unknown>;
  close: () => Promise<void>;
};

/** What both runtimes are started with, so that URLs and signatures agree. */
export const CONTRACT_ENV = {
  DNI_PUBLIC_URL: 'https://collector.test',
  TWILIO_AUTH_TOKEN: 'contract_twilio_auth_token_0123456789',
  // Per client IP and site: every case but the rate-limit one stays far below it.
  DNI_SESSION_RATE_LIMIT: '20',
  DNI_DEMO: '0',
} as const;

export function contractSuite(name: string, start: () => Promise<ContractServer>) {
  describe(`HTTP contract on ${name}`, () => {
    let server: ContractServer;
    let api: ApiClient;
    beforeAll(async () => {
      server = await start();
      // Sessions come from browsers: a bot's User-Agent gets no lease.
      api = httpClient(server.url, server.adminKey, { 'user-agent': VISITOR_USER_AGENT });
    });
    afterAll(async () => {
      await server?.close();
    });

    const req: ApiClient['request'] = (...args) => api.request(...args);
    const get: ApiClient['get'] = (...args) => api.get(...args);
    const post: ApiClient['post'] = (...args) => api.post(...args);

    // Numbers are unique per server (a tracking number belongs to one pool), so each
    // case draws fresh ones: +1 415 555 1000, 1001, …
    let nextNumber = 1000;
    const numbers = (n: number) => Array.from({ length: n }, () => `+1415555${nextNumber++}`);
    let nextSite = 0;

    /** A site on its own domain with one session-level pool. */
    async function siteWithPool(opts: { numbers?: number; leaseMinutes?: number; matchWindowMinutes?: number } = {}) {
      const domain = `shop${nextSite++}.example`;
      const site = await post('/v1/sites', { name: 'Shop', domains: [domain], timezone: 'America/New_York' });
      expect(site.status, site.text).toBe(201);
      const pool = await post('/v1/pools', {
        site: site.json.id,
        name: 'Visitors',
        replace: '+18005550100',
        kind: 'session',
        lease_minutes: opts.leaseMinutes ?? 30,
        match_window_minutes: opts.matchWindowMinutes ?? 60,
        forward_to: '+18005550100',
        numbers: numbers(opts.numbers ?? 3),
      });
      expect(pool.status, pool.text).toBe(201);
      return { site: site.json, pool: pool.json, domain };
    }

    const openSession = (siteKey: string, url: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      post('/v1/sessions', { site: siteKey, url, referrer: 'https://www.google.com/', ...extra }, { key: null, headers: { 'content-type': 'text/plain', ...headers } });

    const errorShape = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

    describe('health and static files', () => {
      it('answers /healthz with 200 {"ok":true}', async () => {
        const res = await get('/healthz', null);
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ ok: true });
      });

      it('serves the snippet at /dni.js for any page to load', async () => {
        const res = await get('/dni.js', null);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/javascript/);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(res.text).toContain('dni');
      });

      it('serves the dashboard, and its client-side routes load the same page', async () => {
        const root = await get('/dashboard/', null);
        expect(root.status).toBe(200);
        expect(root.headers.get('content-type')).toMatch(/text\/html/);
        const deep = await get('/dashboard/calls/some-call', null);
        expect(deep.status).toBe(200);
        expect(deep.text).toBe(root.text);
        const bare = await fetch(`${server.url}/dashboard`, { redirect: 'manual' });
        expect([301, 302, 307, 308]).toContain(bare.status);
        expect(new URL(bare.headers.get('location')!, server.url).pathname).toBe('/dashboard/');
      });

      it('answers unknown paths with a JSON 404, inside and outside the API', async () => {
        for (const path of ['/no-such-page', '/v1/no-such-thing']) {
          const res = await get(path);
          expect(res.status).toBe(404);
          expect(res.headers.get('content-type')).toMatch(/application\/json/);
          expect(res.json).toEqual(errorShape('not_found'));
        }
      });
    });

    describe('auth', () => {
      it('answers 401 with the JSON error shape without a key, or with an unknown one', async () => {
        const none = await get('/v1/calls', null);
        expect(none.status).toBe(401);
        expect(none.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
        const unknown = await get('/v1/sites', 'dni_not_a_real_key_000000000000000');
        expect(unknown.status).toBe(401);
        expect(unknown.json).toEqual(errorShape('unauthorized'));
        const malformed = await req('GET', '/v1/sites', { key: null, headers: { authorization: `Basic ${server.adminKey}` } });
        expect(malformed.status).toBe(401);
      });

      it('lets a viewer key read and answers 403 to its writes, changing nothing', async () => {
        const made = await post('/v1/api-keys', { role: 'viewer', name: 'analyst' });
        expect(made.status).toBe(201);
        expect(made.json.key).toEqual(expect.any(String));
        expect(made.json.key).not.toBe(server.adminKey);
        const before = (await get('/v1/sites')).json.sites.length;
        const write = await post('/v1/sites', { name: 'x', domains: ['viewer.example'] }, { key: made.json.key });
        expect(write.status).toBe(403);
        expect(write.json).toEqual(errorShape('forbidden'));
        const call = await post('/v1/calls', { id: 'viewer-call', to: '+14155550000', started_at: new Date().toISOString(), status: 'completed' }, { key: made.json.key });
        expect(call.status).toBe(403);
        const read = await get('/v1/sites', made.json.key);
        expect(read.status).toBe(200);
        expect(read.json.sites).toHaveLength(before);
        expect((await get('/v1/calls', made.json.key)).status).toBe(200);
      });

      it('stops honouring a revoked key', async () => {
        const made = await post('/v1/api-keys', { role: 'viewer' });
        expect((await get('/v1/sites', made.json.key)).status).toBe(200);
        expect((await req('DELETE', `/v1/api-keys/${made.json.id}`)).status).toBe(204);
        expect((await get('/v1/sites', made.json.key)).status).toBe(401);
      });
    });

    describe('bad input', () => {
      it('answers 400 invalid_request with details and creates nothing', async () => {
        const before = (await get('/v1/sites')).json.sites.length;
        const res = await post('/v1/sites', { name: '', domains: [] });
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe('invalid_request');
        expect(Array.isArray(res.json.error.details)).toBe(true);
        const notJson = await post('/v1/sites', '{"name": "x", ', { headers: { 'content-type': 'application/json' } });
        expect(notJson.status).toBe(400);
        expect(notJson.json).toEqual(errorShape('invalid_request'));
        expect((await get('/v1/sites')).json.sites).toHaveLength(before);
      });

      it('answers 415 for a body that is not JSON', async () => {
        const res = await post('/v1/sites', 'name=x&domains=x.example', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(res.status).toBe(415);
        expect(res.json).toEqual(errorShape('unsupported_media_type'));
      });

      it('answers 413 for a body over 64 KiB, on the API and on the public session endpoint', async () => {
        const big = await post('/v1/sites', { name: 'x'.repeat(70_000), domains: ['big.example'] });
        expect(big.status).toBe(413);
        expect(big.json).toEqual(errorShape('payload_too_large'));
        const session = await post('/v1/sessions', { site: 'site_x', url: `https://x.example/?q=${'a'.repeat(70_000)}` }, { key: null });
        expect(session.status).toBe(413);
      });

      it('rejects bad calls, bad query parameters and bad session bodies with 400', async () => {
        const at = new Date().toISOString();
        const status = await post('/v1/calls', { id: 'bad-1', to: '+14155550000', started_at: at, status: 'ringing' });
        expect(status.status).toBe(400);
        const to = await post('/v1/calls', { id: 'bad-2', to: 'not a number', started_at: at, status: 'completed' });
        expect(to.status).toBe(400);
        const when = await post('/v1/calls', { id: 'bad-3', to: '+14155550000', started_at: 'yesterday', status: 'completed' });
        expect(when.status).toBe(400);
        expect((await get('/v1/calls?limit=0')).status).toBe(400);
        expect((await get('/v1/calls?cursor=nonsense')).status).toBe(400);
        const session = await post('/v1/sessions', { site: 'site_x', url: 'not a url' }, { key: null });
        expect(session.status).toBe(400);
        expect(session.json).toEqual(errorShape('invalid_request'));
        // None of them was stored.
        const listed = await get('/v1/calls?limit=500');
        expect(listed.json.calls.filter((c: { provider_id: string }) => c.provider_id.startsWith('bad-'))).toEqual([]);
      });
    });

    describe('sites and pools', () => {
      it('creates a site with its script tag on DNI_PUBLIC_URL, and lists it', async () => {
        const site = await post('/v1/sites', { name: 'Listed', domains: ['Listed.Example'] });
        expect(site.status).toBe(201);
        expect(site.json.public_key).toMatch(/^site_/);
        expect(site.json.domains).toEqual(['listed.example']);
        expect(site.json.script_tag).toBe(`<script src="${CONTRACT_ENV.DNI_PUBLIC_URL}/dni.js" data-site="${site.json.public_key}" async></script>`);
        const list = await get('/v1/sites');
        expect(list.json.sites).toContainEqual(expect.objectContaining({ id: site.json.id, public_key: site.json.public_key }));
      });

      it('stores pool numbers in E.164 and adds more', async () => {
        const site = await post('/v1/sites', { name: 'Formats', domains: ['formats.example'] });
        const [a, b, c] = numbers(3).map((n) => n.slice(2));
        const pool = await post('/v1/pools', {
          site: site.json.id,
          name: 'Visitors',
          replace: '(800) 555-0100',
          forward_to: '800.555.0100',
          numbers: [`${a!.slice(0, 3)}-${a!.slice(3, 6)}-${a!.slice(6)}`, `+1 ${b}`],
        });
        expect(pool.status).toBe(201);
        expect(pool.json).toMatchObject({ replace: '+18005550100', forward_to: '+18005550100', kind: 'session', numbers: [`+1${a}`, `+1${b}`] });
        const more = await post(`/v1/pools/${pool.json.id}/numbers`, { numbers: [c] });
        expect(more.status).toBe(200);
        expect(more.json.numbers).toEqual([`+1${a}`, `+1${b}`, `+1${c}`]);
      });

      it('answers 409 for a number that is already a tracking number, adding none of the batch', async () => {
        const { pool } = await siteWithPool({ numbers: 1 });
        const [fresh] = numbers(1);
        const res = await post(`/v1/pools/${pool.id}/numbers`, { numbers: [fresh, pool.numbers[0]] });
        expect(res.status).toBe(409);
        expect(res.json).toEqual(errorShape('conflict'));
        const after = await get(`/v1/pools?site=${pool.site}`);
        expect(after.json.pools[0].numbers).toEqual(pool.numbers);
      });

      it('takes a pool of 150 numbers in one request', async () => {
        // More numbers than D1 binds parameters in one statement (100).
        const { pool } = await siteWithPool({ numbers: 150 });
        expect(pool.numbers).toHaveLength(150);
        const more = await post(`/v1/pools/${pool.id}/numbers`, { numbers: numbers(120) });
        expect(more.status).toBe(200);
        expect(more.json.numbers).toHaveLength(270);
      });

      it('answers 400 for a pool on a site of no account it can see', async () => {
        const res = await post('/v1/pools', { site: 'st_nope', name: 'x', replace: '+18005550100', forward_to: '+18005550100', numbers: [] });
        expect(res.status).toBe(400);
      });
    });

    describe('sessions and leases', () => {
      it('leases a distinct number to each new session and keeps it for a returning one', async () => {
        const { site, domain, pool } = await siteWithPool();
        const a = await openSession(site.public_key, `https://${domain}/`);
        expect(a.status).toBe(200);
        expect(a.json).toMatchObject({ visitor: expect.stringMatching(/^v_/), session: expect.stringMatching(/^s_/), ping_s: expect.any(Number) });
        expect(Date.parse(a.json.expires_at)).toBeGreaterThan(Date.now());
        expect(a.json.numbers).toEqual([{ replace: '+18005550100', number: expect.any(String), leased: true }]);
        expect(pool.numbers).toContain(a.json.numbers[0].number);
        const b = await openSession(site.public_key, `https://${domain}/`);
        expect(b.json.numbers[0].number).not.toBe(a.json.numbers[0].number);
        const again = await openSession(site.public_key, `https://${domain}/other`, { session: a.json.session, visitor: a.json.visitor });
        expect(again.json.session).toBe(a.json.session);
        expect(again.json.visitor).toBe(a.json.visitor);
        expect(again.json.numbers[0].number).toBe(a.json.numbers[0].number);
      });

      it('gives concurrent visitors different numbers until the pool is exhausted', async () => {
        const { site, domain, pool } = await siteWithPool({ numbers: 8 });
        const answers = await Promise.all(Array.from({ length: 8 }, () => openSession(site.public_key, `https://${domain}/`)));
        expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
        const leased = answers.map((a) => a.json.numbers[0]);
        expect(leased.every((n) => n.leased)).toBe(true);
        expect(new Set(leased.map((n) => n.number)).size).toBe(8);
        expect(leased.map((n) => n.number).sort()).toEqual([...pool.numbers].sort());
        const ninth = await openSession(site.public_key, `https://${domain}/`);
        expect(ninth.json.numbers).toEqual([{ replace: '+18005550100', number: '+18005550100', leased: false, reason: 'exhausted' }]);
      });

      it('accepts an application/json body as well as text/plain', async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const res = await post('/v1/sessions', { site: site.public_key, url: `https://${domain}/` }, { key: null });
        expect(res.status).toBe(200);
        expect(res.json.numbers[0].leased).toBe(true);
      });

      it('answers 403 to an origin that is not one of the site domains, and leases nothing', async () => {
        const { site, domain, pool } = await siteWithPool({ numbers: 1 });
        const bad = await openSession(site.public_key, 'https://evil.example/', {}, { origin: 'https://evil.example' });
        expect(bad.status).toBe(403);
        expect(bad.json).toEqual(errorShape('forbidden'));
        const lookalike = await openSession(site.public_key, `https://not${domain}/`, {}, { origin: `https://not${domain}` });
        expect(lookalike.status).toBe(403);
        const good = await openSession(site.public_key, `https://www.${domain}/`, {}, { origin: `https://www.${domain}` });
        expect(good.status).toBe(200);
        expect(good.headers.get('access-control-allow-origin')).toBe(`https://www.${domain}`);
        expect(good.json.numbers[0]).toEqual({ replace: '+18005550100', number: pool.numbers[0], leased: true });
      });

      it('answers a CORS preflight from a page', async () => {
        const res = await req('OPTIONS', '/v1/sessions', {
          key: null,
          headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        expect(res.status).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
        expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      });

      it('answers 404 for an unknown site key and for a ping of an unknown session', async () => {
        const site = await openSession('site_nope', 'https://shop.example/');
        expect(site.status).toBe(404);
        expect(site.json).toEqual(errorShape('not_found'));
        const ping = await post('/v1/sessions/s_nope/ping', { url: 'https://shop.example/' }, { key: null, headers: { 'content-type': 'text/plain' } });
        expect(ping.status).toBe(404);
      });

      it('keeps a session alive with pings, with or without a body', async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const s = await openSession(site.public_key, `https://${domain}/`);
        const ping = await post(`/v1/sessions/${s.json.session}/ping`, { url: `https://${domain}/next`, title: 'Next' }, { key: null, headers: { 'content-type': 'text/plain' } });
        expect(ping.status).toBe(200);
        expect(Date.parse(ping.json.expires_at)).toBeGreaterThan(Date.now());
        const empty = await req('POST', `/v1/sessions/${s.json.session}/ping`, { key: null });
        expect(empty.status).toBe(200);
        expect(empty.json).toEqual({ expires_at: expect.any(String) });
      });
    });

    describe('calls', () => {
      const iso = (ms: number) => new Date(ms).toISOString();

      it('attributes a call to the session that held the number, with its keyword and journey', async () => {
        const { site, domain } = await siteWithPool();
        const landing = `https://${domain}/?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=emergency+plumber&gclid=abc123`;
        const visit = await openSession(site.public_key, landing);
        const tracking = visit.json.numbers[0].number;
        await post(`/v1/sessions/${visit.json.session}/ping`, { url: `https://${domain}/contact`, title: 'Contact' }, { key: null, headers: { 'content-type': 'text/plain' } });
        const startedAt = iso(Date.now() + 60_000);
        const call = await post('/v1/calls', { id: `CA-attr-${domain}`, to: tracking, from: '+14155550199', started_at: startedAt, duration_s: 95, status: 'completed', caller_state: 'CA' });
        expect(call.status).toBe(201);
        expect(call.json).toMatchObject({
          provider_id: `CA-attr-${domain}`,
          site: site.id,
          tracking_number: tracking,
          caller: '+14155550199',
          started_at: startedAt,
          duration_s: 95,
          status: 'completed',
          reasons: expect.any(Array),
          attribution: {
            confidence: 'exclusive',
            session: visit.json.session,
            visitor: visit.json.visitor,
            source: 'google',
            medium: 'cpc',
            campaign: 'spring',
            keyword: 'emergency plumber',
            gclid: 'abc123',
          },
        });
        const one = await get(`/v1/calls/${call.json.id}`);
        expect(one.status).toBe(200);
        expect(one.json.id).toBe(call.json.id);
        expect(one.json.journey.map((p: { url: string }) => p.url)).toEqual([landing, `https://${domain}/contact`]);
        const filtered = await get(`/v1/calls?keyword=${encodeURIComponent('emergency plumber')}&site=${site.id}`);
        expect(filtered.json.calls.map((c: { id: string }) => c.id)).toEqual([call.json.id]);
      });

      it('is idempotent on the provider call id: a retry updates the same call', async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const visit = await openSession(site.public_key, `https://${domain}/?utm_source=bing`);
        const body = { id: `CA-retry-${domain}`, to: visit.json.numbers[0].number, started_at: iso(Date.now()), duration_s: 30, status: 'completed' };
        const first = await post('/v1/calls', body);
        expect(first.status).toBe(201);
        const retry = await post('/v1/calls', { ...body, duration_s: 100 });
        expect(retry.status).toBe(200);
        expect(retry.json.id).toBe(first.json.id);
        expect(retry.json.duration_s).toBe(100);
        const listed = await get(`/v1/calls?site=${site.id}`);
        expect(listed.json.calls.map((c: { id: string }) => c.id)).toEqual([first.json.id]);
      });

      it('matches a call after the lease ended as late, and none after the match window', async () => {
        const { site, domain, pool } = await siteWithPool({ numbers: 1, leaseMinutes: 30, matchWindowMinutes: 60 });
        const visit = await openSession(site.public_key, `https://${domain}/?utm_source=bing`);
        const ends = Date.parse(visit.json.expires_at);
        const late = await post('/v1/calls', { id: `late-${domain}`, to: pool.numbers[0], started_at: iso(ends + 10 * 60_000), duration_s: 70, status: 'completed' });
        expect(late.json.attribution).toMatchObject({ confidence: 'late', session: visit.json.session, source: 'bing' });
        const none = await post('/v1/calls', { id: `none-${domain}`, to: pool.numbers[0], started_at: iso(ends + 61 * 60_000), duration_s: 70, status: 'completed' });
        expect(none.status).toBe(201);
        expect(none.json.attribution).toMatchObject({ confidence: 'none', session: null });
      });

      it('edits a site and a pool by site key, removes a number (409 while held, then force) and archives: nothing archived or removed is leased', async () => {
        const { site, domain, pool } = await siteWithPool({ numbers: 2 });
        const renamed = await req('PATCH', `/v1/sites/${site.public_key}`, { body: { name: 'Renamed', timezone: 'Europe/Paris' } });
        expect(renamed.status, renamed.text).toBe(200);
        expect(renamed.json).toMatchObject({ id: site.id, name: 'Renamed', timezone: 'Europe/Paris', archived_at: null });
        const edited = await req('PATCH', `/v1/pools/${pool.id}`, { body: { forward_to: '(415) 555-0177', match_window_minutes: 90 } });
        expect(edited.json).toMatchObject({ forward_to: '+14155550177', match_window_minutes: 90, numbers: pool.numbers });

        const visit = await openSession(site.public_key, `https://${domain}/`);
        const held = visit.json.numbers[0].number;
        const free = pool.numbers.find((n: string) => n !== held);
        const path = (n: string) => `/v1/pools/${pool.id}/numbers/${encodeURIComponent(n)}`;
        expect((await req('DELETE', path(held))).json).toEqual(errorShape('conflict'));
        expect((await req('DELETE', path(free))).json.numbers).toEqual([held]);
        expect((await openSession(site.public_key, `https://${domain}/`)).json.numbers[0]).toMatchObject({ number: '+18005550100', leased: false });
        expect((await req('DELETE', `${path(held)}?force=1`)).json.numbers).toEqual([]);
        const call = await post('/v1/calls', { id: `removed-${domain}`, to: held, started_at: iso(Date.now()), duration_s: 70, status: 'completed' });
        expect(call.json.attribution).toMatchObject({ session: visit.json.session });

        const archived = await req('DELETE', `/v1/sites/${site.id}`);
        expect(archived.status).toBe(200);
        expect(archived.json.archived_at).toEqual(expect.any(String));
        expect((await get('/v1/sites')).json.sites.map((s: { id: string }) => s.id)).not.toContain(site.id);
        expect((await get(`/v1/pools/${pool.id}`)).json.archived_at).toBe(archived.json.archived_at);
        const refused = await openSession(site.public_key, `https://${domain}/`);
        expect(refused.status).toBe(404);
        expect(refused.json).toEqual(errorShape('not_found'));
        expect((await req('PATCH', `/v1/pools/${pool.id}`, { body: { name: 'x' } })).status).toBe(409);
      });

      it('stores a call to an unknown number with no attribution', async () => {
        const res = await post('/v1/calls', { id: 'unknown-number', to: '+12125550123', started_at: iso(Date.now()), status: 'no-answer' });
        expect(res.status).toBe(201);
        expect(res.json).toMatchObject({ site: null, status: 'no-answer', attribution: { confidence: 'none', session: null } });
      });

      it('lists calls newest first and pages through them with the cursor', async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const visit = await openSession(site.public_key, `https://${domain}/`);
        const to = visit.json.numbers[0].number;
        const t0 = Date.now();
        const made = [];
        for (let i = 0; i < 3; i++) {
          made.push((await post('/v1/calls', { id: `page-${domain}-${i}`, to, started_at: iso(t0 + i * 1000), duration_s: 10, status: 'completed' })).json.id);
        }
        const first = await get(`/v1/calls?site=${site.id}&limit=2`);
        expect(first.status).toBe(200);
        expect(first.json.calls.map((c: { id: string }) => c.id)).toEqual([made[2], made[1]]);
        expect(first.json.next_cursor).toEqual(expect.any(String));
        const second = await get(`/v1/calls?site=${site.id}&limit=2&cursor=${encodeURIComponent(first.json.next_cursor)}`);
        expect(second.json.calls.map((c: { id: string }) => c.id)).toEqual([made[0]]);
        expect(second.json.next_cursor).toBeNull();
        const window = await get(`/v1/calls?site=${site.id}&from=${encodeURIComponent(iso(t0 + 500))}&to=${encodeURIComponent(iso(t0 + 1500))}`);
        expect(window.json.calls.map((c: { id: string }) => c.id)).toEqual([made[1]]);
      });

      it('answers 404 for a call that does not exist', async () => {
        const res = await get('/v1/calls/call_nope');
        expect(res.status).toBe(404);
        expect(res.json).toEqual(errorShape('not_found'));
      });
    });

    describe('privacy', () => {
      const DAY = 86_400_000;
      const backdatedCall = (id: string, to: string, from: string, daysAgo: number) =>
        post('/v1/calls', {
          id,
          to,
          from,
          started_at: new Date(Date.now() - daysAgo * DAY).toISOString(),
          duration_s: 70,
          status: 'completed',
          recording_url: `https://recordings.example/${id}.mp3`,
          caller_city: 'Springfield',
        });

      it('forgets caller numbers and recording links older than the account keeps them, on the scheduled run', async () => {
        const { site, pool } = await siteWithPool({ numbers: 1 });
        const to = pool.numbers[0];
        const old = await backdatedCall(`old-${site.id}`, to, '+14155550142', 40);
        const recent = await backdatedCall(`recent-${site.id}`, to, '+14155550143', 1);
        expect(old.status, old.text).toBe(201);
        const put = await req('PUT', '/v1/settings/retention', { body: { sessions_days: null, caller_numbers_days: 30, recording_links_days: 30 } });
        expect(put.status, put.text).toBe(200);
        try {
          await server.runJobs();
          expect((await get(`/v1/calls/${old.json.id}`)).json).toMatchObject({ caller: null, recording_url: null, duration_s: 70 });
          expect((await get(`/v1/calls/${recent.json.id}`)).json).toMatchObject({ caller: '+14155550143', recording_url: `https://recordings.example/recent-${site.id}.mp3` });
        } finally {
          await req('PUT', '/v1/settings/retention', { body: { sessions_days: null, caller_numbers_days: null, recording_links_days: null } });
        }
      });

      it("erases a visitor's visits and caller fields, keeps the call's money, and audits it", async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const visit = await openSession(site.public_key, `https://${domain}/quote?email=a%40b.example&utm_source=google`, { title: 'Quote for Alice' });
        expect(visit.json.numbers[0].leased).toBe(true);
        const call = await post('/v1/calls', { id: `erase-${site.id}`, to: visit.json.numbers[0].number, from: '+14155550144', started_at: new Date().toISOString(), duration_s: 80, status: 'completed' });
        expect(call.status, call.text).toBe(201);
        expect((await get(`/v1/calls/${call.json.id}`)).json.journey).toEqual([{ url: `https://${domain}/quote?utm_source=google`, title: 'Quote for Alice', at: expect.any(String) }]);
        const erased = await req('DELETE', `/v1/visitors/${visit.json.visitor}`);
        expect(erased.status, erased.text).toBe(200);
        expect(erased.json).toEqual({ erased: { visitors: 1, sessions: 1, calls: 1 } });
        expect((await get(`/v1/calls/${call.json.id}`)).json).toMatchObject({ caller: null, journey: [], duration_s: 80, attribution: { source: 'google' } });
        expect((await req('DELETE', '/v1/callers/%2B14155550144')).status).toBe(404);
        expect((await get('/v1/audit')).json.entries[0]).toMatchObject({ action: 'erase.visitor', detail: { visitors: 1, sessions: 1, calls: 1 } });
      });
    });

    describe('rate limit', () => {
      it('gives a client over DNI_SESSION_RATE_LIMIT new sessions a number that spends no lease', async () => {
        const limit = Number(CONTRACT_ENV.DNI_SESSION_RATE_LIMIT);
        const { site, domain } = await siteWithPool({ numbers: 2 * limit + 2 });
        // Fixed one-minute windows: in 2 × limit + 1 quick tries at most one window
        // boundary passes, so one window holds more than `limit` of them.
        const answers = [];
        for (let i = 0; i <= 2 * limit; i++) answers.push((await openSession(site.public_key, `https://${domain}/`)).json.numbers[0]);
        const refused = answers.filter((n) => !n.leased);
        expect(refused.length).toBeGreaterThan(0);
        expect(refused[0]).toEqual({ replace: '+18005550100', number: '+18005550100', leased: false, reason: 'rate_limited' });
        // Refused although the pool still had free numbers.
        expect(answers.filter((n) => n.leased).length).toBeLessThan(2 * limit + 2);
      });
    });

    describe('Twilio webhooks', () => {
      const token = CONTRACT_ENV.TWILIO_AUTH_TOKEN;
      const twilio = (path: string, params: Record<string, string>, opts: { token?: string; url?: string; signature?: string | null; headers?: Record<string, string> } = {}) =>
        twilioPost({ publicUrl: CONTRACT_ENV.DNI_PUBLIC_URL, request: req }, path, params, { token, ...opts });
      const callsOf = async (siteId: string) => (await get(`/v1/calls?site=${siteId}`)).json.calls as { id: string; provider_id: string }[];

      it('refuses a request with a bad or missing signature with 403 and stores nothing', async () => {
        const { site, domain, pool } = await siteWithPool({ numbers: 1 });
        await openSession(site.public_key, `https://${domain}/`);
        const params = voiceParams({ CallSid: callSid(), From: '+14155550111', To: pool.numbers[0] });
        const forged = await twilio('/v1/twilio/voice', params, { token: 'not-the-token-0000000000' });
        expect(forged.status).toBe(403);
        expect(forged.json).toEqual(errorShape('forbidden'));
        const otherUrl = await twilio('/v1/twilio/voice', params, { url: `${server.url}/v1/twilio/voice` });
        expect(otherUrl.status).toBe(403);
        const tampered = await twilio('/v1/twilio/voice', params, {
          signature: getExpectedTwilioSignature(token, `${CONTRACT_ENV.DNI_PUBLIC_URL}/v1/twilio/voice`, { ...params, From: '+14155550112' }),
        });
        expect(tampered.status).toBe(403);
        expect((await twilio('/v1/twilio/voice', params, { signature: null })).status).toBe(403);
        expect(await callsOf(site.id)).toEqual([]);
      });

      it('forwards a signed call with <Dial>, stores it attributed at once, and qualifies it on the status callback', async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const visit = await openSession(site.public_key, `https://${domain}/?utm_source=google&utm_medium=cpc&utm_term=water+heater`);
        const sidA = callSid();
        const params = voiceParams({ CallSid: sidA, From: '+14155550121', To: visit.json.numbers[0].number });
        const answer = await twilio('/v1/twilio/voice', params);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toMatch(/xml/);
        expect(answer.text).toContain('<Dial');
        expect(answer.text).toContain(`action="${CONTRACT_ENV.DNI_PUBLIC_URL}/v1/twilio/status"`);
        expect(answer.text).toContain('<Number>+18005550100</Number>');
        const stored = await callsOf(site.id);
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({ provider_id: sidA, attribution: { confidence: 'exclusive', session: visit.json.session, keyword: 'water heater' } });
        // Twilio retries: still one call.
        expect((await twilio('/v1/twilio/voice', params)).status).toBe(200);
        expect(await callsOf(site.id)).toHaveLength(1);
        const status = await twilio('/v1/twilio/status', { ...params, CallStatus: 'completed', DialCallStatus: 'completed', DialCallDuration: '95', CallDuration: '100' });
        expect(status.status).toBe(200);
        expect(status.headers.get('content-type')).toMatch(/xml/);
        const done = await callsOf(site.id);
        expect(done).toHaveLength(1);
        expect(done[0]).toMatchObject({ id: stored[0]!.id, status: 'completed', duration_s: 95, qualified: true, reasons: [] });
      });

      it('keeps a settled call when its Dial action is replayed with a moved name boundary or the same idempotency token', async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const visit = await openSession(site.public_key, `https://${domain}/?utm_source=google`);
        const params = voiceParams({ CallSid: callSid(), From: '+14155550122', To: visit.json.numbers[0].number });
        expect((await twilio('/v1/twilio/voice', params)).status).toBe(200);
        const dial = { ...params, CallStatus: 'in-progress', DialCallStatus: 'completed', DialCallDuration: '95' };
        const headers = { 'I-Twilio-Idempotency-Token': `contract-${params.CallSid}` };
        expect((await twilio('/v1/twilio/status', dial, { headers })).status).toBe(200);
        const [settled] = await callsOf(site.id);
        expect(settled).toMatchObject({ duration_s: 95, qualified: true });
        // DialCallDuration=95 re-sent as DialCallDuration9=5: Twilio's signature is the same.
        const { DialCallDuration: _, ...rest } = dial;
        const signature = getExpectedTwilioSignature(token, `${CONTRACT_ENV.DNI_PUBLIC_URL}/v1/twilio/status`, dial);
        expect((await twilio('/v1/twilio/status', { ...rest, DialCallDuration9: '5' }, { signature })).status).toBe(400);
        // The same request token again, whatever it now says, is answered and not applied.
        expect((await twilio('/v1/twilio/status', { ...dial, DialCallStatus: 'no-answer', DialCallDuration: '0' }, { headers })).status).toBe(200);
        expect(await callsOf(site.id)).toEqual([settled]);
      });

      it('rejects a blocked caller with <Reject>', async () => {
        const { site, domain } = await siteWithPool({ numbers: 1 });
        const rules = await req('PUT', `/v1/sites/${site.id}/rules`, { body: { blocked_callers: ['+14155550131'] } });
        expect(rules.status).toBe(200);
        const visit = await openSession(site.public_key, `https://${domain}/`);
        const answer = await twilio('/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: '+14155550131', To: visit.json.numbers[0].number }));
        expect(answer.status).toBe(200);
        expect(answer.text).toContain('<Reject');
        expect(answer.text).not.toContain('<Dial');
      });

      describe('call flows', () => {
        const OVERFLOW = '+18005550199';
        /** A pool running a flow over fresh targets of one buyer; returns a way to place calls to it. */
        async function flowPool(targets: Record<string, unknown>[], flowBody: Record<string, unknown> = {}) {
          const { pool } = await siteWithPool({ numbers: 1 });
          const buyer = await post('/v1/buyers', { name: 'Buyer' });
          const ids: string[] = [];
          for (const [i, t] of targets.entries()) {
            const res = await post('/v1/targets', { buyer: buyer.json.id, name: `T${i}`, ...t });
            expect(res.status, res.text).toBe(201);
            ids.push(res.json.id);
          }
          const flow = await post('/v1/flows', { name: 'Flow', targets: ids, overflow: { kind: 'number', number: OVERFLOW }, ...flowBody });
          expect(flow.status, flow.text).toBe(201);
          expect((await req('PUT', `/v1/pools/${pool.id}/flow`, { body: { flow: flow.json.id } })).status).toBe(200);
          const place = (from: string) => new SimulatedCall({ publicUrl: CONTRACT_ENV.DNI_PUBLIC_URL, request: req }, from, pool.numbers[0], {}, token);
          return { ids, place };
        }
        const flowOf = async (c: SimulatedCall) => {
          const row = (await get('/v1/calls?limit=500')).json.calls.find((x: { provider_id: string }) => x.provider_id === c.sid);
          return (await get(`/v1/calls/${row.id}`)).json;
        };

        it('press 1, then the first target does not answer and the next one does; retries change nothing', async () => {
          const { ids, place } = await flowPool(
            [
              { destination: '+15125550301', priority: 10 },
              { destination: '+15125550302', revenue_cents: 4000, convert_min_duration_s: 60 },
            ],
            { gate: { prompt: 'Press 1 to be connected.' } },
          );
          const c = place('+14155550301');
          await c.voice();
          expect(c.gathers()).toBe(true);
          const pressed = await c.press('1');
          expect(c.dialled()).toBe('+15125550301');
          expect(await c.retry()).toBe(pressed);
          const failedOver = await c.dialEnded('no-answer');
          expect(c.dialled()).toBe('+15125550302');
          expect(await c.retry()).toBe(failedOver);
          await c.dialEnded('completed', 95);
          expect(c.hungUp()).toBe(true);
          const d = await flowOf(c);
          expect(d).toMatchObject({ status: 'completed', duration_s: 95, revenue_cents: 4000 });
          expect(d.flow.attempts.map((a: { target: string; outcome: string }) => [a.target, a.outcome])).toEqual([
            [ids[0], 'no-answer'],
            [ids[1], 'completed'],
          ]);
        });

        it('concurrency cap 1: of two simultaneous calls one takes the target, the other the overflow', async () => {
          const { place } = await flowPool([{ destination: '+15125550311', concurrency_cap: 1 }]);
          const calls = [place('+14155550311'), place('+14155550312')];
          await Promise.all(calls.map((c) => c.voice()));
          expect(calls.map((c) => c.dialled()).sort()).toEqual(['+15125550311', OVERFLOW].sort());
        });

        it('an archived buyer takes its targets with it: the next call skips them, and the live view drops them', async () => {
          const { ids, place } = await flowPool([{ destination: '+15125550321', priority: 10 }]);
          const other = await post('/v1/buyers', { name: 'Other' });
          const kept = await post('/v1/targets', { buyer: other.json.id, name: 'Kept', destination: '+15125550322' });
          const flows = (await get('/v1/flows')).json.flows as { id: string; targets: string[] }[];
          const flow = flows.find((f) => f.targets.includes(ids[0]!))!;
          expect((await req('PATCH', `/v1/flows/${flow.id}`, { body: { targets: [ids[0], kept.json.id] } })).status).toBe(200);
          const buyer = (await get('/v1/targets?archived=1')).json.targets.find((t: { id: string }) => t.id === ids[0]).buyer;
          const archived = await req('DELETE', `/v1/buyers/${buyer}`);
          expect(archived.status, archived.text).toBe(200);
          expect((await get(`/v1/targets?archived=1&buyer=${buyer}`)).json.targets[0].archived_at).toBe(archived.json.archived_at);
          const live = (await get('/v1/targets/live')).json.targets.map((t: { id: string }) => t.id);
          expect(live).toContain(kept.json.id);
          expect(live).not.toContain(ids[0]);
          const c = place('+14155550321');
          await c.voice();
          expect(c.dialled()).toBe('+15125550322');
        });
      });

      it('answers 415 to a webhook that is not form-encoded', async () => {
        const res = await req('POST', '/v1/twilio/voice', { key: null, body: { CallSid: 'CA1' } });
        expect(res.status).toBe(415);
      });
    });

    describe('rules, conversions, reports and exports', () => {
      const iso = (ms: number) => new Date(ms).toISOString();

      it('judges calls by the site rules and reports them by keyword, over time, per pool and as CSV', async () => {
        const { site, domain, pool } = await siteWithPool({ numbers: 3 });
        const rules = await req('PUT', `/v1/sites/${site.id}/rules`, { body: { min_duration_s: 60, payout_cents: 2500, currency: 'USD' } });
        expect(rules.status).toBe(200);
        expect(rules.json).toMatchObject({ site: site.id, min_duration_s: 60, payout_cents: 2500 });
        expect((await get(`/v1/sites/${site.id}/rules`)).json.payout_cents).toBe(2500);

        const plumber = `https://${domain}/?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=emergency+plumber`;
        const a = await openSession(site.public_key, `${plumber}&gclid=GCLID-${domain}`);
        await openSession(site.public_key, plumber);
        const c = await openSession(site.public_key, `https://${domain}/?utm_source=bing&utm_medium=cpc&utm_term=drain+cleaning`);
        const at = Date.now() + 60_000;
        const good = await post('/v1/calls', { id: `good-${domain}`, to: a.json.numbers[0].number, from: '+14155550141', started_at: iso(at), duration_s: 95, status: 'completed' });
        expect(good.json).toMatchObject({ qualified: true, reasons: [], payout_cents: 2500 });
        const short = await post('/v1/calls', { id: `short-${domain}`, to: c.json.numbers[0].number, from: '+14155550142', started_at: iso(at), duration_s: 20, status: 'completed' });
        expect(short.json).toMatchObject({ qualified: false, reasons: ['too_short'] });

        const converted = await post(`/v1/calls/${good.json.id}/conversion`, { value_cents: 50000 });
        expect(converted.status).toBe(200);
        expect(converted.json.conversion).toMatchObject({ value_cents: 50000, at: expect.any(String) });

        const range = `from=${encodeURIComponent(iso(Date.now() - 3_600_000))}&to=${encodeURIComponent(iso(Date.now() + 3_600_000))}&site=${site.id}`;
        const report = await get(`/v1/reports/attribution?group_by=source,keyword&${range}`);
        expect(report.status, report.text).toBe(200);
        const row = (keyword: string) => report.json.rows.find((r: { keyword: string }) => r.keyword === keyword);
        expect(row('emergency plumber')).toMatchObject({
          source: 'google',
          sessions: 2,
          calls: 1,
          qualified_calls: 1,
          call_rate: 0.5,
          qualified_rate: 1,
          conversions: 1,
          revenue_cents: 50000,
          cost_cents: 2500,
          roi: 19,
        });
        expect(row('drain cleaning')).toMatchObject({ source: 'bing', sessions: 1, calls: 1, qualified_calls: 0, cost_cents: 0, roi: null });
        expect(report.json.totals).toMatchObject({ sessions: 3, calls: 2, qualified_calls: 1 });

        const series = await get(`/v1/reports/timeseries?interval=hour&${range}`);
        expect(series.status, series.text).toBe(200);
        const sum = (k: string) => series.json.points.reduce((n: number, p: Record<string, number>) => n + p[k]!, 0);
        expect([sum('sessions'), sum('calls'), sum('qualified_calls')]).toEqual([3, 2, 1]);

        const pools = await get(`/v1/reports/pools?site=${site.id}`);
        expect(pools.status, pools.text).toBe(200);
        expect(pools.json.pools).toEqual([expect.objectContaining({ id: pool.id, size: 3, leased_now: 3, exhaustions: 0, recommended_size: expect.any(Number) })]);

        const csv = await get(`/v1/exports/calls.csv?${range.replace(/&site=.*/, '')}`);
        expect(csv.status).toBe(200);
        expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
        const lines = csv.text.trim().split(/\r?\n/);
        expect(lines[0]).toMatch(/^id,provider_id,/);
        expect(lines.filter((l) => l.includes(`good-${domain}`) || l.includes(`short-${domain}`))).toHaveLength(2);

        const ads = await get(`/v1/exports/google-ads.csv?conversion_name=Phone+call&${range.replace(/&site=.*/, '')}`);
        expect(ads.status).toBe(200);
        expect(ads.text).toContain('Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency');
        const adRows = ads.text.split(/\r?\n/).filter((l) => l.includes(`GCLID-${domain}`));
        expect(adRows).toHaveLength(1);
        expect(adRows[0]).toContain('Phone call');
      });

      it('answers 400 to a report asked with unknown parameters', async () => {
        expect((await get('/v1/reports/attribution?group_by=nonsense')).status).toBe(400);
        expect((await get('/v1/reports/timeseries?interval=minute')).status).toBe(400);
        expect((await get('/v1/exports/google-ads.csv')).status).toBe(400);
      });
    });

    describe('publishers', () => {
      it('shows a publisher key only its own calls, with callers masked, and no writes', async () => {
        const code = `aff${nextSite}`;
        const publisher = await post('/v1/publishers', { name: 'Affiliate', code });
        expect(publisher.status).toBe(201);
        const key = await post('/v1/api-keys', { role: 'publisher', publisher: publisher.json.id });
        expect(key.status).toBe(201);
        const { site, domain } = await siteWithPool({ numbers: 2 });
        const theirs = await openSession(site.public_key, `https://${domain}/?utm_source=${code}&utm_medium=affiliate`);
        const other = await openSession(site.public_key, `https://${domain}/?utm_source=google`);
        const at = new Date(Date.now() + 60_000).toISOString();
        const mine = await post('/v1/calls', { id: `pub-${domain}`, to: theirs.json.numbers[0].number, from: '+14155550151', started_at: at, duration_s: 90, status: 'completed' });
        expect(mine.json.attribution.publisher).toBe(code);
        await post('/v1/calls', { id: `nonpub-${domain}`, to: other.json.numbers[0].number, from: '+14155550152', started_at: at, duration_s: 90, status: 'completed' });

        const me = await get('/v1/me', key.json.key);
        expect(me.json).toMatchObject({ role: 'publisher', publisher: { id: publisher.json.id, code } });
        const seen = await get(`/v1/calls?site=${site.id}`, key.json.key);
        expect(seen.status).toBe(200);
        expect(seen.json.calls).toHaveLength(1);
        expect(seen.json.calls[0]).toMatchObject({ id: mine.json.id, caller: '********0151' });
        expect((await get(`/v1/calls/${mine.json.id}`, key.json.key)).status).toBe(200);
        expect((await post('/v1/calls', { id: 'by-publisher', to: '+14155550000', started_at: at, status: 'completed' }, { key: key.json.key })).status).toBe(403);
        expect((await get(`/v1/reports/pools?site=${site.id}`, key.json.key)).status).toBe(403);
      });
    });
  });
}
