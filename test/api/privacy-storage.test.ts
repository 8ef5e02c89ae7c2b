// What a visit leaves on disk: nothing for a bot (the disk-filling attack of issue #10
// wrote 43 KB per bot request), and for a person only origin + path + marketing
// parameters, a capped title, and a referrer's origin; publishers see no titles.
import { existsSync, statSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageViews, sessions, unstoredVisitCounts, visitors } from '../../collector/db/schema';
import { flushUnstoredVisits } from '../../collector/services/unstored-visits';
import { scheduledJobs } from '../../collector/jobs';
import { runScheduledJobs } from '../../collector/jobs/scheduled';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

let t: TestApp;
let site: { id: string; public_key: string };
beforeEach(async () => {
  t = await createTestApp();
  site = (await siteWithPool(t)).site;
});
afterEach(() => t.close());

const visit = (body: Record<string, unknown>, ua?: string) =>
  t.post('/v1/sessions', { site: site.public_key, ...body }, { key: null, headers: { 'content-type': 'text/plain', ...(ua !== undefined ? { 'user-agent': ua } : {}) } });

/** The database's size on disk once the WAL is folded into it. */
async function databaseBytes(): Promise<number> {
  await t.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  const wal = `${t.file}-wal`;
  return statSync(t.file).size + (existsSync(wal) ? statSync(wal).size : 0);
}

describe('a bot visit', () => {
  it('1,000 bot requests with long URLs and titles grow the database file by less than 64 KiB', async () => {
    await visit({ url: 'https://shop.example/' }, BOT);
    const before = await databaseBytes();
    for (let i = 0; i < 1000; i++) {
      const res = await visit(
        { url: `https://shop.example/${i}?${'junk='.padEnd(3900, 'x')}`, referrer: `https://spam.example/${'r'.repeat(3000)}`, title: 'T'.repeat(1000) },
        i % 2 === 0 ? BOT : '',
      );
      expect(res.json.numbers).toEqual([{ replace: '+18005550100', number: '+18005550100', leased: false }]);
    }
    const grown = (await databaseBytes()) - before;
    expect(grown).toBeLessThan(64 * 1024);
    expect(await t.db.select().from(sessions)).toEqual([]);
    expect(await t.db.select().from(visitors)).toEqual([]);
    expect(await t.db.select().from(pageViews)).toEqual([]);
    await flushUnstoredVisits(t.db, t.clock.now());
    expect(await t.db.select({ bots: unstoredVisitCounts.bots }).from(unstoredVisitCounts)).toEqual([{ bots: 1001 }]);
  });
});

describe('the count of unstored visits', () => {
  it('is written at most once a minute per process, by the next counted visit or the scheduled job', async () => {
    const counts = () => t.db.select({ bots: unstoredVisitCounts.bots, refused: unstoredVisitCounts.refused }).from(unstoredVisitCounts);
    await visit({ url: 'https://shop.example/' }, BOT);
    t.clock.advance(59_000);
    await visit({ url: 'https://shop.example/' }, BOT);
    expect(await counts()).toEqual([]);
    t.clock.advance(1_000);
    await visit({ url: 'https://shop.example/' }, BOT);
    expect(await counts()).toEqual([{ bots: 3, refused: 0 }]);
    await visit({ url: 'https://shop.example/' }, BOT);
    const [job] = (await runScheduledJobs({ db: t.db, config: t.config, now: t.clock.now() }, scheduledJobs)).filter((o) => o.name === 'unstored-visit-counts');
    expect(job).toEqual({ name: 'unstored-visit-counts', ok: true, result: 1 });
    expect(await counts()).toEqual([{ bots: 4, refused: 0 }]);
  });
});

