// Conversions to the ad platforms, end to end in process: the real app and database, a
// real HTTP receiver on 127.0.0.1 standing in for each platform (and its OAuth token
// endpoint), the deliverer run by the kick after each request and by deliverDue as the
// scheduled job runs it. Payloads are checked field by field against the platforms'
// documented names.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../../collector/db/schema';
import { deliverDue } from '../../collector/services/events/deliver';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { startReceiver, type Received } from '../helpers/receiver';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let site: { id: string; public_key: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CALLER = '+14155550199';
const ACCESS_TOKEN = 'ya29.access-token-from-the-exchange';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

beforeEach(async () => {
  t = await createTestApp();
  receiver = await startReceiver();
  receiver.reply('/token', JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 3599, token_type: 'Bearer' }));
  site = (await siteWithPool(t)).site;
});
afterEach(async () => {
  await receiver.close();
  t.close();
});

const googleCredentials = { developer_token: 'dev-token-google-0001', client_id: 'client-id-google.apps', client_secret: 'client-secret-google-0002', refresh_token: '1//refresh-token-google-0003' };
const microsoftCredentials = { developer_token: 'dev-token-microsoft-0004', client_id: 'client-id-microsoft-0005', client_secret: 'client-secret-microsoft-0006', refresh_token: 'M.refresh-token-microsoft-0007' };
const ga4Credentials = { api_secret: 'ga4-api-secret-0008' };
const metaCredentials = { access_token: 'EAAB-meta-access-token-0009' };
const allSecrets = [...Object.values(googleCredentials), ...Object.values(microsoftCredentials), ...Object.values(ga4Credentials), ...Object.values(metaCredentials), ACCESS_TOKEN];

