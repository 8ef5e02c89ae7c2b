// Editing and archiving pools (PATCH/DELETE /v1/pools/{id}) and removing numbers
// (DELETE /v1/pools/{id}/numbers/{number}): archived pools and removed numbers are never
// leased again, and their history still matches calls.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackingNumbers } from '../../collector/db/schema';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const MINUTE = 60_000;
const N1 = '+14155550101';
const N2 = '+14155550102';
const N3 = '+14155550103';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const open = (site: string) => t.post('/v1/sessions', { site, url: 'https://shop.example/' }, { key: null, headers: { 'user-agent': CHROME } });
const del = (path: string) => t.request('DELETE', path);
const removePath = (pool: string, number: string, force = false) => `/v1/pools/${pool}/numbers/${encodeURIComponent(number)}${force ? '?force=1' : ''}`;
const call = (id: string, to: string) =>
  t.post('/v1/calls', { id, to, from: '+12125550123', started_at: new Date(t.clock.now()).toISOString(), duration_s: 90, status: 'completed' });

/** Opens `n` sessions, each ending its lease at once (a new clock minute past lease and rest), and lists the numbers they got. */
async function numbersLeased(site: string, n: number): Promise<string[]> {
  const got: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await open(site);
    expect(res.status, res.text).toBe(200);
    got.push(res.json.numbers[0]?.leased ? res.json.numbers[0].number : 'none');
  }
  return got;
}

