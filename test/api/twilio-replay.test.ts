// A signed Twilio request replayed by someone who saw it: what it may and may not change.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduledJobs } from '../../collector/jobs';
import { runScheduledJobs } from '../../collector/jobs/scheduled';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { callSid, dialActionParams, TWILIO_TOKEN, twilioPost, voiceParams } from '../helpers/twilio';

const CALLER = '+14155550199';
const TOKEN_HEADER = 'I-Twilio-Idempotency-Token';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ twilioAuthToken: TWILIO_TOKEN });
});
afterEach(() => t.close());

/** A visited number, a call to it, and the Dial action that settled it: 95 s, qualified, paid. */
async function settledCall() {
  const { site } = await siteWithPool(t);
  await t.put(`/v1/sites/${site.id}/rules`, { min_duration_s: 60, payout_cents: 2500, business_hours: null });
  const visit = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/?utm_source=google' }, { key: null });
  const number: string = visit.json.numbers[0].number;
  const sid = callSid();
  await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: sid, From: CALLER, To: number }));
  t.clock.advance(120_000);
  const dial = dialActionParams({ CallSid: sid, From: CALLER, To: number, DialCallStatus: 'completed', DialCallDuration: '95' });
  expect((await twilioPost(t, '/v1/twilio/status', dial)).status).toBe(200);
  const settled = (await t.get('/v1/calls')).json.calls[0];
  expect(settled).toMatchObject({ status: 'completed', duration_s: 95, qualified: true, payout_cents: 2500 });
  return { sid, number, dial, settled };
}

const theCall = async () => (await t.get('/v1/calls')).json.calls[0];

describe('a replayed Twilio status request', () => {
  it('refuses DialCallDuration=95 re-sent as DialCallDuration9=5 under the same signature, changing nothing', async () => {
    const { dial, settled } = await settledCall();
    const url = `${t.publicUrl}/v1/twilio/status`;
    const { DialCallDuration: _, ...rest } = dial;
    const edited = { ...rest, DialCallDuration9: '5' };
    // The edit keeps the signature valid: the refusal is ours, not the signature check's.
    const signature = getExpectedTwilioSignature(TWILIO_TOKEN, url, dial);
    expect(getExpectedTwilioSignature(TWILIO_TOKEN, url, edited)).toBe(signature);
    t.clock.advance(60_000);
    const res = await twilioPost(t, '/v1/twilio/status', edited, { signature });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_request' });
    expect(res.json.error.message).toContain('DialCallDuration9');
    expect(await theCall()).toEqual(settled);
  });

  it('refuses a name cut short from one the collector reads (DialCallDuratio + n95)', async () => {
    const { dial, settled } = await settledCall();
    const { DialCallDuration: _, ...rest } = dial;
    const edited = { ...rest, DialCallDuratio: 'n95' };
    const signature = getExpectedTwilioSignature(TWILIO_TOKEN, `${t.publicUrl}/v1/twilio/status`, dial);
    const res = await twilioPost(t, '/v1/twilio/status', edited, { signature });
    expect(res.status).toBe(400);
    expect(await theCall()).toEqual(settled);
  });

  it('keeps the first settled outcome when a later, validly signed Dial action says 0 s', async () => {
    const { dial, settled } = await settledCall();
    t.clock.advance(60_000);
    const res = await twilioPost(t, '/v1/twilio/status', { ...dial, DialCallStatus: 'no-answer', DialCallDuration: '0' });
    expect(res.status).toBe(200);
    expect(await theCall()).toEqual(settled);
  });

  it('still adds facts to a settled call: a recording arrives after the Dial action', async () => {
    const { sid, settled } = await settledCall();
    const recording = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE9';
    await twilioPost(t, '/v1/twilio/status', { AccountSid: 'AC1', CallSid: sid, RecordingSid: 'RE9', RecordingUrl: recording, RecordingStatus: 'completed' });
    expect(await theCall()).toEqual({ ...settled, recording_url: recording });
  });

  it('accepts the documented names that extend one it reads (ToCity, ToState, ToZip, ToCountry)', async () => {
    const { dial } = await settledCall();
    const res = await twilioPost(t, '/v1/twilio/status', { ...dial, ToCity: 'SAN FRANCISCO', ToState: 'CA', ToZip: '94107', ToCountry: 'US' });
    expect(res.status).toBe(200);
  });
});

describe('I-Twilio-Idempotency-Token', () => {
  const recordingCallback = (sid: string, n: number) => ({
    AccountSid: 'AC1',
    CallSid: sid,
    RecordingSid: `RE${n}`,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE${n}`,
    RecordingStatus: 'completed',
  });

  it('applies a status request once: the same token again is answered but changes nothing', async () => {
    const { sid } = await settledCall();
    const first = await twilioPost(t, '/v1/twilio/status', recordingCallback(sid, 1), { headers: { [TOKEN_HEADER]: 'token-1' } });
    expect(first.status).toBe(200);
    const again = await twilioPost(t, '/v1/twilio/status', recordingCallback(sid, 2), { headers: { [TOKEN_HEADER]: 'token-1' } });
    expect(again.status).toBe(200);
    expect(again.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect((await theCall()).recording_url).toMatch(/RE1$/);
    // Another token is another request.
    await twilioPost(t, '/v1/twilio/status', recordingCallback(sid, 3), { headers: { [TOKEN_HEADER]: 'token-3' } });
    expect((await theCall()).recording_url).toMatch(/RE3$/);
  });

  it('does not remember a request that failed, so Twilio’s retry is applied', async () => {
    const { sid } = await settledCall();
    // A recording for a call this server never saw is a 404: not applied, not remembered.
    const unknown = await twilioPost(t, '/v1/twilio/status', recordingCallback(callSid(), 4), { headers: { [TOKEN_HEADER]: 'token-4' } });
    expect(unknown.status).toBe(404);
    await twilioPost(t, '/v1/twilio/status', recordingCallback(sid, 4), { headers: { [TOKEN_HEADER]: 'token-4' } });
    expect((await theCall()).recording_url).toMatch(/RE4$/);
  });

  it('forgets tokens after a week in the scheduled jobs, and not before', async () => {
    const { sid } = await settledCall();
    await twilioPost(t, '/v1/twilio/status', recordingCallback(sid, 5), { headers: { [TOKEN_HEADER]: 'token-5' } });
    const run = async () => (await runScheduledJobs({ db: t.db, config: t.config, now: t.clock.now() }, scheduledJobs)).find((o) => o.name === 'forget-old-twilio-tokens');
    t.clock.advance(6 * 24 * 3600_000);
    expect(await run()).toEqual({ name: 'forget-old-twilio-tokens', ok: true, result: { forgotten: 0 } });
    t.clock.advance(2 * 24 * 3600_000);
    expect(await run()).toEqual({ name: 'forget-old-twilio-tokens', ok: true, result: { forgotten: 1 } });
    await twilioPost(t, '/v1/twilio/status', recordingCallback(sid, 6), { headers: { [TOKEN_HEADER]: 'token-5' } });
    expect((await theCall()).recording_url).toMatch(/RE6$/);
  });
});
