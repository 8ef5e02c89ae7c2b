import { eq } from 'drizzle-orm';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { accounts, calls } from '../../collector/db/schema';
import { createPool } from '../../collector/services/pools';
import { createSite } from '../../collector/services/sites';
import { twilioSignature, verifyTwilioSignature } from '../../collector/twilio/signature';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { callSid, TWILIO_ACCOUNT_SID, TWILIO_TOKEN, twilioPost, voiceParams } from '../helpers/twilio';

const CALLER = '+14155550199';

const opened: TestApp[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});
async function testApp(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const t = await createTestApp(overrides);
  opened.push(t);
  return t;
}

const storedCalls = (t: TestApp) => t.db.select().from(calls);

describe('signatures computed here match Twilio’s helper library', () => {
  const cases: [string, Record<string, string>][] = [
    ['https://dni.example/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: '+14155550101' })],
    ['https://dni.example:8443/v1/twilio/voice?site=a&b=%20c', { Digits: '1234', CallSid: 'CA1', Body: 'Ünïcødé & <xml> "quotes" = +', a: '', B: 'upper' }],
    ['http://localhost:8787/v1/twilio/status', {}],
  ];
  it.each(cases)('for %s', async (url, params) => {
    const ours = await twilioSignature(TWILIO_TOKEN, url, Object.entries(params));
    expect(ours).toBe(getExpectedTwilioSignature(TWILIO_TOKEN, url, params));
    expect(validateRequest(TWILIO_TOKEN, ours, url, params)).toBe(true);
    expect(await verifyTwilioSignature({ authTokens: [TWILIO_TOKEN], signature: ours, url, params: Object.entries(params) })).toBe(true);
    expect(await verifyTwilioSignature({ authTokens: ['another_token_0123456789'], signature: ours, url, params: Object.entries(params) })).toBe(false);
  });

  it('accepts a signature over the URL with or without the default port, as the library does', async () => {
    const params = { CallSid: 'CA1' };
    for (const signedUrl of ['https://dni.example:443/v1/twilio/voice', 'https://dni.example/v1/twilio/voice']) {
      const signature = getExpectedTwilioSignature(TWILIO_TOKEN, signedUrl, params);
      for (const url of ['https://dni.example/v1/twilio/voice', 'https://dni.example:443/v1/twilio/voice']) {
        expect(await verifyTwilioSignature({ authTokens: [TWILIO_TOKEN], signature, url, params: Object.entries(params) })).toBe(true);
      }
    }
  });
});

describe('X-Twilio-Signature on the webhooks', () => {
  async function ownedNumber(t: TestApp) {
    await siteWithPool(t, { numbers: ['+14155550101'] });
    return '+14155550101';
  }

  it('accepts a request signed with TWILIO_AUTH_TOKEN for the default account', async () => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: await ownedNumber(t) }));
    expect(res.status).toBe(200);
    expect(await storedCalls(t)).toHaveLength(1);
  });

  it.each([
    ['no signature', { signature: null }],
    ['a signature made with another token', { token: 'not_the_auth_token_0123456789' }],
    ['a signature over another URL', { url: 'https://elsewhere.example/v1/twilio/voice' }],
    ['a signature over another path', { url: 'http://collector.test/v1/twilio/status' }],
    ['garbage', { signature: 'bm90IGEgc2lnbmF0dXJl' }],
  ] as const)('answers 403 and stores nothing for %s', async (_, opts) => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: await ownedNumber(t) }), opts);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('forbidden');
    expect(await storedCalls(t)).toHaveLength(0);
  });

  it('answers 403 when a signed parameter was changed on the way', async () => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    const params = voiceParams({ CallSid: callSid(), From: CALLER, To: await ownedNumber(t) });
    const signature = getExpectedTwilioSignature(TWILIO_TOKEN, 'http://collector.test/v1/twilio/voice', params);
    const res = await twilioPost(t, '/v1/twilio/voice', { ...params, From: '+12125550100' }, { signature });
    expect(res.status).toBe(403);
    expect(await storedCalls(t)).toHaveLength(0);
  });

  it('checks the status endpoint too, and a bad status request changes nothing', async () => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    const number = await ownedNumber(t);
    const sid = callSid();
    await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: sid, From: CALLER, To: number }));
    const forged = await twilioPost(t, '/v1/twilio/status', voiceParams({ CallSid: sid, From: CALLER, To: number, CallStatus: 'completed', CallDuration: '300' }), {
      token: 'forged_token_0123456789abcdef',
    });
    expect(forged.status).toBe(403);
    const [call] = await storedCalls(t);
    expect(call).toMatchObject({ status: 'ringing', durationS: null, judgedAt: null });
  });

  it('answers 403 when the account has no auth token at all', async () => {
    const t = await testApp();
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: await ownedNumber(t) }));
    expect(res.status).toBe(403);
    expect(await storedCalls(t)).toHaveLength(0);
  });

  it('uses the token saved with PUT /v1/settings/twilio', async () => {
    const t = await testApp();
    const number = await ownedNumber(t);
    const saved = 'saved_through_the_api_0123456789';
    expect((await t.put('/v1/settings/twilio', { auth_token: saved })).status).toBe(204);
    const ok = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: number }), { token: saved });
    expect(ok.status).toBe(200);
    const old = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: number }), { token: TWILIO_TOKEN });
    expect(old.status).toBe(403);
  });

  it('signs the query string as part of the URL', async () => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    const number = await ownedNumber(t);
    const params = voiceParams({ CallSid: callSid(), From: CALLER, To: number });
    const path = '/v1/twilio/voice?tag=spring%20ads';
    const good = await twilioPost(t, path, params, { url: `http://collector.test${path}` });
    expect(good.status).toBe(200);
    const withoutQuery = await twilioPost(t, path, voiceParams({ CallSid: callSid(), From: CALLER, To: number }), { url: 'http://collector.test/v1/twilio/voice' });
    expect(withoutQuery.status).toBe(403);
  });
});

