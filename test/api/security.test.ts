// The smaller findings of issue #10, each one a test that failed on the code before:
// wrong keys are throttled per address, an operator-chosen admin key must be hard to
// guess and keeps no prefix, tracking numbers are unique per account (and a conflict
// names no other account's number), URLs are http(s) only, and every response carries
// the security headers.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../collector/config';
import { apiKeys, accounts, calls, sessions } from '../../collector/db/schema';
import { estimatedKeyBits, MIN_ADMIN_KEY_BITS } from '../../collector/domain/key-strength';
import { createPool } from '../../collector/services/pools';
import { createSite } from '../../collector/services/sites';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { callSid, TWILIO_TOKEN, twilioPost, voiceParams } from '../helpers/twilio';

let t: TestApp;
afterEach(() => t?.close());

describe('failed authentication', () => {
  it('answers the 21st wrong key in a minute from one address with 429 and Retry-After, whatever key follows', async () => {
    t = await createTestApp({ authFailuresPerMinute: 20 });
    t.clock.set('2026-06-01T15:00:20Z');
    t.client.ip = '198.51.100.9';
    for (let i = 0; i < 20; i++) {
      const res = await t.get('/v1/calls', `dni_wrong_key_${i}`);
      expect(res.status).toBe(401);
    }
    const throttled = await t.get('/v1/calls', 'dni_wrong_key_21');
    expect(throttled.status).toBe(429);
    expect(throttled.json.error.code).toBe('rate_limited');
    expect(throttled.headers.get('retry-after')).toBe('40');
    // The right key from that address waits too: answering it would confirm a guess.
    expect((await t.get('/v1/calls')).status).toBe(429);

    // Another address, and the next minute, are not affected.
    t.client.ip = '203.0.113.50';
    expect((await t.get('/v1/calls')).status).toBe(200);
    t.client.ip = '198.51.100.9';
    t.clock.set('2026-06-01T15:01:00Z');
    expect((await t.get('/v1/calls')).status).toBe(200);
  });

  it('does not count a request without any key, nor the right key', async () => {
    t = await createTestApp({ authFailuresPerMinute: 2 });
    for (let i = 0; i < 5; i++) expect((await t.get('/v1/calls', null)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await t.get('/v1/calls')).status).toBe(200);
  });
});

describe('the operator-chosen admin key', () => {
  it.each(['password1234password1234', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'abcdefghijklmnopqrstuvwxyz0123', 'server_admin_key_0123456789abcdef', 'correct-horse-battery-staple'])(
    'refuses %j with a clear startup error',
    (key) => {
      expect(() => configFromEnv({ DNI_ADMIN_KEY: key })).toThrow(/DNI_ADMIN_KEY is too easy to guess.*openssl rand -base64 32/);
    },
  );

  it('accepts a random key such as `openssl rand -base64 32` makes', () => {
    const key = 'Vq3Zp9s+Lr8KxW2m/Nc7Tb0YdHj5Gf1Ue4Ai6Ok8Ro0=';
    expect(estimatedKeyBits(key)).toBeGreaterThanOrEqual(MIN_ADMIN_KEY_BITS);
    expect(configFromEnv({ DNI_ADMIN_KEY: key }).adminKey).toBe(key);
  });

  it('keeps no prefix of the operator’s key, and the usual one of a generated key', async () => {
    t = await createTestApp();
    const [stored] = await t.db.select().from(apiKeys);
    expect(stored!.prefix).toBe('');
    const made = await t.post('/v1/api-keys', { role: 'viewer' });
    const listed = (await t.get('/v1/api-keys')).json.api_keys;
    expect(listed.map((k: { prefix: string | null }) => k.prefix)).toEqual([null, made.json.key.slice(0, 8)]);
    expect((await t.get('/v1/me')).json.key.prefix).toBeNull();
  });
});