describe("a person's visit", () => {
  const personal =
    'https://shop.example/quote?email=alice%40mail.example&phone=4155550123&card_last4=4242&utm_source=acme&utm_campaign=spring&gclid=CjwKabc&sub1=s1#step2';

  it('stores origin + path + marketing parameters, a referrer origin, and capped titles, on the visit and its pings', async () => {
    const first = await visit({ url: personal, referrer: 'https://mail.google.com/mail/u/0/#search/alice+smith', title: 'Quote for Alice Smith' });
    const id = first.json.session;
    const ping = await t.post(`/v1/sessions/${id}/ping`, { url: 'https://shop.example/thanks?name=Alice+Smith&utm_source=acme', title: 'x'.repeat(1000) }, { key: null, headers: { 'content-type': 'text/plain' } });
    expect(ping.status).toBe(200);
    const [row] = await t.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row).toMatchObject({
      landingPage: 'https://shop.example/quote',
      referrer: 'https://mail.google.com',
      lastUrl: 'https://shop.example/thanks?utm_source=acme',
      source: 'acme',
      campaign: 'spring',
      gclid: 'CjwKabc',
      tags: { sub1: 's1' },
    });
    const views = await t.db.select().from(pageViews).where(eq(pageViews.sessionId, id)).orderBy(pageViews.at);
    expect(views.map((v) => v.url)).toEqual(['https://shop.example/quote?utm_source=acme&utm_campaign=spring&gclid=CjwKabc&sub1=s1', 'https://shop.example/thanks?utm_source=acme']);
    expect(views[1]!.title).toHaveLength(200);
    const [person] = await t.db.select().from(visitors);
    expect(JSON.stringify(person)).not.toMatch(/alice|4155550123|4242/i);
  });

  it("keeps the parameters the site names in keep_params instead of the default list", async () => {
    const own = await t.post('/v1/sites', { name: 'Own', domains: ['own.example'], keep_params: ['ref', 'aff_*'] });
    expect(own.status).toBe(201);
    expect(own.json.keep_params).toEqual(['ref', 'aff_*']);
    expect((await t.post('/v1/sites', { name: 'Bad', domains: ['bad.example'], keep_params: ['a b'] })).status).toBe(400);
    const pool = await t.post('/v1/pools', { site: own.json.id, name: 'P', replace: '+18005550111', forward_to: '+18005550111', numbers: ['+14155550301'] });
    expect(pool.status).toBe(201);
    const res = await t.post('/v1/sessions', { site: own.json.public_key, url: 'https://own.example/p?ref=x&aff_id=7&utm_source=g&email=e' }, { key: null, headers: { 'content-type': 'text/plain' } });
    const [view] = await t.db.select().from(pageViews).where(eq(pageViews.sessionId, res.json.session));
    expect(view!.url).toBe('https://own.example/p?ref=x&aff_id=7');
    // Attribution still reads the whole URL: utm_source credits the session though the stored URL drops it.
    expect((await t.db.select().from(sessions).where(eq(sessions.id, res.json.session)))[0]!.source).toBe('g');
  });

  it("shows a publisher the call's journey without query strings beyond the kept ones and without titles", async () => {
    const pub = (await t.post('/v1/publishers', { name: 'Acme Leads', code: 'acme' })).json;
    const publisherKey = (await t.post('/v1/api-keys', { role: 'publisher', publisher: pub.id })).json.key;
    const first = await visit({ url: personal, referrer: 'https://mail.google.com/mail/u/0/#search/alice', title: 'Quote for Alice Smith' });
    t.clock.advance(10_000);
    await t.post(`/v1/sessions/${first.json.session}/ping`, { url: 'https://shop.example/pay?card_last4=4242', title: 'Payment: Alice Smith' }, { key: null, headers: { 'content-type': 'text/plain' } });
    t.clock.advance(10_000);
    const number = first.json.numbers[0].number;
    const call = await t.post('/v1/calls', { id: 'CA-journey', to: number, from: '+12125550123', started_at: new Date(t.clock.now()).toISOString(), duration_s: 90, status: 'completed' });
    expect(call.status).toBe(201);

    const seen = await t.get(`/v1/calls/${call.json.id}`, publisherKey);
    expect(seen.status).toBe(200);
    expect(seen.json.journey).toEqual([
      { url: 'https://shop.example/quote?utm_source=acme&utm_campaign=spring&gclid=CjwKabc&sub1=s1', title: null, at: expect.any(String) },
      { url: 'https://shop.example/pay', title: null, at: expect.any(String) },
    ]);
    expect(JSON.stringify(seen.json)).not.toMatch(/alice|email|4242|card_last4|#search/i);
    expect(seen.json.attribution.referrer).toBe('https://mail.google.com');
    // The advertiser still sees its own page titles.
    const admin = await t.get(`/v1/calls/${call.json.id}`);
    expect(admin.json.journey.map((p: { title: string }) => p.title)).toEqual(['Quote for Alice Smith', 'Payment: Alice Smith']);
  });
});
