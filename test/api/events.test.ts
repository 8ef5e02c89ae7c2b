// Events out, end to end in process: the real app and database, a real HTTP receiver
// on 127.0.0.1, the deliverer run by the kick after each request (t.settle()) and by
// deliverDue as the scheduled job runs it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq, isNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, destinations, outboxEvents } from '../../collector/db/schema';
import { deliverDue } from '../../collector/services/events/deliver';
import { fanOut } from '../../collector/services/events/fan-out';
import { recordCall } from '../../collector/services/record-call';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { startReceiver } from '../helpers/receiver';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let site: { id: string; public_key: string };

beforeEach(async () => {
  t = await createTestApp();
  receiver = await startReceiver();
  site = (await siteWithPool(t)).site;
});
afterEach(async () => {
  await receiver.close();
  t.close();
});

const HOUR = 3_600_000;
let calls = 0;
async function postCall(fields: Record<string, unknown> = {}) {
  const res = await t.post('/v1/calls', {
    id: `ev-${++calls}`,
    to: '+14155550101',
    from: '+14155550199',
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: 120,
    status: 'completed',
    caller_state: 'CA',
    ...fields,
  });
  expect(res.status, res.text).toBeLessThan(300);
  await t.settle();
  return res.json;
}

async function webhook(events: string[], path = '/hook') {
  const res = await t.post('/v1/webhooks', { url: `${receiver.url}${path}`, events });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; secret: string };
}

/** The recipe docs/integrations.md gives for Node, written out independently of the collector. */
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  return expected.length === parts.v1!.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1!));
}

const log = async (id: string) => (await t.get(`/v1/webhooks/${id}/deliveries`)).json.deliveries as any[];

/** Runs the deliverer as the scheduled job does, `ms` later. */
async function retryAfter(ms: number) {
  t.clock.advance(ms);
  return deliverDue(t.db, t.clock.now);
}