describe('the owning account', () => {
  const OTHER_TOKEN = 'other_account_token_0123456789ab';
  const OTHER_SID = 'ACffffffffffffffffffffffffffffffff';

  async function otherAccount(t: TestApp, number?: string) {
    await t.db.insert(accounts).values({ id: 'acc_other', name: 'Other', twilioAuthToken: OTHER_TOKEN, twilioAccountSid: OTHER_SID, createdAt: t.clock.now() });
    if (!number) return;
    const site = await createSite(t.db, { accountId: 'acc_other', name: 'Other shop', domains: ['other.example'], country: 'US', timezone: 'UTC' }, t.clock.now());
    await createPool(t.db, { accountId: 'acc_other', siteId: site.id, name: 'Other', replaceNumber: '+18005550177', kind: 'session', forwardTo: '+18005550177' }, [number], t.clock.now());
  }

  it('is the owner of the number called, verified with that account’s token', async () => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    await otherAccount(t, '+14155550177');
    const params = voiceParams({ CallSid: callSid(), From: CALLER, To: '+14155550177', AccountSid: OTHER_SID });
    // The default account's token cannot write into another account's number.
    expect((await twilioPost(t, '/v1/twilio/voice', params, { token: TWILIO_TOKEN })).status).toBe(403);
    const res = await twilioPost(t, '/v1/twilio/voice', params, { token: OTHER_TOKEN });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Number>+18005550177</Number>');
    const [call] = await storedCalls(t);
    expect(call).toMatchObject({ accountId: 'acc_other', trackingNumber: '+14155550177' });
    expect((await t.get('/v1/calls')).json.calls).toEqual([]);
    // A recording callback names no number: the call it names decides the account.
    const recording = { CallSid: params.CallSid!, RecordingUrl: 'https://api.twilio.com/rec/RE1' };
    expect((await twilioPost(t, '/v1/twilio/status', recording, { token: TWILIO_TOKEN })).status).toBe(403);
    expect((await twilioPost(t, '/v1/twilio/status', recording, { token: OTHER_TOKEN })).status).toBe(200);
    expect((await storedCalls(t))[0]!.recordingUrl).toBe('https://api.twilio.com/rec/RE1');
  });

  it('is found by AccountSid for a number nobody owns', async () => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    await otherAccount(t);
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: '+12125550123', AccountSid: OTHER_SID }), { token: OTHER_TOKEN });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Say>');
    const rows = await t.db.select().from(calls).where(eq(calls.accountId, 'acc_other'));
    expect(rows).toHaveLength(1);
  });

  it('still accepts the default account when another account saved the same AccountSid', async () => {
    const t = await testApp({ twilioAuthToken: TWILIO_TOKEN });
    await otherAccount(t);
    const params = voiceParams({ CallSid: callSid(), From: CALLER, To: '+12125550124', AccountSid: OTHER_SID });
    const res = await twilioPost(t, '/v1/twilio/voice', params, { token: TWILIO_TOKEN });
    expect(res.status).toBe(200);
    expect(await t.db.select().from(calls).where(eq(calls.accountId, 'acc_default'))).toHaveLength(1);
    expect(await t.db.select().from(calls).where(eq(calls.accountId, 'acc_other'))).toHaveLength(0);
  });

  it('AccountSid can be saved with the Twilio settings', async () => {
    const t = await testApp();
    const res = await t.put('/v1/settings/twilio', { auth_token: 'saved_through_the_api_0123456789', account_sid: TWILIO_ACCOUNT_SID });
    expect(res.status).toBe(204);
    const [row] = await t.db.select().from(accounts).where(eq(accounts.id, 'acc_default'));
    expect(row!.twilioAccountSid).toBe(TWILIO_ACCOUNT_SID);
    expect((await t.put('/v1/settings/twilio', { auth_token: 'saved_through_the_api_0123456789', account_sid: 'nope' })).status).toBe(400);
  });
});
