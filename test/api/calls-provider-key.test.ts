// A carrier's call id is unique within that carrier only: the calls table's key is
// (account, provider, provider id).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { twilioPost, TWILIO_TOKEN, voiceParams } from '../helpers/twilio';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ twilioAuthToken: TWILIO_TOKEN });
});
afterEach(() => t.close());

it('the same call id from Twilio and from the API is two calls, and each carrier updates only its own', async () => {
  const { pool } = await siteWithPool(t);
  const id = 'CA0000000000000000000000000000beef';
  const voice = await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: id, From: '+14155550199', To: pool.numbers[0] }));
  expect(voice.status).toBe(200);
  const body = { id, to: pool.numbers[1], from: '+14155550198', started_at: new Date(t.clock.now()).toISOString(), duration_s: 30, status: 'completed' };
  const posted = await t.post('/v1/calls', body);
  expect(posted.status).toBe(201);
  expect((await t.post('/v1/calls', { ...body, duration_s: 31 })).status).toBe(200);
  const calls = (await t.get('/v1/calls')).json.calls as { id: string; provider_id: string; caller: string; status: string; duration_s: number | null }[];
  expect(calls.filter((c) => c.provider_id === id).map((c) => [c.caller, c.status, c.duration_s]).sort()).toEqual([
    ['+14155550198', 'completed', 31],
    ['+14155550199', 'ringing', null],
  ]);
});