describe('webhooks', () => {
  it('a completed call sends a signed event whose signature verifies with the documented recipe', async () => {
    const hook = await webhook(['call.completed']);
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const call = await postCall();
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ type: 'call.completed', data: { call: { id: call.id, status: 'completed', duration_s: 120 } } });
    expect(req.headers['dni-event-id']).toBe(body.id);
    const header = String(req.headers['dni-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(header.startsWith(`t=${Math.floor(t.clock.now() / 1000)},`)).toBe(true);
    expect(verify(hook.secret, header, req.body)).toBe(true);
    expect(verify(hook.secret, header, req.body.replace('"completed"', '"canceled"'))).toBe(false);
    expect(verify(`${hook.secret}0`, header, req.body)).toBe(false);
    // The secret is shown once: the list never carries it.
    expect(JSON.stringify((await t.get('/v1/webhooks')).json)).not.toContain(hook.secret);
  });

  it('a receiver answering 500 three times then 200 gets one success, and the log shows four attempts', async () => {
    const hook = await webhook(['call.completed']);
    receiver.answer(500, 500, 500);
    await postCall();
    expect(receiver.requests).toHaveLength(1);
    expect((await log(hook.id))[0]).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
    // Not due yet: the backoff holds the retry.
    expect(await deliverDue(t.db, t.clock.now)).toEqual({ sent: 0, retrying: 0, failed: 0, refused: 0 });
    expect(await retryAfter(HOUR)).toEqual({ sent: 0, retrying: 1, failed: 0, refused: 0 });
    expect(await retryAfter(HOUR)).toEqual({ sent: 0, retrying: 1, failed: 0, refused: 0 });
    expect(await retryAfter(HOUR)).toEqual({ sent: 1, retrying: 0, failed: 0, refused: 0 });
    expect(await retryAfter(HOUR)).toEqual({ sent: 0, retrying: 0, failed: 0, refused: 0 });
    const [delivery] = await log(hook.id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 4, last_status_code: 200, last_response: 'ok', next_attempt_at: null });
    expect(delivery.log.map((a: any) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    expect(delivery.log[0].response).toBe('failing with 500');
    expect(delivery.log.every((a: any) => typeof a.latency_ms === 'number')).toBe(true);
    // Four requests, one event: the same id each time, for the receiver to dedupe on.
    expect(receiver.requests).toHaveLength(4);
    expect(new Set(receiver.requests.map((r) => r.headers['dni-event-id'])).size).toBe(1);
  });

  it('gives up after 72 hours and marks the delivery failed', async () => {
    const hook = await webhook(['call.completed']);
    receiver.answer(...Array(100).fill(503));
    await postCall();
    let run = { sent: 0, retrying: 1, failed: 0, refused: 0 };
    for (let i = 0; i < 100 && run.failed === 0; i++) run = await retryAfter(6 * HOUR);
    expect(run.failed).toBe(1);
    const [delivery] = await log(hook.id);
    expect(delivery.status).toBe('failed');
    // Every 6 h for 72 h, plus the first: never past the deadline.
    expect(delivery.attempts).toBe(13);
  });

  it('sends the events of one call in order: the next waits until the earlier one is through', async () => {
    const hook = await webhook(['call.completed', 'call.qualified']);
    receiver.answer(500);
    await postCall();
    expect(receiver.requests.map((r) => JSON.parse(r.body).type)).toEqual(['call.completed']);
    const pending = await log(hook.id);
    expect(pending.map((d) => [d.type, d.attempts])).toEqual(
      expect.arrayContaining([
        ['call.completed', 1],
        ['call.qualified', 0],
      ]),
    );
    await retryAfter(HOUR);
    expect(receiver.requests.map((r) => JSON.parse(r.body).type)).toEqual(['call.completed', 'call.completed', 'call.qualified']);
  });

  it('a call re-judged sends the reversal: disqualified, and the payout back to zero', async () => {
    expect((await t.put(`/v1/sites/${site.id}/rules`, { payout_cents: 2500 })).status).toBe(200);
    await webhook(['call.qualified', 'call.disqualified', 'payout.changed']);
    await postCall({ id: 'rejudge' });
    // The carrier re-posts a corrected duration: too short to bill.
    await postCall({ id: 'rejudge', duration_s: 20 });
    const sent = receiver.requests.map((r) => JSON.parse(r.body));
    expect(sent.map((e) => e.type)).toEqual(['call.qualified', 'payout.changed', 'call.disqualified', 'payout.changed']);
    expect(sent[0].data).toMatchObject({ reversal: false, call: { qualified: true, payout_cents: 2500 } });
    expect(sent[1].data).toMatchObject({ payout_cents: 2500, previous_payout_cents: 0, currency: 'USD' });
    expect(sent[2].data).toMatchObject({ reversal: true, previous_qualified: true, call: { qualified: false, reasons: ['too_short'], payout_cents: 0 } });
    expect(sent[3].data).toMatchObject({ payout_cents: 0, previous_payout_cents: 2500 });
  });

  it('a ringing call then its end: call.ringing, then call.completed, each once', async () => {
    await webhook(['call.ringing', 'call.completed']);
    await postCall({ id: 'ring', status: 'completed' });
    // A retry of the same report changes nothing and sends nothing.
    await postCall({ id: 'ring', status: 'completed' });
    expect(receiver.requests.map((r) => JSON.parse(r.body).type)).toEqual(['call.completed']);
  });

  it('two runners at once never send the same attempt', async () => {
    await webhook(['call.completed']);
    receiver.answer(500);
    await postCall();
    t.clock.advance(HOUR);
    const runs = await Promise.all([deliverDue(t.db, t.clock.now), deliverDue(t.db, t.clock.now), deliverDue(t.db, t.clock.now)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(receiver.requests).toHaveLength(2);
  });

  it('"send test event" and "send again" reach the endpoint, signed, with the same event id again', async () => {
    const hook = await webhook(['call.completed']);
    const test = await t.post(`/v1/webhooks/${hook.id}/test`);
    expect(test.status).toBe(202);
    await t.settle();
    expect(receiver.requests).toHaveLength(1);
    const first = receiver.requests[0]!;
    expect(JSON.parse(first.body)).toMatchObject({ id: test.json.event, type: 'test' });
    expect(verify(hook.secret, String(first.headers['dni-signature']), first.body)).toBe(true);
    const again = await t.post(`/v1/webhooks/${hook.id}/deliveries/${test.json.delivery}/retry`);
    expect(again.status).toBe(202);
    await t.settle();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.headers['dni-event-id']).toBe(test.json.event);
    expect((await log(hook.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await t.post(`/v1/webhooks/${hook.id}/deliveries/dlv_nope/retry`)).status).toBe(404);
  });

  it('an archived endpoint gets nothing more, and its pending deliveries are given up', async () => {
    const hook = await webhook(['call.completed']);
    receiver.answer(500);
    await postCall();
    expect((await t.request('DELETE', `/v1/webhooks/${hook.id}`)).status).toBe(204);
    expect((await t.get('/v1/webhooks')).json.webhooks).toEqual([]);
    await postCall();
    expect(await retryAfter(HOUR)).toEqual({ sent: 0, retrying: 0, failed: 0, refused: 0 });
    expect(receiver.requests).toHaveLength(1);
    const rows = await t.db.select().from(deliveries);
    expect(rows.map((r) => r.status)).toEqual(['failed']);
  });

  it('refuses bad endpoints with 400 and stores nothing', async () => {
    for (const body of [
      { url: 'http://example.com/hook', events: ['call.completed'] },
      { url: 'ftp://127.0.0.1/hook', events: ['call.completed'] },
      { url: 'https://user:pw@example.com/hook', events: ['call.completed'] },
      { url: 'not a url', events: ['call.completed'] },
      { url: 'https://example.com/hook', events: [] },
      { url: 'https://example.com/hook', events: ['call.exploded'] },
      { url: 'https://example.com/hook', events: ['test'] },
    ]) {
      const res = await t.post('/v1/webhooks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
    expect((await t.get('/v1/webhooks')).json.webhooks).toEqual([]);
    expect((await t.post('/v1/webhooks', { url: 'https://crm.example/hook', events: ['call.completed'] })).status).toBe(201);
  });

  it('writes no event that no endpoint subscribes to, and writes them from the moment one does', async () => {
    await webhook(['call.converted']);
    const unheard = await postCall();
    expect(await t.db.select().from(outboxEvents).where(eq(outboxEvents.callId, unheard.id))).toEqual([]);
    expect(await t.db.select().from(deliveries)).toEqual([]);

    const hook = await webhook(['call.qualified']);
    const heard = await postCall();
    const events = await t.db.select().from(outboxEvents).where(eq(outboxEvents.callId, heard.id));
    expect(events.map((e) => e.type)).toEqual(['call.qualified']);
    expect((await t.db.select().from(deliveries)).map((d) => [d.destinationId, d.eventId])).toEqual([[hook.id, events[0]!.id]]);

    // Archived, it stops the writing at once.
    expect((await t.request('DELETE', `/v1/webhooks/${hook.id}`)).status).toBe(204);
    const after = await postCall();
    expect(await t.db.select().from(outboxEvents).where(eq(outboxEvents.callId, after.id))).toEqual([]);
  });
  it('fans an event out once: not to an endpoint made after it, and never twice, however many runners race', async () => {
    const early = await webhook(['call.completed']);
    const call = await postCall();
    t.clock.advance(1000);
    await webhook(['call.completed'], '/late');
    // As if no runner had fanned it out yet: three now do, at once.
    await t.db.update(outboxEvents).set({ fannedOutAt: null }).where(eq(outboxEvents.callId, call.id));
    const runs = await Promise.all([fanOut(t.db, t.clock.now()), fanOut(t.db, t.clock.now()), fanOut(t.db, t.clock.now())]);
    expect(runs.reduce((n, r) => n + r, 0)).toBeGreaterThan(0);
    const rows = await t.db.select().from(deliveries).where(eq(deliveries.callId, call.id));
    expect(rows.map((r) => r.destinationId)).toEqual([early.id]);
    expect((await t.db.select().from(outboxEvents).where(isNull(outboxEvents.fannedOutAt)))).toEqual([]);
  });

  it('the call path writes the events only; the deliverer makes their deliveries before it sends', async () => {
    const hook = await webhook(['call.completed', 'call.qualified']);
    const [made] = await t.db.select({ accountId: destinations.accountId }).from(destinations).where(eq(destinations.id, hook.id));
    const report = { accountId: made!.accountId, provider: 'api', providerId: 'unfanned', to: '+14155550101', from: '+14155550199', startedAt: t.clock.now(), durationS: 120, status: 'completed' } as const;
    const { call } = await recordCall(t.db, report, t.clock.now());
    const events = await t.db.select().from(outboxEvents).where(eq(outboxEvents.callId, call.id));
    expect(events.map((e) => [e.type, e.fannedOutAt])).toEqual([['call.completed', null], ['call.qualified', null]]);
    expect(await t.db.select().from(deliveries)).toEqual([]);
    expect(await deliverDue(t.db, t.clock.now)).toMatchObject({ sent: 2 });
    expect((await t.db.select().from(deliveries)).map((d) => [d.destinationId, d.eventSeq, d.status])).toEqual(events.map((e) => [hook.id, e.seq, 'sent']));
    expect(receiver.requests.map((r) => JSON.parse(r.body).type)).toEqual(['call.completed', 'call.qualified']);
  });
});

describe('publisher postbacks', () => {
  async function publisherVisit(url: string) {
    const visit = await t.post('/v1/sessions', { site: site.public_key, url }, { key: null });
    expect(visit.status, visit.text).toBe(200);
    return visit.json.numbers[0].number as string;
  }

  it('fills the macros, URL-encoded, and never sends the caller’s number', async () => {
    const pub = (await t.post('/v1/publishers', { name: 'Acme', code: 'acme', payout_cents: 1250 })).json;
    const template = `${receiver.url}/pb?cid={click_id}&s1={sub1}&s2={SUB2}&payout={payout}&cur={currency}&dur={duration}&state={caller_state}&st={status}&call={call_id}&ev={event}`;
    const res = await t.post('/v1/postbacks', { url: template, events: ['call.qualified'], publisher: pub.id });
    expect(res.status, res.text).toBe(201);
    const to = await publisherVisit('https://shop.example/?pub=acme&clickid=abc%20123%26x&sub1=a/b&sub2=%C3%A9t%C3%A9');
    const call = await postCall({ to, caller_state: 'NY', duration_s: 95 });
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.url).toContain('cid=abc%20123%26x');
    expect(req.url).toContain('s1=a%2Fb');
    const q = new URL(req.url, receiver.url).searchParams;
    expect(Object.fromEntries(q)).toEqual({
      cid: 'abc 123&x',
      s1: 'a/b',
      s2: 'été',
      payout: '12.50',
      cur: 'USD',
      dur: '95',
      state: 'NY',
      st: 'qualified',
      call: call.id,
      ev: 'call.qualified',
    });
    expect(req.url).not.toContain('4155550199');
  });

  it("a publisher's own template wins over the account default; other calls get the default", async () => {
    const acme = (await t.post('/v1/publishers', { name: 'Acme', code: 'acme' })).json;
    await t.post('/v1/postbacks', { url: `${receiver.url}/acme?c={call_id}`, events: ['call.completed'], publisher: acme.id });
    await t.post('/v1/postbacks', { url: `${receiver.url}/default?c={call_id}&id={click_id}`, events: ['call.completed'] });
    const acmeCall = await postCall({ to: await publisherVisit('https://shop.example/?pub=acme') });
    const otherCall = await postCall({ to: await publisherVisit('https://shop.example/?gclid=Cj0KCQ') });
    expect(receiver.requests.map((r) => r.url)).toEqual([`/acme?c=${acmeCall.id}`, `/default?c=${otherCall.id}&id=Cj0KCQ`]);
  });

  it('refuses an unknown macro or a non-https URL with 400', async () => {
    expect((await t.post('/v1/postbacks', { url: 'https://t.example/pb?x={caller}', events: ['call.qualified'] })).status).toBe(400);
    expect((await t.post('/v1/postbacks', { url: 'http://t.example/pb?x={call_id}', events: ['call.qualified'] })).status).toBe(400);
    expect((await t.post('/v1/postbacks', { url: 'https://t.example/pb', events: ['call.qualified'], publisher: 'pub_nope' })).status).toBe(400);
    expect((await t.get('/v1/postbacks')).json.postbacks).toEqual([]);
  });
});

describe('POST /v1/conversions', () => {
  it('matches by call id and sends call.converted, and a restated value sends it again', async () => {
    await webhook(['call.converted']);
    const call = await postCall();
    const res = await t.post('/v1/conversions', { call_id: call.id, value_cents: 40_000 });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ matched_by: 'call_id', call: { id: call.id, conversion: { value_cents: 40_000, currency: 'USD' } } });
    await t.settle();
    await t.post('/v1/conversions', { call_id: call.id, value_cents: 45_500 });
    await t.settle();
    const sent = receiver.requests.map((r) => JSON.parse(r.body).data);
    expect(sent).toMatchObject([
      { value_cents: 40_000, previous_value_cents: null, currency: 'USD' },
      { value_cents: 45_500, previous_value_cents: 40_000 },
    ]);
  });

  it("matches by the caller's number within the window, latest call first", async () => {
    await postCall({ from: '+1 (415) 555-0177' });
    t.clock.advance(2 * HOUR);
    const latest = await postCall({ from: '+14155550177' });
    t.clock.advance(24 * HOUR);
    const res = await t.post('/v1/conversions', { caller: '(415) 555-0177', value_cents: 9_900, window_hours: 48 });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ matched_by: 'caller', call: { id: latest.id } });
    const none = await t.post('/v1/conversions', { caller: '+14155550177', value_cents: 9_900, window_hours: 1 });
    expect(none.status).toBe(404);
  });

  it('an integration key may report conversions and nothing else', async () => {
    const call = await postCall();
    const key = (await t.post('/v1/api-keys', { role: 'integration', name: 'CRM' })).json.key;
    expect((await t.post('/v1/conversions', { call_id: call.id, value_cents: 100 }, { key })).status).toBe(200);
    for (const path of ['/v1/calls', `/v1/calls/${call.id}`, '/v1/webhooks', '/v1/reports/summary', '/v1/me']) {
      expect((await t.get(path, key)).status, path).toBe(403);
    }
    expect((await t.post(`/v1/calls/${call.id}/conversion`, { value_cents: 1 }, { key })).status).toBe(403);
    const viewer = (await t.post('/v1/api-keys', { role: 'viewer' })).json.key;
    expect((await t.post('/v1/conversions', { call_id: call.id, value_cents: 100 }, { key: viewer })).status).toBe(403);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const call = await postCall();
    for (const body of [
      { value_cents: 100 },
      { call_id: call.id, caller: '+14155550199', value_cents: 100 },
      { call_id: call.id, value_cents: -1 },
      { call_id: call.id, value_cents: 1.5 },
      { caller: 'pizza', value_cents: 100 },
      { call_id: call.id, value_cents: 100, window_hours: 0 },
      { call_id: call.id, value_cents: 100, extra: 1 },
    ]) {
      const res = await t.post('/v1/conversions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await t.post('/v1/conversions', { call_id: 'call_nope', value_cents: 100 })).status).toBe(404);
    expect((await t.get(`/v1/calls/${call.id}`)).json.conversion).toBeNull();
  });
});
