// The rate limit's count of a new session commits in the session's own batch, and the
// session-level claims of that batch test it. A client already over the limit is stored
// as nothing but a count: no session, visitor, page view or lease, and business numbers
// (a source-level number too: showing it would record a lease). A visit that needs only
// source-level numbers is never counted.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leases, pageViews, poolExhaustions, rateCounters, sessions, unstoredVisitCounts, visitors } from '../../collector/db/schema';
import { flushUnstoredVisits } from '../../collector/services/unstored-visits';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { VISITOR_USER_AGENT } from '../helpers/http';

let t: TestApp;
let siteKey: string;
let siteId: string;
beforeEach(async () => {
  t = await createTestApp({ sessionRateLimit: 1 });
  const { site } = await siteWithPool(t, { numbers: ['+14155550101', '+14155550102'] });
  const source = await t.post('/v1/pools', { site: site.id, name: 'Line', kind: 'source', replace: '+18005550199', forward_to: '+18005550199', numbers: ['+14155550301'] });
  expect(source.status).toBe(201);
  siteKey = site.public_key;
  siteId = site.id;
  t.clock.set('2026-06-01T15:00:10Z');
});
afterEach(() => t.close());

const visit = (body: Record<string, unknown> = {}) =>
  t.post('/v1/sessions', { site: siteKey, url: 'https://shop.example/', ...body }, { key: null, headers: { 'content-type': 'text/plain', 'user-agent': VISITOR_USER_AGENT } });
const byReplace = (numbers: { replace: string }[]) => [...numbers].sort((a, b) => a.replace.localeCompare(b.replace));

describe('the rate limit in the session batch', () => {
  it('answers a visit over the limit with the business numbers and stores nothing but a count', async () => {
    const first = await visit();
    expect(byReplace(first.json.numbers)).toEqual([
      { replace: '+18005550100', number: '+14155550101', leased: true },
      { replace: '+18005550199', number: '+14155550301', leased: true },
    ]);
    const second = await visit();
    expect(second.status).toBe(200);
    expect(byReplace(second.json.numbers)).toEqual([
      { replace: '+18005550100', number: '+18005550100', leased: false },
      { replace: '+18005550199', number: '+18005550199', leased: false },
    ]);
    expect(second.json.session).not.toBe(first.json.session);
    expect(await t.db.select().from(leases).where(eq(leases.sessionId, second.json.session))).toEqual([]);
    expect(await t.db.select().from(poolExhaustions)).toEqual([]);
    expect(await t.db.select().from(sessions).where(eq(sessions.id, second.json.session))).toEqual([]);
    expect(await t.db.select().from(visitors).where(eq(visitors.id, second.json.visitor))).toEqual([]);
    expect(await t.db.select().from(pageViews)).toHaveLength(1);
    await flushUnstoredVisits(t.db, t.clock.now());
    expect(await t.db.select({ bots: unstoredVisitCounts.bots, refused: unstoredVisitCounts.refused }).from(unstoredVisitCounts)).toEqual([{ bots: 0, refused: 1 }]);
    // The snippet's ping for the unstored session is told to start over.
    const ping = await t.post(`/v1/sessions/${second.json.session}/ping`, { url: 'https://shop.example/' }, { key: null, headers: { 'content-type': 'text/plain' } });
    expect(ping.status).toBe(404);
    // Nothing was counted past the limit: the counter holds what the first visit spent.
    expect((await t.db.select().from(rateCounters)).map((r) => r.count)).toEqual([1]);
  });

  it('does not count a visit that needs only source-level numbers', async () => {
    const onlySource = await createTestApp({ sessionRateLimit: 1 });
    try {
      const site = (await onlySource.post('/v1/sites', { name: 'Radio', domains: ['radio.example'] })).json;
      const pool = await onlySource.post('/v1/pools', { site: site.id, name: 'Line', kind: 'source', replace: '+18005550199', forward_to: '+18005550199', numbers: ['+14155550301'] });
      expect(pool.status).toBe(201);
      for (let i = 0; i < 3; i++) {
        const res = await onlySource.post('/v1/sessions', { site: site.public_key, url: 'https://radio.example/' }, { key: null, headers: { 'content-type': 'text/plain' } });
        expect(res.json.numbers).toEqual([{ replace: '+18005550199', number: '+14155550301', leased: true }]);
      }
      expect(await onlySource.db.select().from(rateCounters)).toEqual([]);
    } finally {
      onlySource.close();
    }
  });

  it('counts a resumed session that lacks a number like a new one', async () => {
    const first = await visit();
    // A new business number appears: the live session asks for it and is over the limit.
    expect((await t.post('/v1/pools', { site: siteId, name: 'Sales', replace: '+18005550177', forward_to: '+18005550177', numbers: ['+14155550401'] })).status).toBe(201);
    const again = await visit({ session: first.json.session, visitor: first.json.visitor });
    expect(again.json.session).toBe(first.json.session);
    expect(again.json.numbers.find((n: { replace: string }) => n.replace === '+18005550177')).toEqual({ replace: '+18005550177', number: '+18005550177', leased: false });
    t.clock.set('2026-06-01T15:01:10Z');
    const later = await visit({ session: first.json.session, visitor: first.json.visitor });
    expect(later.json.numbers.find((n: { replace: string }) => n.replace === '+18005550177')).toEqual({ replace: '+18005550177', number: '+14155550401', leased: true });
  });
});
