// Pools and leases through the API: rules and priorities, several business numbers,
// rest period, least recently used, exhaustion with and without overflow, peak
// concurrent leases, matching calls against history, and concurrent visitors.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leases, poolExhaustions, trackingNumbers } from '../../collector/db/schema';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const MINUTE = 60_000;
const R1 = '+18005550100';
const R2 = '+18005550111';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const numbers = (from: number, n: number) => Array.from({ length: n }, (_, i) => `+1415555${String(from + i).padStart(4, '0')}`);

function opener(siteKey: string) {
  return (url = 'https://shop.example/', extra: object = {}) =>
    t.post('/v1/sessions', { site: siteKey, url, ...extra }, { key: null, headers: { 'user-agent': CHROME } });
}
const callAt = (id: string, to: string, at: number) =>
  t.post('/v1/calls', { id, to, from: '+14155550199', started_at: new Date(at).toISOString(), duration_s: 90, status: 'completed' });

async function pool(site: string, body: Record<string, unknown>) {
  const res = await t.post('/v1/pools', { site, name: 'p', replace: R1, forward_to: R1, ...body });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

describe('rules, priorities and business numbers', () => {
  it('picks one pool per business number by rule and priority, with a default for the rest', async () => {
    const site = (await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'] })).json;
    await t.post('/v1/publishers', { name: 'Acme', code: 'acme' });
    const paid = await pool(site.id, { name: 'paid', match: { source: 'google', medium: 'cpc' }, priority: 10, numbers: numbers(100, 2) });
    const fallback = await pool(site.id, { name: 'default', numbers: numbers(200, 2) });
    const social = await pool(site.id, { name: 'facebook', kind: 'source', match: { source: 'facebook' }, numbers: numbers(300, 1) });
    const affiliate = await pool(site.id, { name: 'acme', match: { publisher: 'acme' }, priority: 5, numbers: numbers(400, 2) });
    const second = await pool(site.id, { name: 'service line', replace: R2, numbers: numbers(500, 10) });
    const open = opener(site.public_key);
    const owner = async (number: string) => (await t.db.select().from(trackingNumbers).where(eq(trackingNumbers.number, number)))[0]!.poolId;
    const poolsOf = async (res: { json: { numbers: { replace: string; number: string }[] } }) =>
      Object.fromEntries(await Promise.all(res.json.numbers.map(async (n) => [n.replace, await owner(n.number)])));

    expect(await poolsOf(await open('https://shop.example/?utm_source=google&utm_medium=cpc'))).toEqual({ [R1]: paid.id, [R2]: second.id });
    // gclid alone implies google / cpc.
    expect(await poolsOf(await open('https://shop.example/?gclid=x'))).toEqual({ [R1]: paid.id, [R2]: second.id });
    expect(await poolsOf(await open('https://shop.example/', { referrer: 'https://www.bing.com/' }))).toEqual({ [R1]: fallback.id, [R2]: second.id });
    expect(await poolsOf(await open('https://shop.example/?pub=acme'))).toEqual({ [R1]: affiliate.id, [R2]: second.id });

    const fb = await open('https://shop.example/', { referrer: 'https://m.facebook.com/' });
    expect(fb.json.numbers).toContainEqual({ replace: R1, number: numbers(300, 1)[0], leased: true });
    expect(await poolsOf(fb)).toEqual({ [R1]: social.id, [R2]: second.id });
    // Everyone facebook sends sees the same static number; a call to it is credited to the source.
    const fb2 = await open('https://shop.example/', { referrer: 'https://l.facebook.com/' });
    expect(fb2.json.numbers).toContainEqual({ replace: R1, number: numbers(300, 1)[0], leased: true });
    const call = await callAt('CA-src', numbers(300, 1)[0]!, t.clock.now());
    expect(call.json.attribution).toMatchObject({ confidence: 'source', source: 'facebook', medium: 'social', session: null });
  });

  it('gives a returning session no second number for a business number it already has', async () => {
    const site = (await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'] })).json;
    await pool(site.id, { numbers: numbers(100, 3) });
    await pool(site.id, { replace: R2, numbers: numbers(200, 3) });
    const open = opener(site.public_key);
    const a = await open();
    expect(a.json.numbers.map((n: { replace: string }) => n.replace).sort()).toEqual([R1, R2]);
    for (let i = 0; i < 3; i++) await open('https://shop.example/next', { session: a.json.session });
    expect(await t.db.select().from(leases).where(eq(leases.sessionId, a.json.session))).toHaveLength(2);
  });

  it('gives a resumed session the number its exhausted pool lacked once one is free', async () => {
    const { site } = await siteWithPool(t, { numbers: numbers(100, 1), leaseMinutes: 1, restMinutes: 0 });
    const open = opener(site.public_key);
    await open();
    const waiting = await open();
    expect(waiting.json.numbers[0].leased).toBe(false);
    t.clock.advance(7 * MINUTE); // the first lease (1 + 5 minutes) is over
    const later = await open('https://shop.example/', { session: waiting.json.session });
    expect(later.json.session).toBe(waiting.json.session);
    expect(later.json.numbers[0]).toEqual({ replace: R1, number: numbers(100, 1)[0], leased: true });
  });
});

describe('lease policy', () => {
  it('leases the least recently used free number first', async () => {
    const { site } = await siteWithPool(t, { numbers: numbers(100, 3), leaseMinutes: 1, restMinutes: 15 });
    const open = opener(site.public_key);
    const held: string[] = [];
    for (let i = 0; i < 3; i++) {
      held.push((await open()).json.numbers[0].number);
      t.clock.advance(MINUTE);
    }
    t.clock.advance(60 * MINUTE);
    const next: string[] = [];
    for (let i = 0; i < 3; i++) next.push((await open()).json.numbers[0].number);
    expect(next).toEqual(held);
  });

  it('rests a released number before leasing it again, and a call in between is late to its last holder', async () => {
    const { site } = await siteWithPool(t, { numbers: numbers(100, 1), leaseMinutes: 1, restMinutes: 15, matchWindowMinutes: 60 });
    const open = opener(site.public_key);
    const a = await open();
    const endsA = Date.parse(a.json.expires_at);
    t.clock.set(endsA + 14 * MINUTE);
    expect((await open()).json.numbers[0].leased).toBe(false);
    t.clock.set(endsA + 15 * MINUTE);
    const b = await open();
    expect(b.json.numbers[0]).toMatchObject({ number: a.json.numbers[0].number, leased: true });

    const n = a.json.numbers[0].number;
    const late = await callAt('CA-late', n, endsA + 10 * MINUTE);
    expect(late.json.attribution).toMatchObject({ confidence: 'late', session: a.json.session });
    const during = await callAt('CA-b', n, t.clock.now() + MINUTE);
    expect(during.json.attribution).toMatchObject({ confidence: 'exclusive', session: b.json.session });
  });
});

describe('exhaustion', () => {
  it('shows the shared overflow number, counts the event and matches overflow calls as shared', async () => {
    const site = (await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'] })).json;
    const p = await pool(site.id, { numbers: numbers(100, 1), overflow_number: '+14155550999' });
    const open = opener(site.public_key);
    await open();
    const over = await open('https://shop.example/?utm_source=bing&utm_medium=cpc');
    expect(over.json.numbers).toEqual([{ replace: R1, number: '+14155550999', leased: false, reason: 'exhausted' }]);
    // Coming back, the session still holds the overflow number, and still hears why.
    const back = await open('https://shop.example/?utm_source=bing&utm_medium=cpc', { session: over.json.session });
    expect(back.json.session).toBe(over.json.session);
    expect(back.json.numbers).toEqual([{ replace: R1, number: '+14155550999', leased: false, reason: 'exhausted' }]);
    expect(await t.db.select().from(poolExhaustions).where(eq(poolExhaustions.poolId, p.id))).toHaveLength(1);
    const call = await callAt('CA-over', '+14155550999', t.clock.now());
    // Overflow calls name no visitor: only what every holder of the number agrees on.
    expect(call.json.attribution).toMatchObject({ confidence: 'shared', session: null, visitor: null, source: 'bing', medium: 'cpc' });
  });

  it("gives a call to a number many visitors saw only what they all share: no keyword, no click id, no Google Ads conversion", async () => {
    const site = (await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'] })).json;
    const n = numbers(300, 1)[0]!;
    await pool(site.id, { name: 'google ads', kind: 'source', match: { source: 'google' }, numbers: [n] });
    const rules = await t.put(`/v1/sites/${site.id}/rules`, { min_duration_s: 0, payout_cents: 1000 });
    expect(rules.status, rules.text).toBe(200);
    const open = opener(site.public_key);
    await open('https://shop.example/?gclid=GA&utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=emergency+plumber');
    await open('https://shop.example/?gclid=GB&utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=water+heater');
    const paid = await callAt('CA-src-paid', n, t.clock.now() + MINUTE);
    expect(paid.json.attribution).toMatchObject({ confidence: 'source', source: 'google', medium: 'cpc', campaign: 'spring', keyword: null, gclid: null, session: null, landing_page: null });
    expect(paid.json.qualified).toBe(true);
    // A third visitor from Google search: the holders now disagree on medium and campaign.
    await open('https://shop.example/', { referrer: 'https://www.google.com/' });
    const mixed = await callAt('CA-src-mixed', n, t.clock.now() + 2 * MINUTE);
    expect(mixed.json.attribution).toMatchObject({ confidence: 'source', source: 'google', medium: null, campaign: null, keyword: null });
    const csv = await t.get('/v1/exports/google-ads.csv?conversion_name=Call');
    expect(csv.status).toBe(200);
    expect(csv.text).not.toMatch(/\bG[AB]\b/);
  });

});

describe('concurrent visitors', () => {
  it('gives 200 concurrent new sessions on a pool of 50 exactly 50 distinct numbers and no errors', async () => {
    const { site, pool: p } = await siteWithPool(t, { numbers: numbers(1000, 50) });
    const open = opener(site.public_key);
    const answers = await Promise.all(Array.from({ length: 200 }, () => open()));
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    const leased = answers.filter((a) => a.json.numbers[0].leased).map((a) => a.json.numbers[0].number);
    expect(leased).toHaveLength(50);
    expect(new Set(leased).size).toBe(50);
    expect(new Set(leased)).toEqual(new Set(numbers(1000, 50)));
    const refused = answers.filter((a) => !a.json.numbers[0].leased);
    expect(refused.every((a) => a.json.numbers[0].number === R1)).toBe(true);
    const history = await t.db.select().from(leases).where(eq(leases.poolId, p.id));
    expect(history).toHaveLength(50);
    expect(new Set(history.map((l) => l.numberId)).size).toBe(50);
    expect(await t.db.select().from(poolExhaustions).where(eq(poolExhaustions.poolId, p.id))).toHaveLength(150);
  });
});
