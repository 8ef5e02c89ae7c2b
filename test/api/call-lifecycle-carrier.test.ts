// A call from a carrier other than Twilio: the carrier-neutral lifecycle services driven
// directly with a made-up provider, over the real app and database. No Twilio code runs,
// yet the call is stored, matched to its visitor, routed through a flow and judged.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../collector/bootstrap';
import { calls } from '../../collector/db/schema';
import type { CallerFacts } from '../../collector/domain/call-lifecycle';
import { updateCall } from '../../collector/services/call-lifecycle/call-update';
import { dialOutcome } from '../../collector/services/call-lifecycle/dial-outcome';
import { gatherAnswer } from '../../collector/services/call-lifecycle/gather-answer';
import { incomingCall } from '../../collector/services/call-lifecycle/incoming-call';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const PROVIDER = 'test';
const CALLER = '+14155550199';
const FORWARD_TO = '+18005550100';
const TARGET = '+15125550101';
const caller: CallerFacts = { from: CALLER, city: 'SAN FRANCISCO', state: 'CA', zip: '94107', country: 'US' };

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const acc = DEFAULT_ACCOUNT_ID;
const listed = async (providerId: string) => ((await t.get('/v1/calls')).json.calls as { provider_id: string }[]).find((c) => c.provider_id === providerId) as Record<string, unknown>;
const providerOf = async (providerId: string) => (await t.db.select({ provider: calls.provider }).from(calls).where(eq(calls.providerId, providerId)))[0]?.provider;

/** A site with a session pool, a qualifying rule, and a visit from Google that leased a number. */
async function visitedNumber() {
  const { site, pool } = await siteWithPool(t);
  expect((await t.put(`/v1/sites/${site.id}/rules`, { min_duration_s: 60, payout_cents: 2500, business_hours: null })).status).toBe(200);
  const visit = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/?utm_source=google&utm_medium=cpc' }, { key: null });
  expect(visit.status).toBe(200);
  return { site, pool, session: visit.json.session as string, number: visit.json.numbers[0].number as string };
}

it('a plain forward: stored at once with its visitor, forwarded, then settled and judged by its forwarded leg', async () => {
  const { session, number } = await visitedNumber();
  const key = { provider: PROVIDER, providerId: 'T-1' };
  const arrived = await incomingCall(t.db, acc, { ...key, to: number, caller, status: 'ringing' }, t.clock.now());
  expect(arrived.decisions).toEqual([{ kind: 'dial', destination: FORWARD_TO, timeoutS: null, whisper: null, record: false, attempt: null }]);
  expect(arrived.callerId).toBe(CALLER);
  expect(await providerOf('T-1')).toBe(PROVIDER);
  expect(await listed('T-1')).toMatchObject({ id: arrived.callId, status: 'ringing', caller_state: 'CA', judged_at: null, attribution: { confidence: 'exclusive', session, source: 'google' } });

  t.clock.advance(120_000);
  const ended = await updateCall(t.db, acc, { ...key, to: number, caller, forwardedLeg: { status: 'completed', durationS: 95 } }, t.clock.now());
  expect(ended.decisions).toEqual([{ kind: 'hangup' }]);
  expect(await listed('T-1')).toMatchObject({ status: 'completed', duration_s: 95, qualified: true, payout_cents: 2500, judged_at: expect.any(String) });

  // The first settled outcome is final: the caller's leg reported later changes nothing.
  await updateCall(t.db, acc, { ...key, to: number, caller, callerLeg: { status: 'completed', durationS: 130 } }, t.clock.now());
  expect(await listed('T-1')).toMatchObject({ status: 'completed', duration_s: 95, qualified: true });
});

it('an unknown number and a blocked caller end at once, stored and judged', async () => {
  const { site, number } = await visitedNumber();
  const unknown = await incomingCall(t.db, acc, { provider: PROVIDER, providerId: 'T-2', to: '+14155550999', caller, status: 'ringing' }, t.clock.now());
  expect(unknown.decisions.map((d) => d.kind)).toEqual(['say', 'hangup']);
  expect(await listed('T-2')).toMatchObject({ status: 'failed', site: null, attribution: { confidence: 'none' } });

  expect((await t.put(`/v1/sites/${site.id}/rules`, { blocked_callers: [CALLER] })).status).toBe(200);
  const blocked = await incomingCall(t.db, acc, { provider: PROVIDER, providerId: 'T-3', to: number, caller, status: 'ringing' }, t.clock.now());
  expect(blocked.decisions).toEqual([{ kind: 'reject' }]);
  expect(await listed('T-3')).toMatchObject({ status: 'busy', qualified: false, reasons: expect.arrayContaining(['blocked']), judged_at: expect.any(String) });
});

it('a flow: gate, target, leg answered; the call is routed, settled and judged with every step logged', async () => {
  const { pool, number } = await visitedNumber();
  const buyer = (await t.post('/v1/buyers', { name: 'Rooter' })).json.id;
  const target = (await t.post('/v1/targets', { buyer, name: 'A', destination: TARGET })).json.id;
  const flow = await t.post('/v1/flows', { name: 'Flow', gate: { prompt: 'Press 1.' }, targets: [target], overflow: { kind: 'hangup', message: null } });
  expect(flow.status, flow.text).toBe(201);
  expect((await t.put(`/v1/pools/${pool.id}/flow`, { flow: flow.json.id })).status).toBe(200);
  const key = { provider: PROVIDER, providerId: 'T-4' };

  const arrived = await incomingCall(t.db, acc, { ...key, to: number, caller, status: 'ringing' }, t.clock.now());
  expect(arrived.decisions).toEqual([{ kind: 'gather', prompt: 'Press 1.', timeoutS: 5, step: 'gate', try: 1 }]);
  const pressed = await gatherAnswer(t.db, acc, { ...key, step: 'gate', attempt: 1, digits: '1' }, t.clock.now());
  expect(pressed.decisions).toEqual([expect.objectContaining({ kind: 'dial', destination: TARGET, attempt: 1 })]);
  t.clock.advance(100_000);
  const over = await dialOutcome(t.db, acc, { ...key, attempt: 1, status: 'completed', durationS: 95 }, t.clock.now());
  expect(over.decisions).toEqual([{ kind: 'hangup' }]);

  const detail = (await t.get(`/v1/calls/${arrived.callId}`)).json;
  expect(detail).toMatchObject({ status: 'completed', duration_s: 95, qualified: true, attribution: { source: 'google' } });
  expect(detail.flow.steps.map((s: { kind: string }) => s.kind)).toEqual(['flow_started', 'gate', 'gate_passed', 'dial', 'dial_ended']);
  expect(await providerOf('T-4')).toBe(PROVIDER);
});

it('a flow request for a call the carrier never reported is a 404 that stores nothing', async () => {
  await expect(gatherAnswer(t.db, acc, { provider: PROVIDER, providerId: 'T-9', step: 'gate', attempt: 1, digits: '1' }, t.clock.now())).rejects.toMatchObject({
    code: 'not_found',
  });
  expect(await t.db.select().from(calls)).toEqual([]);
});
