import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calls } from '../../collector/db/schema';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { callSid, dialActionParams, TWILIO_TOKEN, twilioPost, voiceParams } from '../helpers/twilio';

const CALLER = '+14155550199';
const FORWARD_TO = '+18005550100';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ twilioAuthToken: TWILIO_TOKEN });
});
afterEach(() => t.close());

/** A site with a session pool, a visit that leases a number, and that number. */
async function visitedNumber(opts: { record?: boolean } = {}) {
  const { site, pool } = await siteWithPool(t);
  if (opts.record) {
    // Pools are made without recording by the shared helper; this one asks for it.
    const recorded = await t.post('/v1/pools', {
      site: site.id,
      name: 'Recorded',
      replace: '+18005550111',
      forward_to: FORWARD_TO,
      record: true,
      numbers: ['+14155550121'],
    });
    expect(recorded.status).toBe(201);
  }
  const visit = await t.post(
    '/v1/sessions',
    { site: site.public_key, url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_term=emergency+plumber' },
    { key: null },
  );
  expect(visit.status).toBe(200);
  const number = opts.record ? '+14155550121' : visit.json.numbers[0].number;
  return { site, pool, visit: visit.json, number: number as string };
}

const storedCalls = () => t.db.select().from(calls);

describe('POST /v1/twilio/voice', () => {
  it('stores the call with its attribution at once and forwards it with <Dial>', async () => {
    const { visit, number } = await visitedNumber();
    const sid = callSid();
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: sid, From: CALLER, To: number }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Dial action="http://collector.test/v1/twilio/status" method="POST" callerId="${CALLER}" answerOnBridge="true">` +
        `<Number>${FORWARD_TO}</Number></Dial></Response>`,
    );
    const listed = await t.get('/v1/calls');
    expect(listed.json.calls).toHaveLength(1);
    expect(listed.json.calls[0]).toMatchObject({
      provider_id: sid,
      tracking_number: number,
      caller: CALLER,
      caller_state: 'CA',
      status: 'ringing',
      duration_s: null,
      judged_at: null,
      attribution: { confidence: 'exclusive', session: visit.session, source: 'google', medium: 'cpc', keyword: 'emergency plumber' },
    });
  });

  it('records from answer when the pool asks for recording', async () => {
    const { number } = await visitedNumber({ record: true });
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: number }));
    expect(res.text).toContain('record="record-from-answer-dual"');
    expect(res.text).toContain(`<Number>${FORWARD_TO}</Number>`);
  });

  it('presents the tracking number as caller id when the caller withheld theirs', async () => {
    const { number } = await visitedNumber();
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: '+266696687', To: number }));
    expect(res.text).toContain(`callerId="${number}"`);
    const [call] = await storedCalls();
    expect(call!.caller).toBeNull();
  });

  it('rejects a blocked caller with <Reject/>, and stores the call as blocked', async () => {
    const { site, number } = await visitedNumber();
    await t.put(`/v1/sites/${site.id}/rules`, { blocked_callers: ['(415) 555-0199'] });
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: number }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Reject reason="busy"/></Response>');
    const [call] = (await t.get('/v1/calls')).json.calls;
    expect(call).toMatchObject({ status: 'busy', qualified: false, payout_cents: 0 });
    expect(call.reasons).toContain('blocked');
    // Twilio's status callback for the refused call changes nothing: we ended it ourselves.
    await twilioPost(t, '/v1/twilio/status', voiceParams({ CallSid: call.provider_id, From: CALLER, To: number, CallStatus: 'completed', CallDuration: '0' }));
    expect((await t.get(`/v1/calls/${call.id}`)).json).toMatchObject({ status: 'busy', reasons: call.reasons });
  });

  it('answers a number nobody owns politely and still stores the call', async () => {
    const sid = callSid();
    const res = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: sid, From: CALLER, To: '+12125550123' }));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<Response><Say>[^<]+<\/Say><Hangup\/><\/Response>$/);
    const [call] = (await t.get('/v1/calls')).json.calls;
    expect(call).toMatchObject({ provider_id: sid, site: null, tracking_number: '+12125550123', status: 'failed', attribution: { confidence: 'none' } });
  });

  it('answers three retries of one webhook with the same TwiML and keeps one call', async () => {
    const { number } = await visitedNumber();
    const params = voiceParams({ CallSid: callSid(), From: CALLER, To: number });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await twilioPost(t, '/v1/twilio/voice', params)).text);
    expect(new Set(answers).size).toBe(1);
    expect(await storedCalls()).toHaveLength(1);
  });

  it('answers 400 for parameters that are not a call, once the signature is good', async () => {
    const noSid = await twilioPost(t, '/v1/twilio/voice', { From: CALLER, To: '+14155550101' });
    expect(noSid.status).toBe(400);
    expect(noSid.json.error.code).toBe('invalid_request');
    const badTo = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: callSid(), From: CALLER, To: 'client:alice' }));
    expect(badTo.status).toBe(400);
    expect(await storedCalls()).toHaveLength(0);
  });

  it('answers 415 for a body that is not form-encoded', async () => {
    const res = await t.post('/v1/twilio/voice', { CallSid: callSid() }, { key: null });
    expect(res.status).toBe(415);
  });
});

describe('POST /v1/twilio/status', () => {
  async function ringingCall() {
    const ctx = await visitedNumber();
    await t.put(`/v1/sites/${ctx.site.id}/rules`, { min_duration_s: 60, payout_cents: 2500, business_hours: null });
    const sid = callSid();
    await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: sid, From: CALLER, To: ctx.number }));
    return { ...ctx, sid };
  }

  it('completes the call from the Dial action: connected duration, recording, qualification and payout', async () => {
    const { sid, number } = await ringingCall();
    t.clock.advance(120_000);
    const res = await twilioPost(
      t,
      '/v1/twilio/status',
      dialActionParams({
        CallSid: sid,
        From: CALLER,
        To: number,
        DialCallStatus: 'completed',
        DialCallDuration: '95',
        RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    const [call] = (await t.get('/v1/calls')).json.calls;
    expect(call).toMatchObject({
      provider_id: sid,
      status: 'completed',
      duration_s: 95,
      qualified: true,
      reasons: [],
      payout_cents: 2500,
      recording_url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
      judged_at: new Date(t.clock.now()).toISOString(),
    });
  });

  it('keeps the Dial outcome when the caller-leg status callback follows', async () => {
    const { sid, number } = await ringingCall();
    await twilioPost(t, '/v1/twilio/status', dialActionParams({ CallSid: sid, From: CALLER, To: number, DialCallStatus: 'no-answer', DialCallDuration: '0' }));
    // The caller's leg lasted 40 s (ringing the business) and "completed": the business never answered.
    await twilioPost(t, '/v1/twilio/status', voiceParams({ CallSid: sid, From: CALLER, To: number, CallStatus: 'completed', CallDuration: '40' }));
    const [call] = (await t.get('/v1/calls')).json.calls;
    expect(call).toMatchObject({ status: 'no-answer', duration_s: 0, qualified: false, reasons: ['too_short', 'not_answered'] });
  });

  it('completes from the status callback alone, and a later Dial action corrects it', async () => {
    const { sid, number } = await ringingCall();
    await twilioPost(t, '/v1/twilio/status', voiceParams({ CallSid: sid, From: CALLER, To: number, CallStatus: 'completed', CallDuration: '130' }));
    let [call] = (await t.get('/v1/calls')).json.calls;
    expect(call).toMatchObject({ status: 'completed', duration_s: 130, qualified: true, payout_cents: 2500 });
    await twilioPost(t, '/v1/twilio/status', dialActionParams({ CallSid: sid, From: CALLER, To: number, DialCallStatus: 'completed', DialCallDuration: '45' }));
    [call] = (await t.get('/v1/calls')).json.calls;
    expect(call).toMatchObject({ status: 'completed', duration_s: 45, qualified: false, reasons: ['too_short'], payout_cents: 0 });
  });

  it('three retries of the status callback leave one call with one judgement', async () => {
    const { sid, number } = await ringingCall();
    const params = dialActionParams({ CallSid: sid, From: CALLER, To: number, DialCallStatus: 'completed', DialCallDuration: '95' });
    await twilioPost(t, '/v1/twilio/status', params);
    const judgedAt = (await t.get('/v1/calls')).json.calls[0].judged_at;
    for (let i = 0; i < 3; i++) {
      t.clock.advance(30_000);
      expect((await twilioPost(t, '/v1/twilio/status', params)).status).toBe(200);
    }
    const listed = (await t.get('/v1/calls')).json.calls;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ qualified: true, payout_cents: 2500, judged_at: judgedAt });
    // A retried voice webhook after the call ended does not turn it back to ringing.
    await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: sid, From: CALLER, To: number }));
    expect((await t.get('/v1/calls')).json.calls[0]).toMatchObject({ status: 'completed', duration_s: 95 });
    expect(await storedCalls()).toHaveLength(1);
  });

  it('stores a call whose voice webhook never reached us, from its status callback', async () => {
    const { number } = await visitedNumber();
    const sid = callSid();
    // Twilio reports the call when it ends: it started its duration ago, while the visitor held the number.
    t.clock.advance(5 * 60_000);
    const res = await twilioPost(t, '/v1/twilio/status', voiceParams({ CallSid: sid, From: CALLER, To: number, CallStatus: 'completed', CallDuration: '90' }));
    expect(res.status).toBe(200);
    const [call] = (await t.get('/v1/calls')).json.calls;
    expect(call).toMatchObject({ provider_id: sid, status: 'completed', duration_s: 90, started_at: new Date(t.clock.now() - 90_000).toISOString() });
    expect(call.attribution.confidence).toBe('exclusive');
  });

  it('adds a recording from a recording status callback', async () => {
    const { sid } = await ringingCall();
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE2';
    const res = await twilioPost(t, '/v1/twilio/status', { AccountSid: 'AC1', CallSid: sid, RecordingSid: 'RE2', RecordingUrl: url, RecordingStatus: 'completed' });
    expect(res.status).toBe(200);
    expect((await t.get('/v1/calls')).json.calls[0]).toMatchObject({ recording_url: url, status: 'ringing' });
    const unknown = await twilioPost(t, '/v1/twilio/status', { CallSid: callSid(), RecordingUrl: url });
    expect(unknown.status).toBe(404);
  });

  it('answers 400 for a request that reports nothing', async () => {
    const { sid } = await ringingCall();
    const res = await twilioPost(t, '/v1/twilio/status', { CallSid: sid });
    expect(res.status).toBe(400);
    const badDuration = await twilioPost(t, '/v1/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: 'ten' });
    expect(badDuration.status).toBe(400);
    expect((await t.get('/v1/calls')).json.calls[0].status).toBe('ringing');
  });
});