async function adPlatform(kind: string, settings: Record<string, unknown>, credentials: Record<string, string>, extra: Record<string, unknown> = {}) {
  const res = await t.post('/v1/ad-platforms', { kind, base_url: receiver.url, settings, credentials, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; credentials: Record<string, string> };
}
const googleAds = (settings: Record<string, unknown> = {}) =>
  adPlatform(
    'google_ads',
    { customer_id: '123-456-7890', conversion_action: '987', login_customer_id: '111-222-3333', ad_user_data_consent: 'GRANTED', enhanced_conversions: true, token_url: `${receiver.url}/token`, ...settings },
    googleCredentials,
  );

/** A visit landing on `query`, its session given `cookies` (as the snippet captures them), and its tracking number. */
async function visit(query: string, cookies: { gaClientId?: string; fbp?: string; fbc?: string } = {}) {
  const res = await t.post('/v1/sessions', { site: site.public_key, url: `https://shop.example/?${query}` }, { key: null });
  expect(res.status, res.text).toBe(200);
  if (Object.keys(cookies).length) await t.db.update(sessions).set(cookies).where(eq(sessions.id, res.json.session));
  return { number: res.json.numbers[0].number as string, session: res.json.session as string };
}

let calls = 0;
/** A completed two-minute call to `to`, qualified by the site's default rules. */
async function call(to: string, fields: Record<string, unknown> = {}) {
  const res = await t.post('/v1/calls', { id: `ad-${++calls}`, to, from: CALLER, started_at: new Date(t.clock.now()).toISOString(), duration_s: 120, status: 'completed', ...fields });
  expect(res.status, res.text).toBeLessThan(300);
  await t.settle();
  return res.json as { id: string };
}

async function convert(callId: string, valueCents: number) {
  const res = await t.post('/v1/conversions', { call_id: callId, value_cents: valueCents });
  expect(res.status, res.text).toBe(200);
  await t.settle();
}

const detail = async (callId: string) => (await t.get(`/v1/calls/${callId}`)).json.deliveries as any[];
const to = (path: string) => receiver.requests.filter((r) => new URL(r.url, receiver.url).pathname === path);
const json = (r: Received) => JSON.parse(r.body);

describe('Google Ads', () => {
  it('exchanges the refresh token, uploads the click conversion with the documented fields, then restates a later value by orderId', async () => {
    await googleAds();
    const { number } = await visit('gclid=Cj0KCQ-test-gclid');
    const c = await call(number);

    const [token] = to('/token');
    expect(token!.method).toBe('POST');
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: googleCredentials.client_id,
      client_secret: googleCredentials.client_secret,
      refresh_token: googleCredentials.refresh_token,
    });

    const [upload] = to('/customers/1234567890:uploadClickConversions');
    expect(upload!.method).toBe('POST');
    expect(upload!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(upload!.headers['developer-token']).toBe(googleCredentials.developer_token);
    expect(upload!.headers['login-customer-id']).toBe('1112223333');
    expect(json(upload!)).toEqual({
      conversions: [
        {
          gclid: 'Cj0KCQ-test-gclid',
          conversionAction: 'customers/1234567890/conversionActions/987',
          conversionDateTime: '2026-06-01 15:00:00+00:00',
          orderId: c.id,
          consent: { adUserData: 'GRANTED' },
          // Enhanced conversions for leads: the SHA-256 of the caller's number in E.164.
          userIdentifiers: [{ hashedPhoneNumber: sha256('+14155550199') }],
        },
      ],
      partialFailure: true,
    });

    t.clock.advance(2 * DAY);
    await convert(c.id, 45_000);
    const [adjustment] = to('/customers/1234567890:uploadConversionAdjustments');
    expect(adjustment!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(json(adjustment!)).toEqual({
      conversionAdjustments: [
        {
          conversionAction: 'customers/1234567890/conversionActions/987',
          adjustmentType: 'RESTATEMENT',
          orderId: c.id,
          adjustmentDateTime: '2026-06-03 15:00:00+00:00',
          restatementValue: { adjustedValue: 450, currencyCode: 'USD' },
        },
      ],
      partialFailure: true,
    });
    // Not a second conversion: one upload in all.
    expect(to('/customers/1234567890:uploadClickConversions')).toHaveLength(1);
    expect(await detail(c.id)).toMatchObject([
      { kind: 'google_ads', event: 'call.qualified', status: 'sent', detail: null, attempts: 1, last_attempt_at: '2026-06-01T15:00:00.000Z' },
      { kind: 'google_ads', event: 'call.converted', status: 'sent', detail: null, attempts: 1 },
    ]);
  });

  it('a sale before any upload goes up as the conversion, with its value', async () => {
    await googleAds({ enhanced_conversions: false });
    const { number } = await visit('gclid=G1');
    const c = await call(number, { duration_s: 10 }); // too short: never qualified
    expect(receiver.requests).toHaveLength(0);
    await convert(c.id, 12_345);
    const [upload] = to('/customers/1234567890:uploadClickConversions');
    expect(json(upload!).conversions[0]).toEqual({
      gclid: 'G1',
      conversionAction: 'customers/1234567890/conversionActions/987',
      conversionDateTime: '2026-06-01 15:00:00+00:00',
      conversionValue: 123.45,
      currencyCode: 'USD',
      orderId: c.id,
      consent: { adUserData: 'GRANTED' },
    });
  });

  it('uses gbraid when the click carried no gclid', async () => {
    await googleAds();
    const { number } = await visit('gbraid=0AAAAA-gbraid');
    await call(number);
    const conversion = json(to('/customers/1234567890:uploadClickConversions')[0]!).conversions[0];
    expect(conversion.gbraid).toBe('0AAAAA-gbraid');
    expect(conversion).not.toHaveProperty('gclid');
    expect(conversion).not.toHaveProperty('wbraid');
  });

  it('refuses a click older than 90 days, and a call with no click id, without calling Google', async () => {
    await googleAds({ enhanced_conversions: false });
    const old = await visit('gclid=OLD');
    await t.db.update(sessions).set({ startedAt: t.clock.now() - 91 * DAY }).where(eq(sessions.id, old.session));
    const oldCall = await call(old.number);
    const direct = await visit('utm_source=newsletter');
    const directCall = await call(direct.number);
    expect(receiver.requests).toEqual([]);
    expect(await detail(oldCall.id)).toMatchObject([{ status: 'refused', detail: 'click older than 90 days', attempts: 1 }]);
    expect(await detail(directCall.id)).toMatchObject([{ status: 'refused', detail: 'no gclid/gbraid/wbraid' }]);
  });

  it('a conversion Google turns down in a partial failure is refused with its message, not retried', async () => {
    await googleAds();
    receiver.answer({ status: 200, body: JSON.stringify({ partialFailureError: { code: 3, message: 'The click is too recent to upload (CLICK_NOT_FOUND).' }, results: [{}] }) });
    const { number } = await visit('gclid=G2');
    const c = await call(number);
    expect(await detail(c.id)).toMatchObject([{ status: 'refused', detail: 'The click is too recent to upload (CLICK_NOT_FOUND).' }]);
    t.clock.advance(DAY);
    expect(await deliverDue(t.db, t.clock.now)).toEqual({ sent: 0, retrying: 0, failed: 0, refused: 0 });
  });

  it('a retried upload carries the same orderId', async () => {
    await googleAds();
    receiver.answer({ status: 503, body: '{"error":{"code":503,"message":"The service is currently unavailable."}}' });
    const { number } = await visit('gclid=G3');
    const c = await call(number);
    expect(await detail(c.id)).toMatchObject([{ status: 'pending', detail: 'HTTP 503', attempts: 1 }]);
    t.clock.advance(HOUR);
    expect(await deliverDue(t.db, t.clock.now)).toMatchObject({ sent: 1 });
    const uploads = to('/customers/1234567890:uploadClickConversions').map((r) => json(r).conversions[0].orderId);
    expect(uploads).toEqual([c.id, c.id]);
    expect(await detail(c.id)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });
  it('keeps the access token until it nears expiry: one exchange for many uploads, a new one after the hour, after new credentials and after a 401', async () => {
    const google = await googleAds();
    const tokens = () => to('/token').map((r) => new URLSearchParams(r.body).get('refresh_token'));
    const uploads = () => to('/customers/1234567890:uploadClickConversions');
    await call((await visit('gclid=K1')).number);
    await call((await visit('gclid=K2')).number, { from: '+14155550102' });
    expect(tokens()).toEqual([googleCredentials.refresh_token]);
    expect(uploads()).toHaveLength(2);

    // The token said 3599 s; kept until a minute before that.
    t.clock.advance(HOUR);
    await call((await visit('gclid=K3')).number, { from: '+14155550103' });
    expect(tokens()).toHaveLength(2);

    const rotated = { ...googleCredentials, refresh_token: '1//refresh-token-rotated-0011' };
    expect((await t.patch(`/v1/ad-platforms/${google.id}`, { credentials: rotated })).status).toBe(200);
    await call((await visit('gclid=K4')).number, { from: '+14155550104' });
    expect(tokens()).toEqual([googleCredentials.refresh_token, googleCredentials.refresh_token, rotated.refresh_token]);

    // Google turns the kept token down: the retry exchanges again.
    receiver.answer({ status: 401, body: '{"error":{"code":401,"status":"UNAUTHENTICATED"}}' });
    const last = await call((await visit('gclid=K5')).number, { from: '+14155550105' });
    expect(await detail(last.id)).toMatchObject([{ status: 'pending', attempts: 1 }]);
    expect(tokens()).toHaveLength(3);
    // The first retry is due within 30 s, long before the token's hour is up.
    t.clock.advance(60_000);
    expect(await deliverDue(t.db, t.clock.now)).toMatchObject({ sent: 1 });
    expect(tokens()).toHaveLength(4);
    expect(uploads()).toHaveLength(6);
  });
});

describe('GA4 Measurement Protocol', () => {
  it('sends generate_lead with the _ga client id, then purchase with value, currency and transaction_id', async () => {
    await adPlatform('ga4', { measurement_id: 'G-TEST123' }, ga4Credentials);
    const { number } = await visit('utm_source=google', { gaClientId: 'GA1.1.1234567890.1780300000' });
    const c = await call(number);
    const [lead] = to('/mp/collect');
    const query = Object.fromEntries(new URL(lead!.url, receiver.url).searchParams);
    expect(query).toEqual({ measurement_id: 'G-TEST123', api_secret: ga4Credentials.api_secret });
    expect(json(lead!)).toEqual({
      client_id: '1234567890.1780300000',
      timestamp_micros: Date.parse('2026-06-01T15:00:00Z') * 1000,
      events: [{ name: 'generate_lead', params: { transaction_id: c.id } }],
    });
    t.clock.advance(HOUR);
    await convert(c.id, 9_900);
    const purchase = json(to('/mp/collect')[1]!);
    expect(purchase).toEqual({
      client_id: '1234567890.1780300000',
      timestamp_micros: t.clock.now() * 1000,
      events: [{ name: 'purchase', params: { transaction_id: c.id, value: 99, currency: 'USD' } }],
    });
    // A restated value: GA4 has no way to take it.
    await convert(c.id, 12_000);
    expect(to('/mp/collect')).toHaveLength(2);
    expect((await detail(c.id)).map((d) => [d.event, d.status, d.detail])).toEqual([
      ['call.qualified', 'sent', null],
      ['call.converted', 'sent', null],
      ['call.converted', 'refused', 'GA4 cannot restate a value: the first one stands'],
    ]);
  });

  it('refuses a visitor without a _ga cookie', async () => {
    await adPlatform('ga4', { measurement_id: 'G-TEST123' }, ga4Credentials);
    const { number } = await visit('utm_source=google');
    const c = await call(number);
    expect(receiver.requests).toEqual([]);
    expect(await detail(c.id)).toMatchObject([{ kind: 'ga4', status: 'refused', detail: 'no _ga client id' }]);
  });
});

describe('Meta Conversions API', () => {
  it('sends Lead with event_id, action_source phone_call, the hashed number as Meta normalises it, fbc from the fbclid and fbp', async () => {
    await adPlatform('meta_capi', { pixel_id: '555000111' }, metaCredentials);
    const v = await visit('fbclid=IwAR-test-fbclid', { fbp: 'fb.1.1780300000000.987654321' });
    const [session] = await t.db.select().from(sessions).where(eq(sessions.id, v.session));
    const c = await call(v.number);
    const [lead] = to('/555000111/events');
    expect(lead!.method).toBe('POST');
    expect(json(lead!)).toEqual({
      data: [
        {
          event_name: 'Lead',
          event_time: Date.parse('2026-06-01T15:00:00Z') / 1000,
          event_id: `${c.id}:call.qualified`,
          action_source: 'phone_call',
          user_data: {
            // Digits with the country code, no plus: Meta's normalisation.
            ph: [sha256('14155550199')],
            fbc: `fb.1.${session!.startedAt}.IwAR-test-fbclid`,
            fbp: 'fb.1.1780300000000.987654321',
          },
        },
      ],
      access_token: metaCredentials.access_token,
    });
    await convert(c.id, 25_000);
    const purchase = json(to('/555000111/events')[1]!).data[0];
    expect(purchase).toMatchObject({ event_name: 'Purchase', event_id: `${c.id}:call.converted`, custom_data: { value: 250, currency: 'USD' } });
  });

  it('prefers the captured _fbc cookie, and a retried event keeps its event_id', async () => {
    await adPlatform('meta_capi', { pixel_id: '555000111', test_event_code: 'TEST123' }, metaCredentials);
    receiver.answer(500);
    const v = await visit('fbclid=X', { fbc: 'fb.1.1780000000000.from-cookie' });
    const c = await call(v.number);
    t.clock.advance(HOUR);
    await deliverDue(t.db, t.clock.now);
    const sent = to('/555000111/events').map(json);
    expect(sent).toHaveLength(2);
    expect(sent.map((b) => b.data[0].event_id)).toEqual([`${c.id}:call.qualified`, `${c.id}:call.qualified`]);
    expect(sent[1].data[0].user_data.fbc).toBe('fb.1.1780000000000.from-cookie');
    expect(sent[1].test_event_code).toBe('TEST123');
  });
});

describe('Microsoft Ads', () => {
  it('applies the offline conversion by msclkid, then restates a later value', async () => {
    await adPlatform('microsoft_ads', { customer_id: '1000001', account_id: '2000002', conversion_name: 'Phone call', token_url: `${receiver.url}/token` }, microsoftCredentials);
    const { number } = await visit('msclkid=ms-click-123');
    const c = await call(number);
    const [token] = to('/token');
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: microsoftCredentials.client_id,
      client_secret: microsoftCredentials.client_secret,
      refresh_token: microsoftCredentials.refresh_token,
      scope: 'https://ads.microsoft.com/msads.manage offline_access',
    });
    const [apply] = to('/CampaignManagement/v13/OfflineConversions/Apply');
    expect(apply!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(apply!.headers.developertoken).toBe(microsoftCredentials.developer_token);
    expect(apply!.headers.customerid).toBe('1000001');
    expect(apply!.headers.customeraccountid).toBe('2000002');
    expect(json(apply!)).toEqual({ OfflineConversions: [{ ConversionName: 'Phone call', ConversionTime: '2026-06-01T15:00:00Z', MicrosoftClickId: 'ms-click-123' }] });
    t.clock.advance(DAY);
    await convert(c.id, 30_000);
    const [restate] = to('/CampaignManagement/v13/OfflineConversionAdjustments/Apply');
    expect(json(restate!)).toEqual({
      OfflineConversionAdjustments: [
        {
          AdjustmentType: 'Restate',
          AdjustmentValue: 300,
          AdjustmentCurrencyCode: 'USD',
          AdjustmentTime: '2026-06-02T15:00:00Z',
          ConversionName: 'Phone call',
          ConversionTime: '2026-06-01T15:00:00Z',
          MicrosoftClickId: 'ms-click-123',
        },
      ],
    });
  });

  it('refuses a call without an msclkid', async () => {
    await adPlatform('microsoft_ads', { customer_id: '1', account_id: '2', conversion_name: 'Phone call', token_url: `${receiver.url}/token` }, microsoftCredentials);
    const { number } = await visit('gclid=not-microsoft');
    const c = await call(number);
    expect(receiver.requests).toEqual([]);
    expect(await detail(c.id)).toMatchObject([{ kind: 'microsoft_ads', status: 'refused', detail: 'no msclkid' }]);
  });
});

describe('credentials', () => {
  it('never appear in answers, delivery logs, the call detail or calls.csv', async () => {
    const google = await googleAds();
    const ga4 = await adPlatform('ga4', { measurement_id: 'G-TEST123' }, ga4Credentials);
    const meta = await adPlatform('meta_capi', { pixel_id: '555000111' }, metaCredentials);
    const microsoft = await adPlatform('microsoft_ads', { customer_id: '1', account_id: '2', conversion_name: 'Phone call', token_url: `${receiver.url}/token` }, microsoftCredentials);
    expect(google.credentials).toEqual({ developer_token: '••••0001', client_id: '••••apps', client_secret: '••••0002', refresh_token: '••••0003' });
    expect(meta.credentials).toEqual({ access_token: '••••0009' });
    // Platforms that echo what they were sent in their errors: the log must not keep it.
    receiver.reply('/customers/1234567890:uploadClickConversions', JSON.stringify({ error: { message: `Invalid token ${ACCESS_TOKEN} for ${googleCredentials.developer_token}` } }), 400);
    receiver.reply('/mp/collect', `api_secret=${ga4Credentials.api_secret}`, 500);
    receiver.reply('/555000111/events', JSON.stringify({ error: { message: `Malformed access token ${metaCredentials.access_token}` } }), 400);
    receiver.reply('/CampaignManagement/v13/OfflineConversions/Apply', JSON.stringify({ PartialErrors: [{ Message: `Bad developer token ${microsoftCredentials.developer_token}` }] }));
    const v = await visit('gclid=G&msclkid=M&fbclid=F', { gaClientId: 'GA1.1.1.2' });
    const c = await call(v.number);
    await convert(c.id, 1_000);
    t.clock.advance(HOUR);
    await deliverDue(t.db, t.clock.now);
    expect(receiver.requests.length).toBeGreaterThan(4);

    const seen: string[] = [];
    const keep = async (path: string) => {
      const res = await t.get(path);
      expect(res.status, path).toBe(200);
      seen.push(res.text);
    };
    await keep('/v1/ad-platforms');
    for (const d of [google, ga4, meta, microsoft]) await keep(`/v1/ad-platforms/${d.id}/deliveries`);
    await keep(`/v1/calls/${c.id}`);
    await keep('/v1/calls');
    await keep('/v1/exports/calls.csv');
    seen.push(JSON.stringify((await t.patch(`/v1/ad-platforms/${google.id}`, { description: 'main' })).json));
    const all = seen.join('\n');
    // The platforms' refusals did arrive, scrubbed.
    expect(all).toContain('[redacted]');
    for (const secret of allSecrets) expect(all, secret).not.toContain(secret);
    const qualified = (await detail(c.id)).filter((d) => d.event === 'call.qualified').map((d) => [d.kind, d.status, d.detail]);
    expect(qualified.sort()).toEqual([
      ['ga4', 'pending', 'HTTP 500'],
      ['google_ads', 'refused', '400 Invalid token [redacted] for [redacted]'],
      ['meta_capi', 'refused', '400 Malformed access token [redacted]'],
      ['microsoft_ads', 'refused', 'Bad developer token [redacted]'],
    ]);
  });

  it('a PATCH replaces only the credentials it names, and the next delivery uses them', async () => {
    const meta = await adPlatform('meta_capi', { pixel_id: '555000111' }, metaCredentials);
    const res = await t.patch(`/v1/ad-platforms/${meta.id}`, { credentials: { access_token: 'EAAB-rotated-token-0010' }, settings: { test_event_code: 'T1' } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ credentials: { access_token: '••••0010' }, settings: { pixel_id: '555000111', test_event_code: 'T1' } });
    const { number } = await visit('fbclid=F');
    await call(number);
    expect(json(to('/555000111/events')[0]!)).toMatchObject({ access_token: 'EAAB-rotated-token-0010', test_event_code: 'T1' });
  });
});

describe('managing ad platform destinations', () => {
  it('refuses bad bodies with 400 and stores nothing', async () => {
    for (const body of [
      { kind: 'tiktok', settings: {}, credentials: {} },
      { kind: 'google_ads', settings: { customer_id: '123', conversion_action: '9' }, credentials: { developer_token: 'x' } },
      { kind: 'google_ads', settings: { customer_id: 'abc', conversion_action: '9' }, credentials: googleCredentials },
      { kind: 'google_ads', settings: { customer_id: '123', conversion_action: '9', colour: 'red' }, credentials: googleCredentials },
      { kind: 'ga4', settings: { measurement_id: 'UA-1' }, credentials: ga4Credentials },
      { kind: 'ga4', settings: { measurement_id: 'G-1' }, credentials: { api_secret: '' } },
      { kind: 'meta_capi', base_url: 'http://graph.example', settings: { pixel_id: '1' }, credentials: metaCredentials },
      { kind: 'meta_capi', settings: { pixel_id: '1' }, credentials: metaCredentials, events: ['call.completed'] },
      { kind: 'microsoft_ads', settings: { customer_id: '1', account_id: '2' }, credentials: microsoftCredentials },
      { kind: 'ga4', settings: { measurement_id: 'G-1' } },
    ]) {
      const res = await t.post('/v1/ad-platforms', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      for (const secret of allSecrets) expect(res.text).not.toContain(secret);
    }
    const message = async (body: unknown) => (await t.post('/v1/ad-platforms', body)).json.error.message;
    expect(await message({ kind: 'google_ads', settings: { customer_id: 'abc', conversion_action: '9' }, credentials: googleCredentials })).toBe(
      'settings.customer_id: digits only (dashes are dropped)',
    );
    // A credential is named, its value never echoed.
    expect(await message({ kind: 'ga4', settings: { measurement_id: 'G-1' }, credentials: { api_secret: 7 } })).toBe('credentials.api_secret: missing, or not a non-empty string');
    expect((await t.get('/v1/ad-platforms')).json.ad_platforms).toEqual([]);
  });

  it('defaults to the platform’s endpoint and to call.qualified plus call.converted; archived, it gets nothing more', async () => {
    const res = await t.post('/v1/ad-platforms', { kind: 'meta_capi', settings: { pixel_id: '1' }, credentials: metaCredentials });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ kind: 'meta_capi', base_url: 'https://graph.facebook.com/v23.0', events: ['call.qualified', 'call.converted'] });
    expect((await t.request('DELETE', `/v1/ad-platforms/${res.json.id}`)).status).toBe(204);
    expect((await t.get('/v1/ad-platforms')).json.ad_platforms).toEqual([]);
    expect((await t.patch(`/v1/ad-platforms/${res.json.id}`, { description: 'x' })).status).toBe(404);
    // A webhook id is not an ad platform, nor the other way round.
    const hook = (await t.post('/v1/webhooks', { url: `${receiver.url}/hook`, events: ['call.completed'] })).json;
    expect((await t.get(`/v1/ad-platforms/${hook.id}/deliveries`)).status).toBe(404);
    expect((await t.get('/v1/webhooks')).json.webhooks).toHaveLength(1);
  });

  it('the call detail lists deliveries for admin and viewer keys, never for a publisher', async () => {
    await googleAds();
    const pub = (await t.post('/v1/publishers', { name: 'Acme', code: 'acme' })).json;
    const { number } = await visit('pub=acme&gclid=G');
    const c = await call(number);
    const viewer = (await t.post('/v1/api-keys', { role: 'viewer' })).json.key;
    const publisher = (await t.post('/v1/api-keys', { role: 'publisher', publisher: pub.id })).json.key;
    expect((await t.get(`/v1/calls/${c.id}`, viewer)).json.deliveries).toMatchObject([{ kind: 'google_ads', status: 'sent' }]);
    const asPublisher = await t.get(`/v1/calls/${c.id}`, publisher);
    expect(asPublisher.status).toBe(200);
    expect(asPublisher.json.deliveries).toBeNull();
    expect((await t.get('/v1/ad-platforms', viewer)).status).toBe(403);
  });
});
