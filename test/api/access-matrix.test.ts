// Who may do what, and who sees what: every route of collector/app.ts against every kind
// of key, and the content of every answer a key can read.
//
// Two accounts. Account 1 (the default) has a site, a session pool, a source pool for
// bolt's traffic, two publishers (acme, bolt) with sessions, calls, page views and
// conversions, and a call with no publisher. Account 2 has its own site, pool and
// publishers with the same codes (acme, bolt). Keys: admin, viewer, publisher(acme) and
// publisher(bolt) of account 1, admin of account 2, a revoked admin key and no key.
//
// What a publisher key sees (API.md "Keys and roles", DESIGN.md, domain/role-views.ts):
// - calls, sessions, reports, time series, exports: only its own; callers masked to the
//   last four digits; no recording; conversion values, revenue, profit and ROI as null
//   (or empty in CSV);
// - /v1/sites: each site's id, name, domains, country and time zone (what its reports
//   need), not the site key, script tag or install health;
// - /v1/publishers: itself, with its own payout; /v1/me: itself;
// - /v1/pools, /v1/reports/pools, /v1/sites/{id}/rules: 403 (the advertiser's plumbing and terms);
// - another publisher's call by id: 404, the same answer as a call that does not exist.
//
// A buyer key (Buyer One, which took acme's first call and the call with no publisher)
// reads /v1/me, its own calls (list, detail, CSV) and its own report (grouped by buyer
// only); everything else is 403, and a call it did not take is 404 (test/api/buyer-role.test.ts
// has what it sees).
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, calls, deliveries, pageViews } from '../../collector/db/schema';
import { issueApiKey } from '../../collector/routes/api-keys';
import { parseCsv } from '../../scripts/csv-parse';
import { ADMIN_KEY, createTestApp, type TestApp } from '../helpers/app';
import { callRow, insertRows, sessionRow } from './reports-fixture';

const ACCOUNT_2 = 'acc_second';
const ADMIN_2_KEY = 'second_account_admin_key_0123456789';

const keyNames = ['admin', 'viewer', 'acme', 'bolt', 'integration', 'buyer', 'admin2', 'revoked', 'none'] as const;
type KeyName = (typeof keyNames)[number];

const dimensions = ['source', 'medium', 'campaign', 'keyword', 'publisher', 'landing_page', 'device'] as const;

// Each publisher's traffic carries its own values, so any of them showing up where it should not is easy to find.
const traffic = {
  acme: { source: 'acmesrc', medium: 'affiliate', campaign: 'acme-spring', landingPage: 'https://shop.example/acme-landing', device: 'mobile' },
  bolt: { source: 'boltsrc', medium: 'affiliate', campaign: 'bolt-summer', landingPage: 'https://shop.example/bolt-landing', device: 'tablet' },
  plain: { source: 'google', medium: 'cpc', campaign: 'plain-brand', landingPage: 'https://shop.example/plain-landing', device: 'desktop' },
  second: { source: 'acmesrc', medium: 'affiliate', campaign: 'second-campaign', landingPage: 'https://other.example/second-landing', device: 'mobile' },
} as const;

// Every caller's full number, as digits, for searching answers.
const callers = {
  acme1: '+12125550111',
  acme2: '+12125550112',
  bolt1: '+13125550221',
  bolt2: '+13125550222',
  plain: '+16465550331',
  second: '+17185550441',
} as const;
const digits = (e164: string) => e164.slice(2);

// Conversion values (cents and as the Google Ads file writes them): the advertiser's business.
const values = { acme: 987654, bolt: 876543, plain: 555444, second: 123123 } as const;
const valueMarkers = (v: number) => [String(v), (v / 100).toFixed(2)];

type Seeded = {
  t: TestApp;
  keys: Record<KeyName, string | null>;
  site1: { id: string; public_key: string };
  site2: { id: string; public_key: string };
  pools1: string[];
  pool2: string;
  pubs1: { acme: string; bolt: string };
  pubs2: { acme: string; bolt: string };
  acme2Key: string;
  calls: { acme: string[]; bolt: string[]; plain: string[]; second: string[] };
  sessions: { acme: string[]; bolt: string[]; plain: string[]; second: string[] };
  visitors: { acme: string[]; bolt: string[]; plain: string[]; second: string[] };
  keyIds1: string[];
  scratchKeyId: string;
  destinations: Record<'webhooks' | 'postbacks', { id: string; delivery: string }>;
  scratchDestinations: Record<'webhooks' | 'postbacks', string>;
  adPlatform: { id: string; delivery: string; scratch: string };
  flows1: { buyer: string; target: string; flow: string };
};

/** Made for the matrix to edit and archive: a site, and its pool with a number to remove. */
type Scratch = { scratchSite: string; scratchPool: string; scratchBuyer: string; scratchTarget: string };

async function scratchObjects(t: TestApp): Promise<Scratch> {
  const scratchSite = await ok(t.post('/v1/sites', { name: 'To be archived', domains: ['old.example'] }), 201, 'scratch site');
  const scratchPool = await ok(
    t.post('/v1/pools', { site: scratchSite.public_key, name: 'To be archived', replace: '+18005550170', forward_to: '+18005550170', numbers: ['+14155550171', '+14155550172'] }),
    201,
    'scratch pool',
  );
  const scratchBuyer = await ok(t.post('/v1/buyers', { name: 'To be archived' }), 201, 'scratch buyer');
  const scratchTarget = await ok(t.post('/v1/targets', { buyer: scratchBuyer.id, name: 'To be archived', destination: '+15125550170' }), 201, 'scratch target');
  return { scratchSite: scratchSite.id, scratchPool: scratchPool.id, scratchBuyer: scratchBuyer.id, scratchTarget: scratchTarget.id };
}

async function ok<T = any>(res: Promise<{ status: number; json: any; text: string }>, status: number, what: string): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.json as T;
}

async function publisherWithKey(t: TestApp, code: string, adminKey: string, payoutCents: number) {
  const pub = await ok(t.post('/v1/publishers', { name: code.toUpperCase(), code, payout_cents: payoutCents }, { key: adminKey }), 201, 'publisher');
  const key = await ok(t.post('/v1/api-keys', { role: 'publisher', publisher: pub.id, name: `${code} reporting` }, { key: adminKey }), 201, 'key');
  return { id: pub.id as string, key: key.key as string };
}

type SessionInsert = ReturnType<typeof sessionRow>;

/** A call from a session, carrying the session's attribution as matching would freeze it. */
function callFrom(s: SessionInsert, o: Partial<Parameters<typeof callRow>[1]> & { caller: string; providerId: string }) {
  return callRow(s.siteId, {
    at: new Date(s.startedAt + 5 * 60_000).toISOString(),
    accountId: s.accountId,
    sessionId: s.id,
    visitorId: s.visitorId,
    source: s.source,
    medium: s.medium,
    campaign: s.campaign ?? null,
    keyword: s.keyword ?? null,
    publisherId: s.publisherId ?? null,
    landingPage: s.landingPage ?? null,
    gclid: s.gclid ?? null,
    device: s.device ?? null,
    ...o,
  });
}

