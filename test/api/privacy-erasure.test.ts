// Erasure (DELETE /v1/visitors/{id}, DELETE /v1/callers/{e164}) and retention: the person
// leaves no trace in any text column of any table, while report totals stay as they were.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retentionJob } from '../../collector/services/privacy/retention';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

let t: TestApp;
let siteKey: string;
beforeEach(async () => {
  t = await createTestApp();
  siteKey = (await siteWithPool(t)).site.public_key;
  expect((await t.post('/v1/publishers', { name: 'Acme', code: 'acme' })).status).toBe(201);
  // A subscriber, so that the outbox holds copies of the calls for erasure to clear.
  const all = ['call.completed', 'call.qualified', 'call.disqualified', 'payout.changed', 'call.converted'];
  expect((await t.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: all })).status).toBe(201);
});
afterEach(() => t.close());

const browser = { key: null, headers: { 'content-type': 'text/plain' } };

let people = 0;

/**
 * A visit of two pages and a call from `caller` to the number it was shown: one person.
 * Meta's `_fbc` comes with the visit, GA4's and Meta's browser ids with the second page.
 */
async function person(caller: string, callId: string, zip = '62704') {
  const n = ++people;
  const adIds = [`77700${n}.1700000000`, `fb.1.1700000000000.88800${n}`, `fb.1.1700000000000.FBC-${callId}`];
  const v = await t.post(
    '/v1/sessions',
    { site: siteKey, url: `https://shop.example/quote?utm_source=acme&gclid=G-${callId}&sub1=S-${callId}`, referrer: 'https://www.bing.com/search?q=plumber', title: 'Quote', fbc: adIds[2] },
    browser,
  );
  t.clock.advance(20_000);
  const ping = { url: 'https://shop.example/thanks', title: 'Thanks', ga: `GA1.1.${adIds[0]}`, fbp: adIds[1] };
  expect((await t.post(`/v1/sessions/${v.json.session}/ping`, ping, browser)).status).toBe(200);
  t.clock.advance(20_000);
  const call = await t.post('/v1/calls', {
    id: callId,
    to: v.json.numbers[0].number,
    from: caller,
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: 120,
    status: 'completed',
    recording_url: `https://recordings.example/${callId}.mp3`,
    caller_city: 'Springfield',
    caller_state: 'IL',
    caller_zip: zip,
    caller_country: 'US',
  });
  expect(call.status).toBe(201);
  return { visitor: v.json.visitor as string, session: v.json.session as string, call: call.json.id as string, adIds };
}

