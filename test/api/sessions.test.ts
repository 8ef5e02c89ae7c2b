// POST /v1/sessions and its ping: attribution stored on the session and visitor,
// resuming, new campaigns, bots, the rate limit, and pings that write only when needed.
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leases, pageViews, poolExhaustions, sessions, unstoredVisitCounts, visitors } from '../../collector/db/schema';
import { flushUnstoredVisits } from '../../collector/services/unstored-visits';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const MINUTE = 60_000;

let t: TestApp;
let siteKey: string;
beforeEach(async () => {
  t = await createTestApp();
  siteKey = (await siteWithPool(t)).site.public_key;
});
afterEach(() => t.close());

type Visit = { url?: string; referrer?: string; session?: string; visitor?: string; title?: string; ga?: unknown; fbp?: unknown; fbc?: unknown };
const visit = (v: Visit = {}, headers: Record<string, string> = {}) =>
  t.post('/v1/sessions', { site: siteKey, url: 'https://shop.example/', ...v }, { key: null, headers: { 'content-type': 'text/plain', 'user-agent': IPHONE, ...headers } });
const ping = (session: string, body?: object) => t.post(`/v1/sessions/${session}/ping`, body, { key: null, headers: { 'content-type': 'text/plain' } });
const sessionRow = async (id: string) => (await t.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
const visitorRow = async (id: string) => (await t.db.select().from(visitors).where(eq(visitors.id, id)))[0]!;
/** Rows the database connection has changed so far: equal before and after means nothing was written. */
const writes = async () => (await t.db.get<{ n: number }>(sql`select total_changes() as n`)).n;
const callAt = (id: string, to: string, at = t.clock.now()) =>
  t.post('/v1/calls', { id, to, from: '+14155550199', started_at: new Date(at).toISOString(), duration_s: 90, status: 'completed' });

describe('attribution stored on the session', () => {
  it('keeps click ids, sub ids, landing page and device, and hands them to the call', async () => {
    const res = await visit({
      url: 'https://shop.example/drains?gclid=Cj0KCQ&gbraid=0AAAAA&utm_campaign=spring&sub1=ad7&subid=x9',
      referrer: 'https://www.google.com/',
    });
    expect(res.status).toBe(200);
    const s = await sessionRow(res.json.session);
    expect(s).toMatchObject({
      source: 'google',
      medium: 'cpc',
      campaign: 'spring',
      gclid: 'Cj0KCQ',
      gbraid: '0AAAAA',
      wbraid: null,
      landingPage: 'https://shop.example/drains',
      referrerClass: 'search',
      tags: { sub1: 'ad7', subid: 'x9' },
      device: 'mobile',
      browser: 'Mobile Safari',
      os: 'iOS',
      isBot: false,
    });
    const call = await callAt('CA-attr', res.json.numbers[0].number);
    expect(call.json.attribution).toMatchObject({ confidence: 'exclusive', source: 'google', medium: 'cpc', gclid: 'Cj0KCQ', device: 'mobile', os: 'iOS' });
  });

  it('credits a known publisher from pub= or utm_source, and ignores an unknown code', async () => {
    expect((await t.post('/v1/publishers', { name: 'Acme Leads', code: 'acme' })).status).toBe(201);
    const byPub = await visit({ url: 'https://shop.example/?pub=ACME&sub2=s' });
    const byUtm = await visit({ url: 'https://shop.example/?utm_source=acme&utm_medium=affiliate' });
    const unknown = await visit({ url: 'https://shop.example/?pub=nobody' });
    const publisherOf = async (r: typeof byPub) => (await sessionRow(r.json.session)).publisherId;
    const acmeId = await publisherOf(byPub);
    expect(acmeId).toMatch(/^pub_/);
    expect(await publisherOf(byUtm)).toBe(acmeId);
    expect(await publisherOf(unknown)).toBeNull();
    expect(await sessionRow(byPub.json.session)).toMatchObject({ source: 'acme', medium: 'affiliate', tags: { sub2: 's' } });
    const call = await callAt('CA-pub', byPub.json.numbers[0].number);
    expect(call.json.attribution.publisher).toBe('acme');
  });

  it('keeps the first touch and the last non-direct touch on the visitor', async () => {
    const first = await visit({ url: 'https://shop.example/?utm_source=newsletter&utm_medium=email' });
    const v = first.json.visitor;
    t.clock.advance(2 * 24 * 60 * MINUTE);
    const paid = await visit({ url: 'https://shop.example/?gclid=G1&utm_campaign=brand', visitor: v });
    t.clock.advance(3 * 24 * 60 * MINUTE);
    const direct = await visit({ visitor: v });
    expect(direct.json.visitor).toBe(v);

    const row = await visitorRow(v);
    expect(row.firstTouch).toMatchObject({ source: 'newsletter', medium: 'email', sessionId: first.json.session });
    expect(row.lastTouch).toMatchObject({ source: 'google', medium: 'cpc', campaign: 'brand', sessionId: paid.json.session });
    // The direct return is credited to the paid click, click id included, and says where the credit came from.
    expect(await sessionRow(direct.json.session)).toMatchObject({
      source: 'google',
      medium: 'cpc',
      campaign: 'brand',
      gclid: 'G1',
      referrerClass: 'direct',
      inheritedFrom: paid.json.session,
    });
  });

  it('stops crediting an old touch after the 90-day lookback', async () => {
    const paid = await visit({ url: 'https://shop.example/?gclid=G1' });
    t.clock.advance(91 * 24 * 60 * MINUTE);
    const direct = await visit({ visitor: paid.json.visitor });
    expect(await sessionRow(direct.json.session)).toMatchObject({ source: '(direct)', medium: '(none)', gclid: null, inheritedFrom: null });
  });

  it('treats a referrer from the site itself as direct', async () => {
    const res = await visit({ referrer: 'https://blog.shop.example/post' });
    expect(await sessionRow(res.json.session)).toMatchObject({ source: '(direct)', medium: '(none)', referrerClass: 'internal' });
  });
});

describe('bots', () => {
  it('shows a bot the business number and stores nothing of it but the day\'s count', async () => {
    const res = await visit({}, { 'user-agent': GOOGLEBOT });
    expect(res.status).toBe(200);
    expect(res.json.numbers).toEqual([{ replace: '+18005550100', number: '+18005550100', leased: false, reason: 'bot' }]);
    expect(await t.db.select().from(leases)).toHaveLength(0);
    expect(await sessionRow(res.json.session)).toBeUndefined();
    expect(await t.db.select().from(visitors)).toEqual([]);
    expect(await t.db.select().from(pageViews)).toEqual([]);
    await flushUnstoredVisits(t.db, t.clock.now());
    expect(await t.db.select({ bots: unstoredVisitCounts.bots }).from(unstoredVisitCounts)).toEqual([{ bots: 1 }]);
    // Nor does a bot lease when it comes back with its session.
    const again = await visit({ session: res.json.session }, { 'user-agent': GOOGLEBOT });
    expect(again.json.numbers[0]).toMatchObject({ leased: false, reason: 'bot' });
    expect(await t.db.select().from(leases)).toHaveLength(0);
  });
  it('treats a request without a User-Agent as a script: no lease', async () => {
    const res = await visit({}, { 'user-agent': '' });
    expect(res.json.numbers).toEqual([{ replace: '+18005550100', number: '+18005550100', leased: false, reason: 'bot' }]);
    expect(await t.db.select().from(leases)).toHaveLength(0);
    expect(await sessionRow(res.json.session)).toBeUndefined();
  });
});

describe('resuming a session', () => {
  it('keeps the session and number for a returning page and records the page view', async () => {
    const a = await visit();
    t.clock.advance(2 * MINUTE);
    const again = await visit({ session: a.json.session, visitor: a.json.visitor, url: 'https://shop.example/contact' });
    expect(again.json).toMatchObject({ session: a.json.session, visitor: a.json.visitor, numbers: a.json.numbers });
    const journey = await t.db.select().from(pageViews).where(eq(pageViews.sessionId, a.json.session));
    expect(journey.map((p) => p.url)).toEqual(['https://shop.example/', 'https://shop.example/contact']);
  });

  it('resumes a long session kept alive by pings, though each ping need not write', async () => {
    const a = await visit();
    for (let m = 1; m <= 120; m++) {
      t.clock.advance(MINUTE);
      expect((await ping(a.json.session)).status).toBe(200);
    }
    const again = await visit({ session: a.json.session });
    expect(again.json.session).toBe(a.json.session);
    expect(again.json.numbers).toEqual(a.json.numbers);
    // last_seen_at lags at most the grace period behind the last ping.
    expect(t.clock.now() - (await sessionRow(a.json.session)).lastSeenAt).toBeLessThanOrEqual(5 * MINUTE);
  });

  it('resumes while the lease lives even after 30 idle minutes, and starts afresh once both are over', async () => {
    const a = await visit();
    const leaseEnd = Date.parse(a.json.expires_at);
    t.clock.set(leaseEnd - MINUTE); // 34 idle minutes, lease still live
    const kept = await visit({ session: a.json.session, visitor: a.json.visitor });
    expect(kept.json.session).toBe(a.json.session);
    t.clock.advance(40 * MINUTE); // lease over, idle past 30 minutes
    const fresh = await visit({ session: a.json.session, visitor: a.json.visitor });
    expect(fresh.json.session).not.toBe(a.json.session);
    expect(fresh.json.visitor).toBe(a.json.visitor);
    expect(fresh.json.numbers[0].leased).toBe(true);
  });

  it('starts a new session for the same visitor when the page arrives with a different campaign', async () => {
    const a = await visit({ url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring' });
    const reload = await visit({ url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring', session: a.json.session });
    expect(reload.json.session).toBe(a.json.session);
    const untagged = await visit({ url: 'https://shop.example/about', session: a.json.session });
    expect(untagged.json.session).toBe(a.json.session);
    const other = await visit({ url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=summer', session: a.json.session });
    expect(other.json.session).not.toBe(a.json.session);
    expect(other.json.visitor).toBe(a.json.visitor);
    expect(await sessionRow(other.json.session)).toMatchObject({ campaign: 'summer' });
    const newClick = await visit({ url: 'https://shop.example/?gclid=second', session: other.json.session });
    expect(newClick.json.session).not.toBe(other.json.session);
  });

  it('keeps a session credited from its referrer when its own landing URL pings again (back button)', async () => {
    const bing = await visit({ url: 'https://shop.example/?msclkid=M1', referrer: 'https://www.bing.com/search?q=emergency+plumber' });
    expect(await sessionRow(bing.json.session)).toMatchObject({ source: 'bing', medium: 'cpc', keyword: 'emergency plumber' });
    const linkedin = await visit({ url: 'https://shop.example/?utm_campaign=launch', referrer: 'https://www.linkedin.com/' });
    t.clock.advance(MINUTE);
    await ping(bing.json.session, { url: 'https://shop.example/pricing' });
    await ping(linkedin.json.session, { url: 'https://shop.example/pricing' });
    for (const [s, url] of [[bing, 'https://shop.example/?msclkid=M1'], [linkedin, 'https://shop.example/?utm_campaign=launch']] as const) {
      const back = await ping(s.json.session, { url });
      expect(Date.parse(back.json.expires_at), url).toBeGreaterThan(t.clock.now());
    }
  });

  it('ends the session for a page that pings with a different campaign, writing nothing, so the page starts a new one', async () => {
    const a = await visit({ url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring' });
    t.clock.advance(MINUTE);
    // The same landing URL and an untagged page keep the session.
    expect(Date.parse((await ping(a.json.session, { url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring' })).json.expires_at)).toBeGreaterThan(t.clock.now());
    expect(Date.parse((await ping(a.json.session, { url: 'https://shop.example/pricing' })).json.expires_at)).toBeGreaterThan(t.clock.now());
    t.clock.advance(MINUTE);
    const before = await writes();
    const ended = await ping(a.json.session, { url: 'https://shop.example/?gclid=new-click' });
    expect(Date.parse(ended.json.expires_at)).toBeLessThan(t.clock.now());
    expect(await writes()).toBe(before);
    // What the snippet does next: a session for the visitor, credited to the new click.
    const next = await visit({ url: 'https://shop.example/?gclid=new-click', visitor: a.json.visitor });
    expect(await sessionRow(next.json.session)).toMatchObject({ visitorId: a.json.visitor, source: 'google', medium: 'cpc', gclid: 'new-click', campaign: null });
  });

  it('does not resume a session of another site', async () => {
    const a = await visit();
    const other = await t.post('/v1/sites', { name: 'Other', domains: ['other.example'] });
    const res = await t.post('/v1/sessions', { site: other.json.public_key, url: 'https://other.example/', session: a.json.session }, { key: null });
    expect(res.status).toBe(200);
    expect(res.json.session).not.toBe(a.json.session);
  });
});

describe('pings', () => {
  it("refuses another origin, readably, and records nothing for it", async () => {
    const s = (await visit()).json.session;
    const from = (origin: string) =>
      t.post(`/v1/sessions/${s}/ping`, { url: 'https://shop.example/next' }, { key: null, headers: { 'content-type': 'text/plain', origin } });
    const before = await writes();
    const foreign = await from('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('forbidden');
    // The page may read the refusal (the snippet logs it); it holds nothing to use.
    expect(foreign.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(await writes()).toBe(before);
    const unknown = await t.post('/v1/sessions/s_unknown/ping', {}, { key: null, headers: { 'content-type': 'text/plain', origin: 'https://www.shop.example' } });
    expect(unknown.status).toBe(404);
    // Readable, so the snippet starts a new session instead of seeing a network error.
    expect(unknown.headers.get('access-control-allow-origin')).toBe('https://www.shop.example');
    const own = await from('https://www.shop.example');
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe('https://www.shop.example');
  });

  it('writes nothing when nothing changed, and only what changed otherwise', async () => {
    const a = await visit();
    const s = a.json.session;
    const [lease] = await t.db.select().from(leases).where(eq(leases.sessionId, s));
    const before = await writes();
    for (let m = 1; m <= 4; m++) {
      t.clock.advance(MINUTE);
      const res = await ping(s, { url: 'https://shop.example/' });
      expect(res.json.expires_at).toBe(a.json.expires_at);
    }
    expect(await writes()).toBe(before);

    // A new page: a page view and the session's last-seen time, no lease write.
    await ping(s, { url: 'https://shop.example/pricing', title: 'Pricing' });
    expect(await writes()).toBe(before + 2);
    expect((await t.db.select().from(leases).where(eq(leases.id, lease!.id)))[0]!.endsAt).toBe(lease!.endsAt);

    // Past the slack: the lease, the number's current state and last-seen move together.
    t.clock.advance(2 * MINUTE);
    const mark = await writes();
    const extended = await ping(s);
    expect(Date.parse(extended.json.expires_at)).toBe(t.clock.now() + 35 * MINUTE);
    expect(await writes()).toBe(mark + 3);
    const journey = await t.db.select().from(pageViews).where(eq(pageViews.sessionId, s));
    expect(journey.map((p) => [p.url, p.title])).toEqual([
      ['https://shop.example/', null],
      ['https://shop.example/pricing', 'Pricing'],
    ]);
  });

  it('does not revive an ended session and answers 404 for an unknown one', async () => {
    const a = await visit();
    t.clock.set(Date.parse(a.json.expires_at) + 31 * MINUTE);
    const before = await writes();
    const late = await ping(a.json.session, { url: 'https://shop.example/again' });
    expect(late.status).toBe(200);
    expect(Date.parse(late.json.expires_at)).toBeLessThan(t.clock.now());
    expect(await writes()).toBe(before);
    const unknown = await ping('s_doesnotexist');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('not_found');
  });
});

describe("ad platforms' browser ids", () => {
  const GA = 'GA1.1.1234567890.1700000000';
  const FBP = 'fb.1.1596403881668.1116446470';
  const FBC = 'fb.1.1554763741205.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgE';
  const adIdsOf = async (session: string) => {
    const { gaClientId, fbp, fbc } = await sessionRow(session);
    return { gaClientId, fbp, fbc };
  };

  it("stores GA4's client id from the _ga cookie, and Meta's _fbp and _fbc, with the session", async () => {
    const res = await visit({ ga: GA, fbp: FBP, fbc: FBC });
    expect(res.status).toBe(200);
    expect(await adIdsOf(res.json.session)).toEqual({ gaClientId: '1234567890.1700000000', fbp: FBP, fbc: FBC });
    // The client id alone is taken as it is.
    const alone = await visit({ ga: '987654321.1699999999' });
    expect(await adIdsOf(alone.json.session)).toEqual({ gaClientId: '987654321.1699999999', fbp: null, fbc: null });
  });

  it('drops a malformed id on its own, keeping the visit and the other ids', async () => {
    const cases: Array<[object, object]> = [
      [{ ga: 'GA1.1.abc.1700000000', fbp: FBP }, { gaClientId: null, fbp: FBP, fbc: null }],
      [{ ga: `GA1.1.${'1'.repeat(70)}.1`, fbc: FBC }, { gaClientId: null, fbp: null, fbc: FBC }],
      [{ fbp: 'fb.1.1596403881668.<script>', fbc: 42, ga: GA }, { gaClientId: '1234567890.1700000000', fbp: null, fbc: null }],
      [{ fbc: `fb.1.1554763741205.${'a'.repeat(600)}`, fbp: ['x'] }, { gaClientId: null, fbp: null, fbc: null }],
    ];
    for (const [ids, stored] of cases) {
      const res = await visit(ids);
      expect(res.status, JSON.stringify(ids)).toBe(200);
      expect(await adIdsOf(res.json.session)).toEqual(stored);
    }
  });

  it('takes ids a tag set after the first request from a later ping or visit, and writes nothing for ids it holds', async () => {
    const a = await visit();
    const s = a.json.session;
    expect(await adIdsOf(s)).toEqual({ gaClientId: null, fbp: null, fbc: null });
    t.clock.advance(MINUTE);
    const before = await writes();
    expect((await ping(s, { url: 'https://shop.example/', ga: GA, fbp: FBP })).status).toBe(200);
    expect(await writes()).toBe(before + 1);
    expect(await adIdsOf(s)).toEqual({ gaClientId: '1234567890.1700000000', fbp: FBP, fbc: null });
    const held = await writes();
    t.clock.advance(MINUTE);
    await ping(s, { url: 'https://shop.example/', ga: GA, fbp: FBP });
    expect(await writes()).toBe(held);
    // A new ad click's _fbc replaces the old one when the page resumes the session.
    t.clock.advance(MINUTE);
    const resumed = await visit({ session: s, visitor: a.json.visitor, ga: GA, fbc: FBC });
    expect(resumed.json.session).toBe(s);
    expect(await adIdsOf(s)).toEqual({ gaClientId: '1234567890.1700000000', fbp: FBP, fbc: FBC });
  });
});

describe('rate limit', () => {
  async function limited(limit: number) {
    t.close();
    t = await createTestApp({ sessionRateLimit: limit });
    const made = await siteWithPool(t, { numbers: Array.from({ length: 10 }, (_, i) => `+1415555${String(200 + i).padStart(4, '0')}`) });
    siteKey = made.site.public_key;
    return made.pool.id as string;
  }

  it('shows a client over the limit the business number and spends no pool number', async () => {
    const poolId = await limited(3);
    t.clock.set('2026-06-01T15:00:10Z');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await visit());
    expect(answers.map((a) => a.json.numbers[0].leased)).toEqual([true, true, true, false, false]);
    expect(answers[3]!.json.numbers[0].number).toBe('+18005550100');
    expect(await t.db.select().from(leases)).toHaveLength(3);
    expect(await t.db.select().from(poolExhaustions).where(eq(poolExhaustions.poolId, poolId))).toHaveLength(0);

    // Another client is not affected, a returning session is not a new one, and the next minute starts afresh.
    t.client.ip = '198.51.100.9';
    expect((await visit()).json.numbers[0].leased).toBe(true);
    t.client.ip = '203.0.113.7';
    expect((await visit({ session: answers[0]!.json.session })).json.session).toBe(answers[0]!.json.session);
    t.clock.set('2026-06-01T15:01:00Z');
    expect((await visit()).json.numbers[0].leased).toBe(true);
  });

  it('is off at 0', async () => {
    await limited(0);
    for (let i = 0; i < 8; i++) expect((await visit()).json.numbers[0].leased).toBe(true);
  });
});

describe('bad requests change nothing', () => {
  it('rejects a bad body, an unknown site and a foreign origin', async () => {
    const count = async () => (await t.db.select().from(sessions)).length;
    const bad = await t.post('/v1/sessions', { site: siteKey, url: 'not a url' }, { key: null });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_request');
    const notJson = await t.post('/v1/sessions', '{"site":', { key: null, headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(400);
    expect((await t.post('/v1/sessions', { site: 'site_nope', url: 'https://shop.example/' }, { key: null })).status).toBe(404);
    expect((await visit({}, { origin: 'https://notshop.example' })).status).toBe(403);
    expect(await count()).toBe(0);
    expect(await t.db.select().from(leases)).toHaveLength(0);
  });
});