describe('PATCH /v1/pools/{id}', () => {
  it('changes the settings given and leaves the rest', async () => {
    const { pool } = await siteWithPool(t);
    const res = await t.patch(`/v1/pools/${pool.id}`, {
      name: 'Paid search',
      match: { source: 'Google', campaign: 'Spring' },
      priority: 5,
      lease_minutes: 20,
      rest_minutes: 5,
      match_window_minutes: 120,
      forward_to: '(415) 555-0177',
      record: true,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      name: 'Paid search',
      match: { source: 'google', medium: null, campaign: 'Spring', publisher: null },
      priority: 5,
      lease_minutes: 20,
      rest_minutes: 5,
      match_window_minutes: 120,
      forward_to: '+14155550177',
      record: true,
      replace: '+18005550100',
      numbers: [N1, N2, N3],
    });
    // `match` changes only the keys it names; null clears one.
    const cleared = await t.patch(`/v1/pools/${pool.id}`, { match: { source: null } });
    expect(cleared.json.match).toEqual({ source: null, medium: null, campaign: 'Spring', publisher: null });
    expect((await t.get(`/v1/pools/${pool.id}`)).json).toEqual(cleared.json);
  });

  it('the new forwarding number is where the next call goes', async () => {
    const { site, pool } = await siteWithPool(t);
    const leased = (await open(site.public_key)).json.numbers[0].number;
    await t.patch(`/v1/pools/${pool.id}`, { forward_to: '+14155550177' });
    const res = await call('CA-fwd', leased);
    expect(res.status).toBe(201);
    const [row] = await t.db.select().from(trackingNumbers).where(eq(trackingNumbers.number, leased));
    expect(row!.poolId).toBe(pool.id);
    expect((await t.get(`/v1/calls/${res.json.id}`)).json.attribution.session).not.toBeNull();
  });

  it('swaps the overflow number: the old one is never shown again, the new one is', async () => {
    const { site, pool } = await siteWithPool(t, { numbers: [N1] });
    expect((await t.patch(`/v1/pools/${pool.id}`, { overflow_number: '+14155550188' })).json.overflow_number).toBe('+14155550188');
    await open(site.public_key);
    expect((await open(site.public_key)).json.numbers[0]).toMatchObject({ number: '+14155550188', leased: false });
    const swapped = await t.patch(`/v1/pools/${pool.id}`, { overflow_number: '+14155550189' });
    expect(swapped.json.overflow_number).toBe('+14155550189');
    expect((await open(site.public_key)).json.numbers[0]).toMatchObject({ number: '+14155550189', leased: false });
    // The old overflow number may now go to another pool; taking it off shows the business number.
    expect((await t.patch(`/v1/pools/${pool.id}`, { overflow_number: null })).json.overflow_number).toBeNull();
    expect((await open(site.public_key)).json.numbers[0]).toMatchObject({ number: '+18005550100', leased: false });
  });

  it('refuses bad fields, unknown fields and a number in use with 4xx, and changes nothing', async () => {
    const { pool } = await siteWithPool(t);
    const other = (await t.post('/v1/sites', { name: 'Other', domains: ['other.example'] })).json;
    await t.post('/v1/pools', { site: other.id, name: 'o', replace: '+18005550122', forward_to: '+18005550122', numbers: ['+14155550192'] });
    const before = (await t.get(`/v1/pools/${pool.id}`)).json;
    const cases: [unknown, number][] = [
      [{ forward_to: 'not a phone' }, 400],
      [{ lease_minutes: 0 }, 400],
      [{ kind: 'source' }, 400],
      [{ replace: '+18005550111' }, 400],
      [{ match: { colour: 'red' } }, 400],
      [{ overflow_number: '+14155550192' }, 409],
      [{ overflow_number: N1 }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await t.patch(`/v1/pools/${pool.id}`, body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(status);
    }
    expect((await t.get(`/v1/pools/${pool.id}`)).json).toEqual(before);
    expect((await t.patch('/v1/pools/pl_nope', { name: 'x' })).status).toBe(404);
  });
});

describe('DELETE /v1/pools/{id} archives', () => {
  it('never leases the pool again; its leases end as the visitor pings, its calls still match', async () => {
    const { site, pool } = await siteWithPool(t);
    const first = await open(site.public_key);
    const held = first.json.numbers[0].number;
    const archived = await del(`/v1/pools/${pool.id}`);
    expect(archived.status).toBe(200);
    expect(archived.json.archived_at).not.toBeNull();
    expect((await t.get('/v1/pools')).json.pools).toEqual([]);
    expect((await t.get('/v1/reports/pools')).json.pools).toEqual([]);

    // New visitors get nothing to swap (the page keeps its own number); the visitor holding one gets it no longer.
    expect((await open(site.public_key)).json.numbers).toEqual([]);
    const resumed = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/', visitor: first.json.visitor, session: first.json.session }, { key: null, headers: { 'user-agent': CHROME } });
    expect(resumed.json.numbers).toEqual([]);

    const matched = await call('CA-archived', held);
    expect(matched.json.attribution).toMatchObject({ confidence: 'exclusive', session: first.json.session });

    const edit = await t.patch(`/v1/pools/${pool.id}`, { name: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.json.error.message).toBe('Pool Visitors is archived');
    expect((await t.post(`/v1/pools/${pool.id}/numbers`, { numbers: ['+14155550104'] })).status).toBe(409);
    expect((await del('/v1/pools/pl_nope')).status).toBe(404);
  });

  it('leaves another pool of the site leasing', async () => {
    const { site, pool } = await siteWithPool(t, { numbers: [N1] });
    const paid = await t.post('/v1/pools', { site: site.id, name: 'Fallback', replace: '+18005550100', priority: -1, forward_to: '+18005550100', numbers: [N2] });
    expect(paid.status).toBe(201);
    await del(`/v1/pools/${pool.id}`);
    expect(await numbersLeased(site.public_key, 1)).toEqual([N2]);
  });
});

describe('DELETE /v1/pools/{id}/numbers/{number}', () => {
  it('takes a free number out at once: it is never leased again, and it can come back', async () => {
    const { site, pool } = await siteWithPool(t, { numbers: [N1, N2] });
    const res = await del(removePath(pool.id, N1));
    expect(res.status, res.text).toBe(200);
    expect(res.json.numbers).toEqual([N2]);
    // Every visitor after the first finds the pool exhausted: N1 is never handed out.
    expect(await numbersLeased(site.public_key, 4)).toEqual([N2, 'none', 'none', 'none']);
    expect((await t.get(`/v1/reports/pools`)).json.pools[0].size).toBe(1);

    // Added back, it is the same number with the same history.
    const back = await t.post(`/v1/pools/${pool.id}/numbers`, { numbers: [N1] });
    expect(back.status, back.text).toBe(200);
    expect(back.json.numbers).toEqual([N1, N2]);
    expect(await numbersLeased(site.public_key, 1)).toEqual([N1]);
    expect(await t.db.select().from(trackingNumbers).where(eq(trackingNumbers.number, N1))).toHaveLength(1);
  });

  it('refuses with 409 while a visitor holds the number; force ends the lease and a late call still matches', async () => {
    const { site, pool } = await siteWithPool(t, { numbers: [N1] });
    const visit = await open(site.public_key);
    expect(visit.json.numbers[0].number).toBe(N1);

    const refused = await del(removePath(pool.id, N1));
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'conflict' });
    expect(refused.json.error.message).toMatch(/leased to a visitor right now.*force=1/);
    expect((await t.get(`/v1/pools/${pool.id}`)).json.numbers).toEqual([N1]);

    t.clock.advance(5 * MINUTE);
    const forced = await del(removePath(pool.id, N1, true));
    expect(forced.status, forced.text).toBe(200);
    expect(forced.json.numbers).toEqual([]);
    // The visitor's next ping keeps nothing alive; the site shows the business number.
    const resumed = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/', visitor: visit.json.visitor, session: visit.json.session }, { key: null, headers: { 'user-agent': CHROME } });
    expect(resumed.json.numbers).toEqual([{ replace: '+18005550100', number: '+18005550100', leased: false, reason: 'exhausted' }]);
    // Within the match window a call to the removed number is still this visitor's.
    t.clock.advance(10 * MINUTE);
    const late = await call('CA-late', N1);
    expect(late.status).toBe(201);
    expect(late.json.attribution).toMatchObject({ confidence: 'late', session: visit.json.session });
  });

  it('answers 404 for a number not in the pool and 400 for something that is no phone number', async () => {
    const { pool } = await siteWithPool(t);
    const missing = await del(removePath(pool.id, '+14155550999'));
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe("+14155550999 is not one of this pool's numbers");
    expect((await del(removePath(pool.id, 'banana'))).status).toBe(400);
    expect((await del(`${removePath(pool.id, N1)}?force=maybe`)).status).toBe(400);
    // Written the way people write it, it is the same number.
    expect((await del(removePath(pool.id, '(415) 555-0101'))).status).toBe(200);
  });
});
