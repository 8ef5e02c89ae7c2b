// What only the Workers entry does (collector/worker.ts under wrangler dev): answering
// /healthz (the smoke test), taking the client IP from CF-Connecting-IP, serving the
// dashboard's files and routes from the asset store, using the request's origin when
// DNI_PUBLIC_URL is unset, and refusing to serve — with a JSON 503 that says what to do —
// before the migrations ran or without an admin key for a new database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISITOR_USER_AGENT } from '../helpers/http';
import { callSid, TWILIO_TOKEN, twilioPost, voiceParams } from '../helpers/twilio';
import { startTestWorker, type TestWorker } from '../helpers/worker';

describe('a configured Worker', () => {
  let w: TestWorker;
  beforeAll(async () => {
    w = await startTestWorker({ vars: { DNI_SESSION_RATE_LIMIT: '1', TWILIO_AUTH_TOKEN: TWILIO_TOKEN } });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers /healthz with 200 {"ok":true}', async () => {
    const res = await fetch(`${w.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('writes script tags for the origin it is reached at when DNI_PUBLIC_URL is unset', async () => {
    const site = await w.api('POST', '/v1/sites', { name: 'Shop', domains: ['origin.example'] });
    expect(site.status).toBe(201);
    expect(site.json.script_tag).toBe(`<script src="${w.url}/dni.js" data-site="${site.json.public_key}" async></script>`);
  });

  it('rate-limits new sessions per CF-Connecting-IP, not per connection', async () => {
    const site = await w.api('POST', '/v1/sites', { name: 'Limited', domains: ['limited.example'] });
    const numbers = Array.from({ length: 10 }, (_, i) => `+1312555${1000 + i}`);
    const pool = await w.api('POST', '/v1/pools', { site: site.json.id, name: 'V', replace: '+18005550100', forward_to: '+18005550100', numbers });
    expect(pool.status).toBe(201);
    const open = async (ip: string) => {
      const res = await fetch(`${w.url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': VISITOR_USER_AGENT, 'cf-connecting-ip': ip },
        body: JSON.stringify({ site: site.json.public_key, url: 'https://limited.example/' }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { numbers: { leased: boolean }[] }).numbers[0]!.leased;
    };
    // The limit is 1 a minute in fixed windows: of three quick tries at most one
    // window boundary passes, so at least one of them is over the limit.
    const first = [await open('198.51.100.1'), await open('198.51.100.1'), await open('198.51.100.1')];
    expect(first).toContain(false);
    // Another address (same socket, same test process) still gets a lease.
    expect(await open('198.51.100.2')).toBe(true);
  });

  it('runs the scheduled jobs from the cron trigger: a week-old Twilio request token is forgotten', async () => {
    const site = await w.api('POST', '/v1/sites', { name: 'Cron', domains: ['cron.example'] });
    const pool = await w.api('POST', '/v1/pools', { site: site.json.id, name: 'V', replace: '+18005550100', forward_to: '+18005550100', numbers: ['+13125552001'] });
    expect(pool.status).toBe(201);
    const target = { publicUrl: w.url, request: w.request };
    const sid = callSid();
    expect((await twilioPost(target, '/v1/twilio/voice', voiceParams({ CallSid: sid, From: '+14155550199', To: '+13125552001' }))).status).toBe(200);
    const recording = (n: number) => ({ CallSid: sid, RecordingSid: `RE${n}`, RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE${n}` });
    const headers = { 'I-Twilio-Idempotency-Token': 'cron-token' };
    const recordingNow = async () => (await w.api('GET', '/v1/calls')).json.calls.find((c: { provider_id: string }) => c.provider_id === sid).recording_url;
    await twilioPost(target, '/v1/twilio/status', recording(1), { headers });
    // A fresh token survives the trigger.
    expect(await w.runCron()).toBe('Ran scheduled event');
    await twilioPost(target, '/v1/twilio/status', recording(2), { headers });
    expect(await recordingNow()).toMatch(/RE1$/);
    // Eight days later (the row aged in D1), the trigger forgets it and the token is new again.
    await w.sql(`UPDATE twilio_requests_handled SET handled_at = handled_at - ${8 * 24 * 3600_000} WHERE token = 'cron-token'`);
    await w.runCron();
    await twilioPost(target, '/v1/twilio/status', recording(3), { headers });
    expect(await recordingNow()).toMatch(/RE3$/);
  });

  it('serves dashboard routes as the dashboard page, but a missing dashboard file as a JSON 404', async () => {
    const page = await fetch(`${w.url}/dashboard/pools/123`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const missing = await fetch(`${w.url}/dashboard/assets/no-such-file.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('a Worker whose D1 has no tables', () => {
  let w: TestWorker;
  beforeAll(async () => {
    w = await startTestWorker({ migrate: false });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers 503 not_ready naming the migration command, on /healthz and on the API', async () => {
    for (const path of ['/healthz', '/v1/sites']) {
      const res = await fetch(`${w.url}${path}`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_ready');
      expect(body.error.message).toContain('wrangler d1 migrations apply');
    }
  });

  it('still serves the static files', async () => {
    const res = await fetch(`${w.url}/dni.js`);
    expect(res.status).toBe(200);
  });
});

describe('a Worker on a new database without DNI_ADMIN_KEY', () => {
  let w: TestWorker;
  beforeAll(async () => {
    w = await startTestWorker({ vars: { DNI_ADMIN_KEY: null } });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers 503 not_ready asking for the secret instead of inventing a key nobody sees', async () => {
    const res = await fetch(`${w.url}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toEqual({ code: 'not_ready', message: expect.stringContaining('DNI_ADMIN_KEY') });
  });
});
