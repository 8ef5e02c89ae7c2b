// Call flows end to end: the real app, driven through signed Twilio webhooks step by step
// (voice → gather → dial action → status) by the call simulator.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { SimulatedCall } from '../helpers/call-simulator';
import { TWILIO_TOKEN } from '../helpers/twilio';

// The test clock reads Monday 2026-06-01 15:00 UTC: 11:00 in New York, 08:00 in Los Angeles.
const A = '+15125550101';
const B = '+15125550102';
const OVERFLOW = '+18005550199';
const CALLER = '+14155550199';

let t: TestApp;
let pool: { id: string; numbers: string[] };
let buyer: string;

beforeEach(async () => {
  t = await createTestApp({ twilioAuthToken: TWILIO_TOKEN });
  ({ pool } = await siteWithPool(t));
  buyer = (await t.post('/v1/buyers', { name: 'Rooter' })).json.id;
});
afterEach(() => t.close());

async function target(name: string, destination: string, extra: Record<string, unknown> = {}) {
  const res = await t.post('/v1/targets', { buyer, name, destination, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}

async function flow(body: Record<string, unknown>) {
  const res = await t.post('/v1/flows', { name: 'Flow', overflow: { kind: 'number', number: OVERFLOW }, ...body });
  expect(res.status, res.text).toBe(201);
  expect((await t.put(`/v1/pools/${pool.id}/flow`, { flow: res.json.id })).status).toBe(200);
  return res.json.id as string;
}

const call = (from = CALLER, caller: Record<string, string> = {}) => new SimulatedCall(t, from, pool.numbers[0]!, caller);
const detail = async (c: SimulatedCall) => {
  const list = await t.get('/v1/calls?limit=500');
  const row = list.json.calls.find((x: { provider_id: string }) => x.provider_id === c.sid);
  return (await t.get(`/v1/calls/${row.id}`)).json;
};
const stepKinds = (d: { flow: { steps: { kind: string }[] } }) => d.flow.steps.map((s) => s.kind);
const tableCounts = () =>
  t.db.get<Record<string, number>>(sql`select (select count(*) from calls) calls, (select count(*) from call_attempts) attempts, (select count(*) from call_steps) steps,
    (select group_concat(flow_state) from calls) states, (select group_concat(coalesce(ended_at, 'live')) from call_attempts) ends`);

describe('call flows over Twilio', () => {
  it('press 1 then routed, with the whisper and every step on the call', async () => {
    const a = await target('A', A, { revenue_cents: 4500, convert_min_duration_s: 90 });
    await flow({ greeting: 'Thanks for calling.', gate: { prompt: 'Press 1 for a plumber.' }, targets: [a], whisper: 'Call from Google Ads, emergency plumber' });
    const c = call();
    await c.voice();
    expect(c.twiml).toContain('<Say>Thanks for calling.</Say><Gather numDigits="1" timeout="5"');
    expect(c.twiml).toContain('<Say>Press 1 for a plumber.</Say></Gather>');
    await c.press('1');
    expect(c.dialled()).toBe(A);
    expect(c.twiml).toMatch(/<Number url="[^"]+\/v1\/twilio\/whisper\?call=call_[^"]+" method="POST">/);
    const whisperPath = /url="http:\/\/collector\.test([^"]+)"/.exec(c.twiml)![1]!.replace(/&amp;/g, '&');
    const { twilioPost, voiceParams } = await import('../helpers/twilio');
    const whisper = await twilioPost(t, whisperPath, voiceParams({ CallSid: `${c.sid}d`, From: CALLER, To: A }));
    expect(whisper.text).toContain('<Say>Call from Google Ads, emergency plumber</Say>');
    await c.dialEnded('completed', 95);
    expect(c.hungUp()).toBe(true);
    const d = await detail(c);
    // 95 s beats the target's 90 s convert-on rule: the buyer's revenue is frozen with the judgement.
    expect(d).toMatchObject({ status: 'completed', duration_s: 95, revenue_cents: 4500, buyer });
    expect(d.flow).toMatchObject({ target: a, buyer, attempts: [{ attempt: 1, target: a, outcome: 'completed', duration_s: 95 }] });
    expect(stepKinds(d)).toEqual(['flow_started', 'gate', 'gate_passed', 'dial', 'dial_ended']);
  });

  it('no input then hang up: the prompt is retried, then the call ends unanswered', async () => {
    const a = await target('A', A);
    await flow({ gate: { prompt: 'Press 1.', retries: 1 }, targets: [a] });
    const c = call();
    await c.voice();
    await c.press(null);
    expect(c.gathers()).toBe(true);
    await c.press(null);
    expect(c.twiml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    const d = await detail(c);
    expect(d).toMatchObject({ status: 'no-answer', qualified: false });
    expect(d.reasons).toContain('not_answered');
    expect(d.flow.attempts).toEqual([]);
    expect(stepKinds(d)).toEqual(['flow_started', 'gate', 'gate_no_input', 'gate', 'gate_failed']);
  });

  it('an out-of-hours target is skipped', async () => {
    const closed = await target('LA office', A, { priority: 10, schedule: { timezone: 'America/Los_Angeles', mon: ['09:00', '17:00'] } });
    const open = await target('NY office', B, { schedule: { timezone: 'America/New_York', mon: ['09:00', '17:00'] } });
    await flow({ targets: [closed, open] });
    const c = call();
    await c.voice();
    expect(c.dialled()).toBe(B);
    expect((await detail(c)).flow.steps[1]).toMatchObject({ kind: 'target_skipped', target: closed, reason: 'closed' });
  });

  it('a region-restricted target is skipped for a caller outside its regions', async () => {
    const texas = await target('Texas', A, { priority: 10, allowed_regions: ['TX'] });
    const anywhere = await target('Anywhere', B);
    await flow({ targets: [texas, anywhere] });
    const c = call(CALLER, { FromState: 'CA' });
    await c.voice();
    expect(c.dialled()).toBe(B);
    const texan = call('+15125550177', { FromState: 'TX' });
    await texan.voice();
    expect(texan.dialled()).toBe(A);
  });

  it('concurrency cap 1: of two simultaneous calls the second goes to the next target; the place comes back when the leg ends', async () => {
    const a = await target('A', A, { priority: 10, concurrency_cap: 1 });
    const b = await target('B', B);
    await flow({ targets: [a, b] });
    const [one, two] = [call('+14155550001'), call('+14155550002')];
    await Promise.all([one.voice(), two.voice()]);
    expect([one.dialled(), two.dialled()].sort()).toEqual([A, B]);
    const onA = one.dialled() === A ? one : two;
    await onA.dialEnded('completed', 120);
    const three = call('+14155550003');
    await three.voice();
    expect(three.dialled()).toBe(A);
  });

  it('a daily cap reached sends the next call to the next target', async () => {
    const a = await target('A', A, { priority: 10, daily_cap: 1, schedule: { timezone: 'America/New_York', mon: ['00:00', '24:00'] } });
    const b = await target('B', B);
    await flow({ targets: [a, b] });
    const first = call('+14155550001');
    await first.voice();
    expect(first.dialled()).toBe(A);
    await first.dialEnded('completed', 100);
    const second = call('+14155550002');
    await second.voice();
    expect(second.dialled()).toBe(B);
    expect((await detail(second)).flow.steps).toContainEqual(expect.objectContaining({ kind: 'target_capped', target: a }));
  });

  it('an unanswered leg does not use up a daily cap', async () => {
    const a = await target('A', A, { priority: 10, daily_cap: 1 });
    const b = await target('B', B);
    await flow({ targets: [a, b] });
    const first = call('+14155550001');
    await first.voice();
    await first.dialEnded('no-answer');
    const second = call('+14155550002');
    await second.voice();
    expect(second.dialled()).toBe(A);
  });

  it('first target no-answer, then failover to the next; each Dial has its own action', async () => {
    const a = await target('A', A, { priority: 10 });
    const b = await target('B', 'sip:desk@pbx.example');
    await flow({ targets: [a, b] });
    const c = call();
    await c.voice();
    expect(c.twiml).toContain('/v1/twilio/dial?attempt=1');
    await c.dialEnded('no-answer');
    expect(c.dialled()).toBe('sip:desk@pbx.example');
    expect(c.twiml).toContain('<Sip>sip:desk@pbx.example</Sip>');
    expect(c.twiml).toContain('/v1/twilio/dial?attempt=2');
    await c.dialEnded('completed', 61);
    const d = await detail(c);
    expect(d).toMatchObject({ status: 'completed', duration_s: 61 });
    expect(d.flow.target).toBe(b);
    expect(d.flow.attempts.map((x: { target: string; outcome: string }) => [x.target, x.outcome])).toEqual([
      [a, 'no-answer'],
      [b, 'completed'],
    ]);
  });

  it('every target capped: the overflow number is dialled, and its end settles the call', async () => {
    const a = await target('A', A, { concurrency_cap: 1 });
    await flow({ targets: [a] });
    const busy = call('+14155550001');
    await busy.voice();
    expect(busy.dialled()).toBe(A);
    const c = call('+14155550002');
    await c.voice();
    expect(c.dialled()).toBe(OVERFLOW);
    expect(c.twiml).toContain('/v1/twilio/dial?attempt=0');
    await c.dialEnded('completed', 70);
    expect(c.hungUp()).toBe(true);
    const d = await detail(c);
    expect(d).toMatchObject({ status: 'completed', duration_s: 70 });
    expect(stepKinds(d)).toEqual(['flow_started', 'target_capped', 'overflow', 'overflow_ended']);
  });

  it('every target failed and the overflow hangs up: the call is settled unanswered', async () => {
    const a = await target('A', A);
    await flow({ targets: [a], overflow: { kind: 'hangup', message: 'Sorry, nobody is free.' } });
    const c = call();
    await c.voice();
    await c.dialEnded('busy');
    expect(c.twiml).toContain('<Say>Sorry, nobody is free.</Say><Hangup/>');
    expect(await detail(c)).toMatchObject({ status: 'busy', qualified: false });
  });

  it('webhook retries at every step change nothing and get the same answer', async () => {
    const a = await target('A', A, { priority: 10 });
    const b = await target('B', B);
    await flow({ gate: { prompt: 'Press 1.' }, menu: { prompt: 'Press 1 or 2.', options: { '1': 'repair', '2': 'install' } }, targets: [a, b] });
    const c = call();
    const steps: (() => Promise<string>)[] = [() => c.voice(), () => c.press('1'), () => c.press('2'), () => c.dialEnded('no-answer'), () => c.dialEnded('completed', 80), () => c.hangUp(95)];
    for (const step of steps) {
      const answer = await step();
      const after = await tableCounts();
      expect(await c.retry()).toBe(answer);
      expect(await Promise.all([c.retry(), c.retry()])).toEqual([answer, answer]);
      expect(await tableCounts()).toEqual(after);
    }
    const d = await detail(c);
    expect(d).toMatchObject({ status: 'completed', duration_s: 80 });
    expect(d.flow).toMatchObject({ menu_answer: 'install', target: b });
    expect(d.flow.attempts).toHaveLength(2);
  });

  it('revenue by convert-on rule: a keypress in the flow, or a conversion posted later; nothing for a short call', async () => {
    const keypress = await target('Keypress', A, { priority: 10, concurrency_cap: 1, convert_on: 'keypress', convert_key: '2', revenue_cents: 3000 });
    const posted = await target('Posted', B, { convert_on: 'conversion', revenue_cents: 7000 });
    await flow({ menu: { prompt: 'Press 1 or 2.', options: { '1': 'repair', '2': 'install' } }, targets: [keypress, posted] });
    const first = call('+14155550001');
    await first.voice();
    await first.press('2');
    expect(first.dialled()).toBe(A);
    const second = call('+14155550002');
    await second.voice();
    await second.press('1');
    expect(second.dialled()).toBe(B);
    await first.dialEnded('completed', 10);
    await second.dialEnded('completed', 200);
    expect(await detail(first)).toMatchObject({ revenue_cents: 3000 });
    const d = await detail(second);
    expect(d.revenue_cents).toBe(0);
    const converted = await t.post(`/v1/calls/${d.id}/conversion`, { value_cents: 50000 });
    expect(converted.json.revenue_cents).toBe(7000);
  });

  it('the live view counts calls in progress and the day per target, against its caps', async () => {
    const a = await target('A', A, { concurrency_cap: 2, daily_cap: 5 });
    await flow({ targets: [a] });
    const [one, two] = [call('+14155550001'), call('+14155550002')];
    await one.voice();
    await two.voice();
    const live = (await t.get('/v1/targets/live')).json.targets[0];
    expect(live).toMatchObject({ id: a, live: 2, concurrency_cap: 2, day: 2, daily_cap: 5 });
    await one.dialEnded('completed', 90);
    await two.dialEnded('no-answer');
    expect((await t.get('/v1/targets/live')).json.targets[0]).toMatchObject({ live: 0, day: 1, hour: 1, month: 1 });
  });
});