describe('tracking numbers per account', () => {
  it('lets two accounts hold the same number, and names no other account’s number in a conflict', async () => {
    t = await createTestApp();
    await t.db.insert(accounts).values({ id: 'acc_other', name: 'Other', twilioAuthToken: 'other_account_token_Zq8Lw3Rv9Tx2', createdAt: 0 });
    const otherSite = await createSite(t.db, { accountId: 'acc_other', name: 'Other', domains: ['other.example'], country: 'US', timezone: 'UTC' }, 0);
    await createPool(t.db, { accountId: 'acc_other', siteId: otherSite.id, name: 'Other', replaceNumber: '+18005550177', kind: 'session', forwardTo: '+18005550177' }, ['+14155550101'], 0);

    // The same number in this account: no 409 that would reveal the other account has it.
    const { pool } = await siteWithPool(t, { numbers: ['+14155550101', '+14155550102'] });
    expect(pool.numbers).toEqual(['+14155550101', '+14155550102']);
    // A number this account already tracks is a conflict naming only its own numbers.
    const again = await t.post(`/v1/pools/${pool.id}/numbers`, { numbers: ['+14155550102'] });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain('+14155550102');
  });

  it('gives a call to a number two accounts hold to the account whose Twilio token signed it', async () => {
    t = await createTestApp({ twilioAuthToken: TWILIO_TOKEN });
    await t.db.insert(accounts).values({ id: 'acc_other', name: 'Other', twilioAuthToken: 'other_account_token_Zq8Lw3Rv9Tx2', createdAt: 0 });
    const otherSite = await createSite(t.db, { accountId: 'acc_other', name: 'Other', domains: ['other.example'], country: 'US', timezone: 'UTC' }, 0);
    await createPool(t.db, { accountId: 'acc_other', siteId: otherSite.id, name: 'Other', replaceNumber: '+18005550177', kind: 'session', forwardTo: '+18005550177' }, ['+14155550101'], 0);
    await siteWithPool(t, { numbers: ['+14155550101'] });
    const ours = voiceParams({ CallSid: callSid(), From: '+12125550123', To: '+14155550101' });
    const theirs = voiceParams({ CallSid: callSid(), From: '+12125550124', To: '+14155550101' });
    expect((await twilioPost(t, '/v1/twilio/voice', ours, { token: TWILIO_TOKEN })).status).toBe(200);
    expect((await twilioPost(t, '/v1/twilio/voice', theirs, { token: 'other_account_token_Zq8Lw3Rv9Tx2' })).status).toBe(200);
    const stored = await t.db.select({ sid: calls.providerId, account: calls.accountId }).from(calls);
    expect(stored.sort((a, b) => a.sid.localeCompare(b.sid))).toEqual([
      { sid: ours.CallSid, account: 'acc_default' },
      { sid: theirs.CallSid, account: 'acc_other' },
    ]);
  });
});

describe('http(s) URLs only', () => {
  it.each(['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'ftp://shop.example/'])('refuses %j as a session URL and stores nothing', async (url) => {
    t = await createTestApp();
    const { site } = await siteWithPool(t);
    const res = await t.post('/v1/sessions', { site: site.public_key, url }, { key: null, headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect(await t.db.select().from(sessions)).toHaveLength(0);
    const opened = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/' }, { key: null, headers: { 'content-type': 'text/plain' } });
    const ping = await t.post(`/v1/sessions/${opened.json.session}/ping`, { url }, { key: null, headers: { 'content-type': 'text/plain' } });
    expect(ping.status).toBe(400);
  });

  it('refuses a recording_url that is not http(s) and stores no call', async () => {
    t = await createTestApp();
    await siteWithPool(t);
    const call = { id: 'c-1', to: '+14155550101', from: '+12125550123', started_at: '2026-06-01T14:00:00Z', duration_s: 90, status: 'completed' };
    const bad = await t.post('/v1/calls', { ...call, recording_url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(await t.db.select().from(calls)).toHaveLength(0);
    const good = await t.post('/v1/calls', { ...call, recording_url: 'https://recordings.example/r/1.mp3' });
    expect(good.status, good.text).toBeLessThan(300);
    expect((await t.db.select().from(calls).where(eq(calls.providerId, 'c-1')))[0]!.recordingUrl).toBe('https://recordings.example/r/1.mp3');
  });
});

describe('security headers', () => {
  it('sends CSP, nosniff and Referrer-Policy on API answers, errors and the 404', async () => {
    t = await createTestApp();
    for (const res of [await t.get('/v1/calls'), await t.get('/v1/calls', 'wrong'), await t.get('/v1/nothing-here'), await t.get('/healthz', null)]) {
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