async function seed(): Promise<Seeded> {
  const t = await createTestApp();
  const admin = ADMIN_KEY;
  // Everything is set up in April, so May's finished days are read from the day counts
  // (days before a site existed are read raw) and today's sessions raw.
  const today = t.clock.now();
  t.clock.set('2026-04-01T12:00:00Z');
  const site1 = await ok(t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'], timezone: 'America/New_York' }), 201, 'site');
  const acme = await publisherWithKey(t, 'acme', admin, 1500);
  const bolt = await publisherWithKey(t, 'bolt', admin, 3700);
  const visitorsPool = await ok(
    t.post('/v1/pools', { site: site1.id, name: 'Visitors', replace: '+18005550100', forward_to: '+18005550100', numbers: ['+14155550101', '+14155550102'] }),
    201,
    'pool',
  );
  // A line for bolt's traffic only, forwarding somewhere of its own: a pool rule names a publisher.
  const boltPool = await ok(
    t.post('/v1/pools', {
      site: site1.id,
      name: 'Bolt line',
      replace: '+18005550100',
      kind: 'source',
      match: { publisher: 'bolt' },
      priority: 10,
      forward_to: '+18005559999',
      numbers: ['+14155550109'],
    }),
    201,
    'bolt pool',
  );
  const viewer = await ok(t.post('/v1/api-keys', { role: 'viewer', name: 'viewer' }), 201, 'viewer key');
  const revoked = await ok(t.post('/v1/api-keys', { role: 'admin', name: 'revoked' }), 201, 'revoked key');
  await ok(t.request('DELETE', `/v1/api-keys/${revoked.id}`), 204, 'revoke');
  const scratch = await ok(t.post('/v1/api-keys', { role: 'viewer', name: 'to be revoked by the matrix' }), 201, 'scratch key');
  const integration = await ok(t.post('/v1/api-keys', { role: 'integration', name: 'CRM' }), 201, 'integration key');
  // Events out: an endpoint and a postback with one delivery each (a test event), and one of each to archive.
  // Subscribed to call.ringing only, which no request below produces; nothing listens on port 9.
  const destination = async (kind: 'webhooks' | 'postbacks', url: string) => {
    const made = await ok(t.post(`/v1/${kind}`, { url, events: ['call.ringing'] }), 201, kind);
    const test = await ok(t.post(`/v1/${kind}/${made.id}/test`), 202, `${kind} test`);
    await t.settle();
    return { id: made.id as string, delivery: test.delivery as string };
  };
  const webhook = await destination('webhooks', 'http://127.0.0.1:9/hook');
  const postback = await destination('postbacks', 'http://127.0.0.1:9/pb?c={call_id}');
  const scratchWebhook = await destination('webhooks', 'http://127.0.0.1:9/scratch');
  const scratchPostback = await destination('postbacks', 'http://127.0.0.1:9/scratch?c={call_id}');
  // An ad platform with a delivery (a copy of the webhook's, settled) to send again, and one to archive.
  const adBody = { kind: 'ga4', base_url: 'http://127.0.0.1:9', settings: { measurement_id: 'G-MATRIX' }, credentials: { api_secret: 'matrix-secret' } };
  const ad = await ok(t.post('/v1/ad-platforms', adBody), 201, 'ad platform');
  const scratchAd = await ok(t.post('/v1/ad-platforms', adBody), 201, 'scratch ad platform');
  const [copied] = await t.db.select().from(deliveries).where(eq(deliveries.id, webhook.delivery));
  await t.db.insert(deliveries).values({ ...copied!, id: 'dlv_matrix_ad', destinationId: ad.id, status: 'sent' });

  await t.db.insert(accounts).values({ id: ACCOUNT_2, name: 'Second', createdAt: 0 });
  await issueApiKey(t.db, { accountId: ACCOUNT_2, role: 'admin', key: ADMIN_2_KEY }, t.clock.now());
  const site2 = await ok(t.post('/v1/sites', { name: 'Other', domains: ['other.example'], timezone: 'UTC' }, { key: ADMIN_2_KEY }), 201, 'site 2');
  const pool2 = await ok(
    t.post('/v1/pools', { site: site2.id, name: 'Second pool', replace: '+18005550200', forward_to: '+18005550200', numbers: ['+14155550201'] }, { key: ADMIN_2_KEY }),
    201,
    'pool 2',
  );
  // The same codes as account 1's publishers: codes are per account.
  const acme2 = await publisherWithKey(t, 'acme', ADMIN_2_KEY, 4200);
  const bolt2 = await publisherWithKey(t, 'bolt', ADMIN_2_KEY, 4300);

  t.clock.set(today);

  const s = (o: Parameters<typeof sessionRow>[1]) => sessionRow(site1.id, o);
  // May, inside the default 30-day report window (the clock reads 2026-06-01T15:00Z), with
  // one session today so reports read both the day counts and raw sessions.
  const sA1 = s({ at: '2026-05-20T14:00:00Z', ...traffic.acme, keyword: 'acme-kw-roofing', publisherId: acme.id, gclid: 'GCLID-ACME-1' });
  const sA2 = s({ at: '2026-05-21T14:00:00Z', ...traffic.acme, keyword: 'acme-kw-gutters', publisherId: acme.id });
  const sA3 = s({ at: '2026-06-01T13:00:00Z', ...traffic.acme, keyword: 'acme-kw-roofing', publisherId: acme.id });
  const sB1 = s({ at: '2026-05-20T16:00:00Z', ...traffic.bolt, keyword: 'bolt-kw-secret', publisherId: bolt.id, gclid: 'GCLID-BOLT-1' });
  const sB2 = s({ at: '2026-05-23T16:00:00Z', ...traffic.bolt, keyword: 'bolt-kw-secret', publisherId: bolt.id });
  const sN1 = s({ at: '2026-05-24T16:00:00Z', ...traffic.plain, keyword: 'plain-kw-unattributed', gclid: 'GCLID-PLAIN-1' });
  const s2 = sessionRow(site2.id, { at: '2026-05-22T12:00:00Z', accountId: ACCOUNT_2, ...traffic.second, keyword: 'second-kw-private', publisherId: acme2.id, gclid: 'GCLID-SECOND-1' });
  const converted = (value: number) => ({ convertedAt: Date.parse('2026-05-28T10:00:00Z'), conversionValueCents: value, conversionCurrency: 'USD' });
  const cA1 = callFrom(sA1, {
    caller: callers.acme1,
    providerId: 'CA-acme-1',
    qualified: true,
    durationS: 120,
    payoutCents: 1500,
    recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/ACadvertiser0001/Recordings/RE-acme-1',
    ...converted(values.acme),
  });
  const cA2 = callFrom(sA2, { caller: callers.acme2, providerId: 'CA-acme-2', qualified: false, reasons: ['too_short'], durationS: 20 });
  const cB1 = callFrom(sB1, {
    caller: callers.bolt1,
    providerId: 'CA-bolt-1',
    trackingNumber: '+14155550109',
    qualified: true,
    durationS: 200,
    payoutCents: 3700,
    recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/ACadvertiser0001/Recordings/RE-bolt-1',
    ...converted(values.bolt),
  });
  const cB2 = callFrom(sB2, { caller: callers.bolt2, providerId: 'CA-bolt-2', trackingNumber: '+14155550109', qualified: true, durationS: 90, payoutCents: 3700, fraudSignals: ['repeat_caller'] });
  const cN1 = callFrom(sN1, { caller: callers.plain, providerId: 'CA-plain-1', qualified: true, durationS: 300, payoutCents: 2500, ...converted(values.plain) });
  const c2 = callFrom(s2, { caller: callers.second, providerId: 'CA-second-1', trackingNumber: '+14155550201', qualified: true, durationS: 100, payoutCents: 4200, ...converted(values.second) });
  await insertRows(t, { sessions: [sA1, sA2, sA3, sB1, sB2, sN1, s2], calls: [cA1, cA2, cB1, cB2, cN1, c2] });
  const view = (session: SessionInsert, url: string, minutes: number) => ({
    id: `pv_${session.id}_${minutes}`,
    sessionId: session.id,
    url,
    title: null,
    at: session.startedAt + minutes * 60_000,
  });
  await t.db.insert(pageViews).values([
    view(sA1, traffic.acme.landingPage, 0),
    view(sA1, 'https://shop.example/acme-quote', 2),
    view(sB1, traffic.bolt.landingPage, 0),
    view(sB1, 'https://shop.example/bolt-private-page', 2),
  ]);
  const keyIds1 = (await ok<{ api_keys: { id: string }[] }>(t.get('/v1/api-keys'), 200, 'keys')).api_keys.map((k) => k.id);
  const buyer = await ok(t.post('/v1/buyers', { name: 'Buyer One' }), 201, 'buyer');
  const target = await ok(t.post('/v1/targets', { buyer: buyer.id, name: 'Target One', destination: '+15125550100' }), 201, 'target');
  const flow = await ok(t.post('/v1/flows', { name: 'Flow One', targets: [target.id] }), 201, 'flow');
  // Buyer One took acme's first call and the call with no publisher.
  await t.db.update(calls).set({ buyerId: buyer.id, targetId: target.id, revenueCents: 4500 }).where(inArray(calls.id, [cA1.id!, cN1.id!]));
  const buyerKey = await ok(t.post('/v1/api-keys', { role: 'buyer', buyer: buyer.id, name: 'Buyer One reporting' }), 201, 'buyer key');

  return {
    t,
    keys: { admin, viewer: viewer.key, acme: acme.key, bolt: bolt.key, integration: integration.key, buyer: buyerKey.key, admin2: ADMIN_2_KEY, revoked: revoked.key, none: null },
    destinations: { webhooks: webhook, postbacks: postback },
    scratchDestinations: { webhooks: scratchWebhook.id, postbacks: scratchPostback.id },
    adPlatform: { id: ad.id, delivery: 'dlv_matrix_ad', scratch: scratchAd.id },
    site1,
    site2,
    pools1: [visitorsPool.id, boltPool.id],
    pool2: pool2.id,
    pubs1: { acme: acme.id, bolt: bolt.id },
    pubs2: { acme: acme2.id, bolt: bolt2.id },
    acme2Key: acme2.key,
    calls: { acme: [cA1.id!, cA2.id!], bolt: [cB1.id!, cB2.id!], plain: [cN1.id!], second: [c2.id!] },
    sessions: { acme: [sA1.id!, sA2.id!, sA3.id!], bolt: [sB1.id!, sB2.id!], plain: [sN1.id!], second: [s2.id!] },
    visitors: { acme: [sA1.visitorId, sA2.visitorId, sA3.visitorId], bolt: [sB1.visitorId, sB2.visitorId], plain: [sN1.visitorId], second: [s2.visitorId] },
    keyIds1,
    scratchKeyId: scratch.id,
    flows1: { buyer: buyer.id, target: target.id, flow: flow.id },
  };
}

/** Every row of every table, to show that a refused request changed nothing. */
async function snapshot(t: TestApp): Promise<Record<string, string[]>> {
  const tables = await t.db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  const out: Record<string, string[]> = {};
  for (const { name } of tables) out[name] = (await t.db.all(sql.raw(`SELECT * FROM "${name}"`))).map((r) => JSON.stringify(r)).sort();
  return out;
}

// ---------------------------------------------------------------------------------------
// The matrix: route × key → status.

type Req = { method: string; path: string; body?: unknown; headers?: Record<string, string> };
type Expected = Record<KeyName, number>;
type Row = { route: string; label?: string; req: (w: Seeded & Scratch) => Req; expect: Expected };

// An integration key reaches only POST /v1/conversions.
// A buyer key reaches only its own calls and report: refused unless a row says otherwise.
const keyless = { integration: 403, buyer: 403, revoked: 401, none: 401 } as const;
/** Every key of either account reads it. */
const anyKey = (status: number, admin2 = status): Expected => ({ admin: status, viewer: status, acme: status, bolt: status, admin2, ...keyless });
/** Admin and viewer read it; publishers are refused. */
const readers = (status: number, admin2: number): Expected => ({ admin: status, viewer: status, acme: 403, bolt: 403, admin2, ...keyless });
/** Only an admin key; `admin2` is what account 2's admin gets when the request names account 1's things. */
const adminOnly = (status: number, admin2: number): Expected => ({ admin: status, viewer: 403, acme: 403, bolt: 403, admin2, ...keyless });
/** No key needed, and a key changes nothing. */
const open = (status: number): Expected => ({ admin: status, viewer: status, acme: status, bolt: status, integration: status, buyer: status, admin2: status, revoked: status, none: status });
/** Every key of either account reads it, buyer keys too. */
const anyKeyAndBuyer = (status: number, admin2 = status): Expected => ({ ...anyKey(status, admin2), buyer: status });
/** A call's detail: account 1's admin and viewer, only the publisher it is attributed to, and only the buyer that took it. */
const callDetail = (owner: 'acme' | 'bolt' | null, bought: boolean): Expected => ({
  admin: 200,
  viewer: 200,
  acme: owner === 'acme' ? 200 : 404,
  bolt: owner === 'bolt' ? 200 : 404,
  admin2: 404,
  ...keyless,
  buyer: bought ? 200 : 404,
});

const form = (fields: Record<string, string>): Pick<Req, 'body' | 'headers'> => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

const matrix: Row[] = [
  // Public: health, demo (not installed here), the snippet's endpoints and the carrier's.
  { route: 'GET /healthz', req: () => ({ method: 'GET', path: '/healthz' }), expect: open(200) },
  { route: 'GET /demo', req: () => ({ method: 'GET', path: '/demo' }), expect: open(404) },
  { route: 'POST /demo/call', req: () => ({ method: 'POST', path: '/demo/call', body: {} }), expect: open(404) },
  { route: 'OPTIONS /v1/sessions/*', req: () => ({ method: 'OPTIONS', path: '/v1/sessions/x', headers: { origin: 'https://shop.example' } }), expect: open(204) },
  { route: 'POST /v1/sessions', req: (w) => ({ method: 'POST', path: '/v1/sessions', body: { site: w.site1.public_key, url: 'https://shop.example/?pub=acme' } }), expect: open(200) },
  { route: 'POST /v1/sessions/:session/ping', req: (w) => ({ method: 'POST', path: `/v1/sessions/${w.sessions.acme[0]}/ping` }), expect: open(200) },
  // An API key is no substitute for Twilio's signature.
  { route: 'POST /v1/twilio/voice', req: () => ({ method: 'POST', path: '/v1/twilio/voice', ...form({ CallSid: 'CAmatrix', To: '+14155550101', From: '+12125550999' }) }), expect: open(403) },
  { route: 'POST /v1/twilio/status', req: () => ({ method: 'POST', path: '/v1/twilio/status', ...form({ CallSid: 'CAmatrix', CallStatus: 'completed', CallDuration: '90' }) }), expect: open(403) },
  { route: 'POST /v1/twilio/gather', req: () => ({ method: 'POST', path: '/v1/twilio/gather?step=gate&try=1', ...form({ CallSid: 'CAmatrix', Digits: '1' }) }), expect: open(403) },
  { route: 'POST /v1/twilio/dial', req: () => ({ method: 'POST', path: '/v1/twilio/dial?attempt=1', ...form({ CallSid: 'CAmatrix', DialCallStatus: 'completed' }) }), expect: open(403) },
  { route: 'POST /v1/twilio/whisper', req: () => ({ method: 'POST', path: '/v1/twilio/whisper?call=call_x', ...form({ CallSid: 'CAmatrix' }) }), expect: open(403) },

  { route: 'GET /v1/me', req: () => ({ method: 'GET', path: '/v1/me' }), expect: anyKeyAndBuyer(200) },

  { route: 'GET /v1/sites', req: () => ({ method: 'GET', path: '/v1/sites' }), expect: anyKey(200) },
  { route: 'POST /v1/sites', req: () => ({ method: 'POST', path: '/v1/sites', body: { name: 'Matrix', domains: ['matrix.example'] } }), expect: adminOnly(201, 201) },
  { route: 'GET /v1/sites/:id/rules', req: (w) => ({ method: 'GET', path: `/v1/sites/${w.site1.id}/rules` }), expect: readers(200, 404) },
  { route: 'PUT /v1/sites/:id/rules', req: (w) => ({ method: 'PUT', path: `/v1/sites/${w.site1.id}/rules`, body: { min_duration_s: 45 } }), expect: adminOnly(200, 404) },

  // Pools: publishers are refused (forwarding numbers, tracking numbers and rules naming other publishers).
  { route: 'GET /v1/pools', req: () => ({ method: 'GET', path: '/v1/pools' }), expect: readers(200, 200) },
  { route: 'GET /v1/pools', label: 'GET /v1/pools?site=(account 1 site)', req: (w) => ({ method: 'GET', path: `/v1/pools?site=${w.site1.id}` }), expect: readers(200, 404) },
  {
    route: 'POST /v1/pools',
    req: (w) => ({ method: 'POST', path: '/v1/pools', body: { site: w.site1.id, name: 'Matrix pool', replace: '+18005550100', forward_to: '+18005550100', numbers: ['+14155550150'] } }),
    // Account 2 is told the site is not in its account, as for a site that does not exist.
    expect: adminOnly(201, 400),
  },
  { route: 'POST /v1/pools/:id/numbers', req: (w) => ({ method: 'POST', path: `/v1/pools/${w.pools1[0]}/numbers`, body: { numbers: ['+14155550160'] } }), expect: adminOnly(200, 404) },
  { route: 'GET /v1/pools/:id', req: (w) => ({ method: 'GET', path: `/v1/pools/${w.pools1[0]}` }), expect: readers(200, 404) },
  { route: 'PATCH /v1/pools/:id', req: (w) => ({ method: 'PATCH', path: `/v1/pools/${w.scratchPool}`, body: { forward_to: '+18005550179' } }), expect: adminOnly(200, 404) },
  {
    route: 'DELETE /v1/pools/:id/numbers/:number',
    req: (w) => ({ method: 'DELETE', path: `/v1/pools/${w.scratchPool}/numbers/${encodeURIComponent('+14155550171')}` }),
    expect: adminOnly(200, 404),
  },
  { route: 'DELETE /v1/pools/:id', req: (w) => ({ method: 'DELETE', path: `/v1/pools/${w.scratchPool}` }), expect: adminOnly(200, 404) },
  // After the pool rows: archiving the site archives its pool too.
  { route: 'PATCH /v1/sites/:id', req: (w) => ({ method: 'PATCH', path: `/v1/sites/${w.scratchSite}`, body: { name: 'Renamed' } }), expect: adminOnly(200, 404) },
  { route: 'DELETE /v1/sites/:id', req: (w) => ({ method: 'DELETE', path: `/v1/sites/${w.scratchSite}` }), expect: adminOnly(200, 404) },

  { route: 'GET /v1/publishers', req: () => ({ method: 'GET', path: '/v1/publishers' }), expect: anyKey(200) },
  { route: 'POST /v1/publishers', req: () => ({ method: 'POST', path: '/v1/publishers', body: { name: 'New', code: 'newpub' } }), expect: adminOnly(201, 201) },
  { route: 'PATCH /v1/publishers/:id', req: (w) => ({ method: 'PATCH', path: `/v1/publishers/${w.pubs1.acme}`, body: { payout_cents: 1600 } }), expect: adminOnly(200, 404) },

  { route: 'GET /v1/api-keys', req: () => ({ method: 'GET', path: '/v1/api-keys' }), expect: adminOnly(200, 200) },
  // Account 2 cannot make a key for account 1's publisher.
  { route: 'POST /v1/api-keys', req: (w) => ({ method: 'POST', path: '/v1/api-keys', body: { role: 'publisher', publisher: w.pubs1.acme } }), expect: adminOnly(201, 400) },
  { route: 'DELETE /v1/api-keys/:id', req: (w) => ({ method: 'DELETE', path: `/v1/api-keys/${w.scratchKeyId}` }), expect: adminOnly(204, 404) },

  { route: 'GET /v1/settings/retention', req: () => ({ method: 'GET', path: '/v1/settings/retention' }), expect: adminOnly(200, 200) },
  {
    route: 'PUT /v1/settings/retention',
    req: () => ({ method: 'PUT', path: '/v1/settings/retention', body: { sessions_days: 3650, caller_numbers_days: null, recording_links_days: null } }),
    expect: adminOnly(200, 200),
  },
  // Erasure finds only the account's own people: another account's are unknown to it (404, erasing nothing).
  { route: 'DELETE /v1/visitors/:id', label: 'DELETE /v1/visitors/:id (no such visitor)', req: () => ({ method: 'DELETE', path: '/v1/visitors/v_doesnotexist0000' }), expect: adminOnly(404, 404) },
  { route: 'DELETE /v1/callers/:number', label: 'DELETE /v1/callers/:number (no such caller)', req: () => ({ method: 'DELETE', path: '/v1/callers/%2B14155550999' }), expect: adminOnly(404, 404) },
  { route: 'GET /v1/audit', req: () => ({ method: 'GET', path: '/v1/audit' }), expect: adminOnly(200, 200) },
  { route: 'PUT /v1/settings/twilio', req: () => ({ method: 'PUT', path: '/v1/settings/twilio', body: { auth_token: 'matrix_auth_token_0123456789' } }), expect: adminOnly(204, 204) },

  { route: 'GET /v1/calls', req: () => ({ method: 'GET', path: '/v1/calls' }), expect: anyKeyAndBuyer(200) },
  {
    route: 'POST /v1/calls',
    // Provider ids are per account: account 2 posting the same id makes its own call.
    req: () => ({ method: 'POST', path: '/v1/calls', body: { id: 'CA-matrix', to: '+14155550101', from: '+12125550999', started_at: '2026-06-01T14:00:00Z', duration_s: 30, status: 'completed' } }),
    expect: adminOnly(201, 201),
  },
  { route: 'GET /v1/calls/fraud', req: () => ({ method: 'GET', path: '/v1/calls/fraud' }), expect: anyKey(200) },
  { route: 'GET /v1/calls/:id', label: "GET /v1/calls/:id (acme's call)", req: (w) => ({ method: 'GET', path: `/v1/calls/${w.calls.acme[0]}` }), expect: callDetail('acme', true) },
  { route: 'GET /v1/calls/:id', label: "GET /v1/calls/:id (bolt's call)", req: (w) => ({ method: 'GET', path: `/v1/calls/${w.calls.bolt[0]}` }), expect: callDetail('bolt', false) },
  { route: 'GET /v1/calls/:id', label: 'GET /v1/calls/:id (call with no publisher)', req: (w) => ({ method: 'GET', path: `/v1/calls/${w.calls.plain[0]}` }), expect: callDetail(null, true) },
  {
    route: 'GET /v1/calls/:id',
    label: "GET /v1/calls/:id (account 2's call)",
    req: (w) => ({ method: 'GET', path: `/v1/calls/${w.calls.second[0]}` }),
    expect: { admin: 404, viewer: 404, acme: 404, bolt: 404, admin2: 200, ...keyless, buyer: 404 },
  },
  { route: 'GET /v1/calls/:id', label: 'GET /v1/calls/:id (no such call)', req: () => ({ method: 'GET', path: '/v1/calls/call_doesnotexist00' }), expect: anyKeyAndBuyer(404) },
  { route: 'POST /v1/calls/:id/conversion', req: (w) => ({ method: 'POST', path: `/v1/calls/${w.calls.acme[0]}/conversion`, body: { value_cents: 1000 } }), expect: adminOnly(200, 404) },

  // A buyer never groups by the network's traffic (publisher here); by default it groups by its buyer.
  { route: 'GET /v1/reports/attribution', req: () => ({ method: 'GET', path: '/v1/reports/attribution?group_by=publisher' }), expect: anyKey(200) },
  {
    route: 'GET /v1/reports/attribution',
    label: 'GET /v1/reports/attribution?site=(account 1 site)',
    req: (w) => ({ method: 'GET', path: `/v1/reports/attribution?site=${w.site1.id}` }),
    expect: anyKeyAndBuyer(200, 404),
  },
  // Publishers never learn the buyers.
  { route: 'GET /v1/reports/attribution', label: 'GET /v1/reports/attribution?group_by=buyer', req: () => ({ method: 'GET', path: '/v1/reports/attribution?group_by=buyer' }), expect: { ...anyKeyAndBuyer(200), acme: 403, bolt: 403 } },
  { route: 'GET /v1/reports/timeseries', req: () => ({ method: 'GET', path: '/v1/reports/timeseries' }), expect: anyKeyAndBuyer(200) },
  { route: 'GET /v1/reports/pools', req: () => ({ method: 'GET', path: '/v1/reports/pools' }), expect: readers(200, 200) },
  { route: 'GET /v1/reports/pools', label: 'GET /v1/reports/pools?site=(account 1 site)', req: (w) => ({ method: 'GET', path: `/v1/reports/pools?site=${w.site1.id}` }), expect: readers(200, 404) },
  { route: 'GET /v1/exports/calls.csv', req: () => ({ method: 'GET', path: '/v1/exports/calls.csv' }), expect: anyKeyAndBuyer(200) },
  { route: 'GET /v1/exports/google-ads.csv', req: () => ({ method: 'GET', path: '/v1/exports/google-ads.csv?conversion_name=Call' }), expect: anyKey(200) },

  // A CRM's sale: admin and integration keys; account 2 is told the call does not exist.
  {
    route: 'POST /v1/conversions',
    req: (w) => ({ method: 'POST', path: '/v1/conversions', body: { call_id: w.calls.plain[0], value_cents: 1000 } }),
    expect: { ...adminOnly(200, 404), integration: 200 },
  },
  ...(['webhooks', 'postbacks'] as const).flatMap((kind): Row[] => {
    const url = kind === 'webhooks' ? 'https://crm.example/hook' : 'https://pb.example/p?c={call_id}';
    const one = (w: Seeded) => `/v1/${kind}/${w.destinations[kind].id}`;
    return [
      { route: `GET /v1/${kind}`, req: () => ({ method: 'GET', path: `/v1/${kind}` }), expect: adminOnly(200, 200) },
      { route: `POST /v1/${kind}`, req: () => ({ method: 'POST', path: `/v1/${kind}`, body: { url, events: ['call.ringing'] } }), expect: adminOnly(201, 201) },
      { route: `PATCH /v1/${kind}/:id`, req: (w) => ({ method: 'PATCH', path: one(w), body: { description: 'matrix' } }), expect: adminOnly(200, 404) },
      { route: `DELETE /v1/${kind}/:id`, req: (w) => ({ method: 'DELETE', path: `/v1/${kind}/${w.scratchDestinations[kind]}` }), expect: adminOnly(204, 404) },
      { route: `GET /v1/${kind}/:id/deliveries`, req: (w) => ({ method: 'GET', path: `${one(w)}/deliveries` }), expect: adminOnly(200, 404) },
      {
        route: `POST /v1/${kind}/:id/deliveries/:delivery/retry`,
        req: (w) => ({ method: 'POST', path: `${one(w)}/deliveries/${w.destinations[kind].delivery}/retry` }),
        expect: adminOnly(202, 404),
      },
      { route: `POST /v1/${kind}/:id/test`, req: (w) => ({ method: 'POST', path: `${one(w)}/test` }), expect: adminOnly(202, 404) },
    ];
  }),
  // Ad platforms: credentials live here, so admin keys only.
  { route: 'GET /v1/ad-platforms', req: () => ({ method: 'GET', path: '/v1/ad-platforms' }), expect: adminOnly(200, 200) },
  {
    route: 'POST /v1/ad-platforms',
    req: () => ({ method: 'POST', path: '/v1/ad-platforms', body: { kind: 'meta_capi', settings: { pixel_id: '1' }, credentials: { access_token: 'matrix-token' } } }),
    expect: adminOnly(201, 201),
  },
  { route: 'PATCH /v1/ad-platforms/:id', req: (w) => ({ method: 'PATCH', path: `/v1/ad-platforms/${w.adPlatform.id}`, body: { description: 'matrix' } }), expect: adminOnly(200, 404) },
  { route: 'DELETE /v1/ad-platforms/:id', req: (w) => ({ method: 'DELETE', path: `/v1/ad-platforms/${w.adPlatform.scratch}` }), expect: adminOnly(204, 404) },
  { route: 'GET /v1/ad-platforms/:id/deliveries', req: (w) => ({ method: 'GET', path: `/v1/ad-platforms/${w.adPlatform.id}/deliveries` }), expect: adminOnly(200, 404) },
  {
    route: 'POST /v1/ad-platforms/:id/deliveries/:delivery/retry',
    req: (w) => ({ method: 'POST', path: `/v1/ad-platforms/${w.adPlatform.id}/deliveries/${w.adPlatform.delivery}/retry` }),
    expect: adminOnly(202, 404),
  },
  // Pay-per-call: buyers, targets and flows are the network's terms; publishers are refused.
  { route: 'GET /v1/buyers', req: () => ({ method: 'GET', path: '/v1/buyers' }), expect: readers(200, 200) },
  { route: 'POST /v1/buyers', req: () => ({ method: 'POST', path: '/v1/buyers', body: { name: 'Matrix buyer' } }), expect: adminOnly(201, 201) },
  { route: 'PATCH /v1/buyers/:id', req: (w) => ({ method: 'PATCH', path: `/v1/buyers/${w.flows1.buyer}`, body: { name: 'Renamed' } }), expect: adminOnly(200, 404) },
  { route: 'DELETE /v1/buyers/:id', req: (w) => ({ method: 'DELETE', path: `/v1/buyers/${w.scratchBuyer}` }), expect: adminOnly(200, 404) },
  { route: 'GET /v1/targets', req: () => ({ method: 'GET', path: '/v1/targets' }), expect: readers(200, 200) },
  { route: 'GET /v1/targets/live', req: () => ({ method: 'GET', path: '/v1/targets/live' }), expect: readers(200, 200) },
  {
    route: 'POST /v1/targets',
    req: (w) => ({ method: 'POST', path: '/v1/targets', body: { buyer: w.flows1.buyer, name: 'Matrix target', destination: '+15125550101' } }),
    expect: adminOnly(201, 400),
  },
  { route: 'PATCH /v1/targets/:id', req: (w) => ({ method: 'PATCH', path: `/v1/targets/${w.flows1.target}`, body: { priority: 2 } }), expect: adminOnly(200, 404) },
  { route: 'DELETE /v1/targets/:id', req: (w) => ({ method: 'DELETE', path: `/v1/targets/${w.scratchTarget}` }), expect: adminOnly(200, 404) },
  { route: 'GET /v1/flows', req: () => ({ method: 'GET', path: '/v1/flows' }), expect: readers(200, 200) },
  { route: 'POST /v1/flows', req: (w) => ({ method: 'POST', path: '/v1/flows', body: { name: 'Matrix flow', targets: [w.flows1.target] } }), expect: adminOnly(201, 400) },
  { route: 'PATCH /v1/flows/:id', req: (w) => ({ method: 'PATCH', path: `/v1/flows/${w.flows1.flow}`, body: { ring_timeout_s: 25 } }), expect: adminOnly(200, 404) },
  { route: 'PUT /v1/pools/:id/flow', req: (w) => ({ method: 'PUT', path: `/v1/pools/${w.pools1[0]}/flow`, body: { flow: w.flows1.flow } }), expect: adminOnly(200, 404) },
  { route: 'PUT /v1/sites/:id/flow', req: (w) => ({ method: 'PUT', path: `/v1/sites/${w.site1.id}/flow`, body: { flow: w.flows1.flow } }), expect: adminOnly(200, 404) },
];

describe('access matrix: route × key → status', () => {
  let w: Seeded & Scratch;
  beforeAll(async () => {
    const seeded = await seed();
    w = { ...seeded, ...(await scratchObjects(seeded.t)) };
  });
  afterAll(() => w.t.close());

  it('covers every route of collector/app.ts, and names no route the app lacks', () => {
    const appRoutes = new Set(w.t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect(new Set(matrix.map((r) => r.route))).toEqual(appRoutes);
  });

  const cases = matrix.flatMap((row) => keyNames.map((key) => ({ row, key, status: row.expect[key] })));

  it.each(cases.map((c) => [c.row.label ?? c.row.route, c.key, c.status, c] as const))('%s with %s key → %i', async (_label, key, status, { row }) => {
    const req = row.req(w);
    const refused = status >= 400;
    const before = refused ? await snapshot(w.t) : undefined;
    const res = await w.t.request(req.method, req.path, { body: req.body, key: w.keys[key], headers: req.headers });
    // Deliveries a write started after its answer finish before the next case looks.
    await w.t.settle();
    expect(res.status, res.text).toBe(status);
    if (refused) {
      // A rejected request changes nothing, and says why in the usual shape.
      expect(await snapshot(w.t)).toEqual(before);
      if (status === 401) expect(res.json.error.code).toBe('unauthorized');
      if (status === 403) expect(res.json.error.code).toBe('forbidden');
      if (status === 404) expect(res.json.error.code).toBe('not_found');
    }
  });

  it('refuses an Authorization header that is not a bearer key', async () => {
    const res = await w.t.request('GET', '/v1/me', { key: null, headers: { authorization: `Basic ${w.keys.admin}` } });
    expect(res.status).toBe(401);
  });
});

describe('carrier calls across accounts', () => {
  let w: Seeded;
  beforeAll(async () => {
    w = await seed();
  });
  afterAll(() => w.t.close());

  it("a call account 2 posts to account 1's leased tracking number gets none of account 1's attribution", async () => {
    const opened = await ok(w.t.post('/v1/sessions', { site: w.site1.public_key, url: 'https://shop.example/?utm_source=google&utm_term=leaky+keyword' }, { key: null }), 200, 'session');
    const number = opened.numbers[0].number as string;
    const body = { id: 'CA-cross', to: number, from: '+12125550999', started_at: new Date(w.t.clock.now()).toISOString(), duration_s: 90, status: 'completed' };
    const theirs = await w.t.post('/v1/calls', body, { key: ADMIN_2_KEY });
    expect(theirs.status).toBe(201);
    expect(theirs.json).toMatchObject({ site: null, attribution: { confidence: 'none', session: null, keyword: null } });
    expect(theirs.text).not.toContain(opened.session);
    expect(theirs.text).not.toContain('leaky keyword');
    // Control: the same call posted by account 1 is matched to its session.
    const ours = await w.t.post('/v1/calls', body);
    expect(ours.status).toBe(201);
    expect(ours.json).toMatchObject({ site: w.site1.id, attribution: { confidence: 'exclusive', session: opened.session, keyword: 'leaky keyword' } });
    expect(ours.json.id).not.toBe(theirs.json.id);
  });

  it("account 2 reusing account 1's provider call id makes its own call and leaves account 1's alone", async () => {
    const before = await ok(w.t.get(`/v1/calls/${w.calls.acme[0]}`), 200, 'call');
    const res = await w.t.post('/v1/calls', { id: 'CA-acme-1', to: '+14155550201', from: '+12125550998', started_at: '2026-06-01T14:30:00Z', duration_s: 5, status: 'busy' }, { key: ADMIN_2_KEY });
    expect(res.status).toBe(201);
    expect(res.json.id).not.toBe(w.calls.acme[0]);
    expect(res.text).not.toContain(callers.acme1);
    expect(await ok(w.t.get(`/v1/calls/${w.calls.acme[0]}`), 200, 'call')).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------
// What each key sees.

describe('what each key sees', () => {
  let w: Seeded;
  let t: TestApp;
  beforeAll(async () => {
    w = await seed();
    t = w.t;
  });
  afterAll(() => t.close());

  type Pub = 'acme' | 'bolt';
  const other = (p: Pub): Pub => (p === 'acme' ? 'bolt' : 'acme');
  const fullCallers = Object.values(callers).map(digits);

  /** Strings that must never appear in anything publisher `p` of account 1 reads. */
  function forbiddenFor(p: Pub): string[] {
    const o = other(p);
    return [
      // The other publisher, the unattributed traffic and account 2, by name and by id.
      o,
      o.toUpperCase(),
      'plain-',
      'GCLID-PLAIN',
      'second-',
      'GCLID-SECOND',
      w.pubs1[o],
      ...w.calls[o],
      ...w.sessions[o],
      ...w.visitors[o],
      ...w.calls.plain,
      ...w.sessions.plain,
      ...w.visitors.plain,
      ...w.calls.second,
      ...w.sessions.second,
      w.site2.id,
      w.pubs2.acme,
      w.pubs2.bolt,
      // Every caller's full number (its own are masked), conversion values and recordings.
      ...fullCallers,
      ...Object.values(values).flatMap(valueMarkers),
      'RE-acme-1',
      'RE-bolt-1',
      'ACadvertiser',
      // Pool internals and install details.
      ...w.pools1,
      '+18005559999',
      '+14155550102',
      w.site1.public_key,
      '<script',
    ];
  }

  /** Every answer a key can read, as text, by path. */
  async function readAll(key: string, callIds: string[]): Promise<Map<string, { status: number; text: string }>> {
    const paths = [
      '/v1/me',
      '/v1/sites',
      '/v1/pools',
      '/v1/publishers',
      '/v1/api-keys',
      '/v1/calls?limit=500',
      '/v1/calls/fraud',
      '/v1/calls/fraud?group_by=publisher',
      ...dimensions.map((d) => `/v1/reports/attribution?group_by=${d}`),
      `/v1/reports/attribution?group_by=${dimensions.join(',')}`,
      '/v1/reports/timeseries',
      '/v1/reports/timeseries?interval=hour&from=2026-05-20&to=2026-05-24',
      '/v1/reports/pools',
      `/v1/sites/${w.site1.id}/rules`,
      '/v1/exports/calls.csv',
      '/v1/exports/google-ads.csv?conversion_name=Call',
      ...callIds.map((id) => `/v1/calls/${id}`),
    ];
    const out = new Map<string, { status: number; text: string }>();
    for (const path of paths) {
      const res = await t.get(path, key);
      expect(res.status, `${path}: ${res.text}`).toBeLessThan(500);
      out.set(path, { status: res.status, text: res.text });
    }
    return out;
  }

  describe.each(['acme', 'bolt'] as const)('publisher %s', (p) => {
    const key = () => w.keys[p]!;
    const own = () => ({ calls: w.calls[p], callers: p === 'acme' ? [callers.acme1, callers.acme2] : [callers.bolt1, callers.bolt2] });
    // The ledger of each publisher's own traffic in the default window (the last 30 days).
    const ledger = { acme: { sessions: 3, calls: 2, qualified_calls: 1, conversions: 1, cost_cents: 1500 }, bolt: { sessions: 2, calls: 2, qualified_calls: 2, conversions: 1, cost_cents: 7400 } }[p];
    const ownValues = () => ({
      source: [traffic[p].source],
      medium: [traffic[p].medium],
      campaign: [traffic[p].campaign],
      keyword: p === 'acme' ? ['acme-kw-roofing', 'acme-kw-gutters'] : ['bolt-kw-secret'],
      publisher: [p],
      landing_page: [traffic[p].landingPage],
      device: [traffic[p].device],
    });

    it('lists only its own calls, callers masked to the last four digits, no recordings, no conversion values', async () => {
      const res = await t.get('/v1/calls?limit=500', key());
      expect(res.status).toBe(200);
      const calls = res.json.calls as any[];
      expect(calls.map((c) => c.id).sort()).toEqual([...own().calls].sort());
      expect(calls.map((c) => c.caller).sort()).toEqual(own().callers.map((n) => `${'*'.repeat(n.length - 4)}${n.slice(-4)}`).sort());
      for (const c of calls) {
        expect(c.attribution.publisher).toBe(p);
        // Which pool number rang is the advertiser's business.
        expect(c.tracking_number).toBeNull();
        expect(c.recording_url).toBeNull();
        if (c.conversion) expect(c.conversion.value_cents).toBeNull();
      }
      expect(calls.some((c) => c.conversion !== null), 'one of its calls converted').toBe(true);
    });

    it("reads its own call with the journey that led to it, caller masked and no conversion value", async () => {
      const res = await t.get(`/v1/calls/${w.calls[p][0]}`, key());
      expect(res.status).toBe(200);
      const first = p === 'acme' ? callers.acme1 : callers.bolt1;
      expect(res.json.caller).toBe(`********${first.slice(-4)}`);
      expect(res.json.tracking_number).toBeNull();
      expect(res.json.recording_url).toBeNull();
      expect(res.json.conversion).toMatchObject({ value_cents: null, currency: 'USD' });
      expect(res.json.journey.map((j: { url: string }) => j.url)).toEqual([traffic[p].landingPage, `https://shop.example/${p === 'acme' ? 'acme-quote' : 'bolt-private-page'}`]);
    });

    it("gets 404 for another publisher's, an unattributed or another account's call, the same answer as for no call at all", async () => {
      const missing = await t.get('/v1/calls/call_doesnotexist00', key());
      expect(missing.status).toBe(404);
      for (const id of [...w.calls[other(p)], ...w.calls.plain, ...w.calls.second]) {
        const res = await t.get(`/v1/calls/${id}`, key());
        expect(res.status, id).toBe(404);
        expect(res.json).toEqual(missing.json);
      }
    });

    it("learns nothing through filters naming another publisher's traffic", async () => {
      const o = other(p);
      const theirKeyword = { acme: 'acme-kw-roofing', bolt: 'bolt-kw-secret' }[o];
      const theirs = [`publisher=${o}`, `publisher=${w.pubs1[o]}`, `publisher=${o.toUpperCase()}`, `keyword=${theirKeyword}`, `source=${traffic[o].source}`, `campaign=${traffic[o].campaign}`, 'keyword=plain-kw-unattributed', 'publisher='];
      const nobody = await t.get('/v1/reports/attribution?group_by=publisher&publisher=nobody', key());
      expect(nobody.json.totals).toMatchObject({ sessions: 0, calls: 0 });
      for (const filter of theirs) {
        const calls = await t.get(`/v1/calls?${filter}`, key());
        expect(calls.status, filter).toBe(200);
        expect(calls.json.calls, filter).toEqual([]);
        const report = await t.get(`/v1/reports/attribution?group_by=publisher,keyword&${filter}`, key());
        expect(report.status, filter).toBe(200);
        expect(report.json.rows, filter).toEqual([]);
        expect(report.json.totals, filter).toEqual(nobody.json.totals);
      }
      // Control: the same filters with an admin key find the other publisher's traffic.
      expect((await t.get(`/v1/calls?publisher=${o}`)).json.calls).toHaveLength(2);
      expect((await t.get(`/v1/reports/attribution?group_by=publisher&keyword=${theirKeyword}`)).json.totals.calls).toBeGreaterThan(0);
    });

    it.each(dimensions)('attribution by %s shows only its own sessions and calls, without the advertiser\'s money', async (dim) => {
      const res = await t.get(`/v1/reports/attribution?group_by=${dim}`, key());
      expect(res.status).toBe(200);
      expect(res.json.totals).toMatchObject({ ...ledger, revenue_cents: null, profit_cents: null, roi: null });
      const rows = res.json.rows as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(ownValues()[dim]).toContain(row[dim]);
        expect(row).toMatchObject({ revenue_cents: null, profit_cents: null, roi: null });
      }
      expect(rows.reduce((n, r) => n + (r.sessions as number), 0)).toBe(ledger.sessions);
      expect(rows.reduce((n, r) => n + (r.calls as number), 0)).toBe(ledger.calls);
      // May was read from the day counts, which hold every publisher's sessions.
      const [counted] = await t.db.all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM session_day_counts WHERE publisher_id = ${w.pubs1[other(p)]}`);
      expect(counted!.n).toBeGreaterThan(0);
    });

    it('reads a time series of only its own sessions and calls', async () => {
      for (const q of ['', '?interval=hour&from=2026-05-20&to=2026-06-01']) {
        const res = await t.get(`/v1/reports/timeseries${q}`, key());
        expect(res.status).toBe(200);
        const sum = (k: 'sessions' | 'calls' | 'qualified_calls') => (res.json.points as Record<string, number>[]).reduce((n, pt) => n + pt[k]!, 0);
        expect({ sessions: sum('sessions'), calls: sum('calls'), qualified_calls: sum('qualified_calls') }, q).toEqual({
          sessions: ledger.sessions,
          calls: ledger.calls,
          qualified_calls: ledger.qualified_calls,
        });
      }
    });

    it('exports only its own calls as CSV, callers masked, no recordings, no conversion values', async () => {
      const res = await t.get('/v1/exports/calls.csv', key());
      expect(res.status).toBe(200);
      const [header, ...rows] = parseCsv(res.text).map((r) => r.fields);
      const col = (name: string) => header!.indexOf(name);
      expect(rows.map((r) => r[col('id')]).sort()).toEqual([...own().calls].sort());
      for (const r of rows) {
        expect(r[col('caller')]).toMatch(/^\*{8}\d{4}$/);
        expect(r[col('publisher')]).toBe(p);
        expect(r[col('recording_url')]).toBe('');
        expect(r[col('tracking_number')]).toBe('');
        expect(r[col('tracking_number_e164')]).toBe('');
        expect(r[col('caller_e164')]).toBe('');
        expect(r[col('conversion_value_cents')]).toBe('');
      }
      expect(rows.some((r) => r[col('converted_at')] !== ''), 'one of its calls converted').toBe(true);
    });

    it("exports only its own Google Ads clicks, never with the advertiser's conversion value (was leaked)", async () => {
      const res = await t.get('/v1/exports/google-ads.csv?conversion_name=Call', key());
      expect(res.status).toBe(200);
      const rows = parseCsv(res.text).map((r) => r.fields).slice(2);
      expect(rows).toEqual([[`GCLID-${p.toUpperCase()}-1`, 'Call', '2026-05-20 ' + (p === 'acme' ? '14:05:00' : '16:05:00'), '', '']]);
    });

    it('counts fraud signals over its own calls only', async () => {
      const res = await t.get('/v1/calls/fraud?group_by=source,publisher', key());
      expect(res.status).toBe(200);
      expect(res.json.rows).toHaveLength(1);
      expect(res.json.rows[0]).toMatchObject({ source: traffic[p].source, publisher: p, calls: ledger.calls });
    });

    it('sees itself in /v1/me and /v1/publishers, with its own payout, and no other publisher', async () => {
      const me = await t.get('/v1/me', key());
      expect(me.json).toMatchObject({ role: 'publisher', account: { id: 'acc_default' }, publisher: { id: w.pubs1[p], code: p } });
      const list = await t.get('/v1/publishers', key());
      expect(list.json.publishers).toEqual([{ id: w.pubs1[p], name: p.toUpperCase(), code: p, payout_cents: p === 'acme' ? 1500 : 3700 }]);
    });

    it("sees each site's id, name, domains, country and time zone, not its site key, script tag or install health", async () => {
      const res = await t.get('/v1/sites', key());
      expect(res.status).toBe(200);
      expect(res.json.sites).toEqual([{ id: w.site1.id, name: 'Shop', domains: ['shop.example'], country: 'US', timezone: 'America/New_York' }]);
    });

    it('is refused the pools, the pool report and the site rules (the advertiser\'s plumbing and terms; pools were leaked)', async () => {
      for (const path of ['/v1/pools', `/v1/pools?site=${w.site1.id}`, '/v1/reports/pools', `/v1/sites/${w.site1.id}/rules`, '/v1/api-keys']) {
        const res = await t.get(path, key());
        expect(res.status, path).toBe(403);
      }
      // Control: a viewer reads the pools, including the rule that names the other publisher.
      expect((await t.get('/v1/pools', w.keys.viewer)).text).toContain('"publisher":"bolt"');
    });

    it("never reads another publisher's name, ids or traffic, a full caller number, a conversion value or a pool's internals, anywhere", async () => {
      const answers = await readAll(key(), w.calls[p]);
      const forbidden = forbiddenFor(p);
      for (const [path, { text }] of answers) {
        for (const s of forbidden) expect(text.includes(s), `${path} shows ${s}`).toBe(false);
      }
      // Control: the same reads with the admin key show most of those strings.
      const adminAnswers = [...(await readAll(w.keys.admin!, [...w.calls.acme, ...w.calls.bolt])).values()].map((a) => a.text).join('\n');
      const seen = forbidden.filter((s) => adminAnswers.includes(s));
      expect(seen).toEqual(expect.arrayContaining([other(p), w.pubs1[other(p)], ...w.calls[other(p)], ...fullCallers.slice(0, 5), '+18005559999', w.site1.public_key]));
    });
  });

  it('a viewer reads everything an admin reads, in full', async () => {
    const paths = ['/v1/calls?limit=500', '/v1/sites', '/v1/pools', '/v1/publishers', '/v1/reports/attribution?group_by=publisher', '/v1/reports/pools', '/v1/exports/calls.csv', `/v1/calls/${w.calls.acme[0]}`];
    for (const path of paths) {
      const [a, v] = [await t.get(path), await t.get(path, w.keys.viewer)];
      expect(v.status, path).toBe(200);
      expect(v.text, path).toBe(a.text);
    }
    const calls = (await t.get('/v1/calls?limit=500', w.keys.viewer)).json.calls as { caller: string }[];
    expect(calls.map((c) => c.caller).sort()).toEqual([callers.acme1, callers.acme2, callers.bolt1, callers.bolt2, callers.plain].sort());
  });

  it("account 2's admin sees its own data and none of account 1's, and account 1's admin none of account 2's", async () => {
    const account1 = [
      w.site1.id,
      w.site1.public_key,
      'shop.example',
      ...w.pools1,
      w.pubs1.acme,
      w.pubs1.bolt,
      ...w.keyIds1,
      ...w.calls.acme,
      ...w.calls.bolt,
      ...w.calls.plain,
      ...w.sessions.acme,
      ...w.sessions.bolt,
      ...w.sessions.plain,
      'acme-kw',
      'bolt-kw',
      'plain-kw',
      'GCLID-ACME',
      'GCLID-BOLT',
      'GCLID-PLAIN',
      '+14155550101',
      '+14155550109',
      '+18005559999',
      ...[callers.acme1, callers.acme2, callers.bolt1, callers.bolt2, callers.plain].map(digits),
      ...[values.acme, values.bolt, values.plain].flatMap(valueMarkers),
    ];
    const account2 = [w.site2.id, w.site2.public_key, 'other.example', w.pool2, w.pubs2.acme, w.pubs2.bolt, ...w.calls.second, ...w.sessions.second, 'second-kw', 'GCLID-SECOND', '+14155550201', digits(callers.second), ...valueMarkers(values.second)];

    const second = await readAll(ADMIN_2_KEY, w.calls.second);
    for (const [path, { status, text }] of second) {
      expect(status, `${path}: ${text}`).toBe(path.includes(w.site1.id) ? 404 : 200);
      for (const s of account1) expect(text.includes(s), `account 2 reads ${s} at ${path}`).toBe(false);
    }
    // Not an empty account: it reads its own.
    const all2 = [...second.values()].map((a) => a.text).join('\n');
    for (const s of account2) expect(all2, s).toContain(s);

    const first = await readAll(w.keys.admin!, [...w.calls.acme, ...w.calls.bolt, ...w.calls.plain]);
    for (const [path, { text }] of first) for (const s of account2) expect(text.includes(s), `account 1 reads ${s} at ${path}`).toBe(false);
  });

  it("a publisher of account 2 with the same code as account 1's reads only account 2's calls", async () => {
    const calls = await t.get('/v1/calls', w.acme2Key);
    expect(calls.json.calls.map((c: { id: string }) => c.id)).toEqual(w.calls.second);
    const report = await t.get('/v1/reports/attribution?group_by=publisher,keyword', w.acme2Key);
    expect(report.json.rows).toEqual([expect.objectContaining({ publisher: 'acme', keyword: 'second-kw-private', sessions: 1, calls: 1 })]);
    for (const s of [...w.calls.acme, 'acme-kw', w.pubs1.acme]) expect(calls.text + report.text).not.toContain(s);
  });
});