/** Every table and text column of the database holding `needle`, as "table.column". */
async function traces(needle: string): Promise<string[]> {
  const tables = (await t.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table'`)).map((r) => r.name);
  const found: string[] = [];
  for (const table of tables) {
    const columns = await t.db.all<{ name: string; type: string }>(sql`select name, type from pragma_table_info(${table})`);
    for (const col of columns.filter((c) => c.type.toLowerCase() === 'text' || c.type === '')) {
      const [hit] = await t.db.all<{ n: number }>(sql`select count(*) as n from ${sql.identifier(table)} where instr(${sql.identifier(col.name)}, ${needle}) > 0`);
      if (hit!.n > 0) found.push(`${table}.${col.name}`);
    }
  }
  return found;
}

const totals = async () => {
  const report = await t.get('/v1/reports/attribution?group_by=source&from=2026-05-01&to=2026-06-30');
  expect(report.status).toBe(200);
  return { rows: report.json.rows, totals: report.json.totals };
};

describe('DELETE /v1/visitors/{id}', () => {
  it('leaves no trace of the visitor or their caller number in any table, keeps report totals, and audits', async () => {
    const alice = await person('+12125550123', 'CA-alice', '62701');
    const bob = await person('+13125550177', 'CA-bob');
    const before = await totals();
    expect(before.totals.calls).toBe(2);
    expect(await traces(alice.visitor)).not.toEqual([]);
    expect(await traces('2125550123')).not.toEqual([]);
    for (const id of alice.adIds) expect(await traces(id), id).toEqual([expect.stringMatching(/^sessions\.(ga_client_id|fbp|fbc)$/)]);

    const res = await t.request('DELETE', `/v1/visitors/${alice.visitor}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ erased: { visitors: 1, sessions: 1, calls: 1 } });

    for (const needle of [alice.visitor, '2125550123', 'G-CA-alice', 'S-CA-alice', 'recordings.example/CA-alice', '62701', ...alice.adIds]) expect(await traces(needle), needle).toEqual([]);
    // The scan finds what is kept: the other person is untouched.
    expect(await traces(bob.visitor)).not.toEqual([]);
    for (const id of bob.adIds) expect(await traces(id), id).not.toEqual([]);
    expect(await traces('3125550177')).toEqual(['calls.caller', 'outbox_events.payload']);
    expect(await totals()).toEqual(before);
    const call = await t.get(`/v1/calls/${alice.call}`);
    expect(call.json).toMatchObject({ caller: null, recording_url: null, journey: [] });
    expect(call.json.duration_s).toBe(120);

    const audit = await t.get('/v1/audit');
    expect(audit.json.entries).toEqual([
      { id: expect.any(String), key_id: expect.any(String), action: 'erase.visitor', target: null, detail: { visitors: 1, sessions: 1, calls: 1 }, at: '2026-06-01T15:01:20.000Z' },
    ]);
    // Erased is erased: nothing left to find.
    expect((await t.request('DELETE', `/v1/visitors/${alice.visitor}`)).status).toBe(404);
  });
});

describe('DELETE /v1/callers/{e164}', () => {
  it('forgets the caller on every call and the visits those calls were matched to', async () => {
    const alice = await person('+12125550123', 'CA-alice-1');
    t.clock.advance(3_600_000);
    // She comes back as a new visitor (another device) and calls again.
    const again = await person('+12125550123', 'CA-alice-2');
    await person('+13125550177', 'CA-bob');
    const before = await totals();
    const res = await t.request('DELETE', `/v1/callers/${encodeURIComponent('(212) 555-0123')}`);
    expect(res.status).toBe(200);
    expect(res.json.erased).toEqual({ visitors: 2, sessions: 2, calls: 2 });
    for (const needle of [alice.visitor, again.visitor, '2125550123', 'G-CA-alice-1', 'G-CA-alice-2']) expect(await traces(needle), needle).toEqual([]);
    expect(await totals()).toEqual(before);
    expect((await t.get('/v1/audit')).json.entries.map((e: { action: string }) => e.action)).toEqual(['erase.caller']);
  });

  it('erases a person with more sessions than one statement may name (D1 binds at most 100 parameters)', async () => {
    const alice = await person('+12125550123', 'CA-alice');
    for (let i = 0; i < 95; i++) {
      t.clock.advance(1_000);
      const again = await t.post('/v1/sessions', { site: siteKey, url: `https://shop.example/?utm_campaign=c${i}`, visitor: alice.visitor }, browser);
      expect(again.json.visitor).toBe(alice.visitor);
    }
    const res = await t.request('DELETE', `/v1/callers/${encodeURIComponent('+12125550123')}`);
    expect(res.json.erased).toEqual({ visitors: 1, sessions: 96, calls: 1 });
    for (const needle of [alice.visitor, '2125550123']) expect(await traces(needle), needle).toEqual([]);
  });

  it('answers 400 for what is no phone number, 404 for a caller with no calls, and refuses a viewer', async () => {
    expect((await t.request('DELETE', '/v1/callers/not-a-number')).status).toBe(400);
    expect((await t.request('DELETE', '/v1/callers/%2B14155550999')).status).toBe(404);
    const viewer = (await t.post('/v1/api-keys', { role: 'viewer' })).json.key;
    expect((await t.request('DELETE', '/v1/callers/%2B14155550999', { key: viewer })).status).toBe(403);
    expect((await t.request('DELETE', '/v1/visitors/v_x', { key: viewer })).status).toBe(403);
    expect((await t.get('/v1/audit', viewer)).status).toBe(403);
  });
});

describe('retention', () => {
  it('is set per account through the API, audited, and enforced by the scheduled job without moving report totals', async () => {
    expect((await t.get('/v1/settings/retention')).json).toEqual({ sessions_days: null, caller_numbers_days: null, recording_links_days: null });
    expect((await t.put('/v1/settings/retention', { sessions_days: 0, caller_numbers_days: null, recording_links_days: null })).status).toBe(400);
    const old = await person('+12125550123', 'CA-old');
    t.clock.advance(40 * 86_400_000);
    const recent = await person('+13125550177', 'CA-recent');
    const put = await t.put('/v1/settings/retention', { sessions_days: 30, caller_numbers_days: 30, recording_links_days: 7 });
    expect(put.status).toBe(200);
    const before = await totals();

    const run = await retentionJob.run({ db: t.db, config: t.config, now: t.clock.now() });
    expect(run).toEqual({ accounts: 1, sessions: 1, visitors: 1, callers: 1, recordings: 1 });
    for (const needle of [old.visitor, '2125550123', 'recordings.example/CA-old', 'S-CA-old', ...old.adIds]) expect(await traces(needle), needle).toEqual([]);
    // A call keeps its ad click id for conversion uploads until the person is erased.
    expect(await traces('G-CA-old')).toEqual(['calls.gclid', 'outbox_events.payload']);
    expect(await traces(recent.visitor)).not.toEqual([]);
    for (const id of recent.adIds) expect(await traces(id), id).not.toEqual([]);
    expect(await traces('3125550177')).toEqual(['calls.caller', 'outbox_events.payload']);
    expect(await totals()).toEqual(before);
    // Nothing more to do on the next run.
    expect(await retentionJob.run({ db: t.db, config: t.config, now: t.clock.now() })).toEqual({ accounts: 1, sessions: 0, visitors: 0, callers: 0, recordings: 0 });
    expect((await t.get('/v1/audit')).json.entries[0]).toMatchObject({ action: 'settings.retention', detail: { sessions_days: 30, caller_numbers_days: 30, recording_links_days: 7 } });
  });
});
