import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const CALLER = '+14155550199';
const DAY = 86_400_000;

let t: TestApp;
let site: { id: string; public_key: string };
beforeEach(async () => {
  t = await createTestApp();
  ({ site } = await siteWithPool(t));
});
afterEach(() => t.close());

let ids = 0;
/** Posts a carrier call to the site's first tracking number; started now unless told. */
async function postCall(fields: Record<string, unknown> = {}) {
  const res = await t.post('/v1/calls', {
    id: `call-${++ids}`,
    to: '+14155550101',
    from: CALLER,
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: 95,
    status: 'completed',
    caller_state: 'CA',
    ...fields,
  });
  expect(res.status, res.text).toBeLessThan(300);
  return res.json;
}

const setRules = async (rules: Record<string, unknown>) => {
  const res = await t.put(`/v1/sites/${site.id}/rules`, rules);
  expect(res.status, res.text).toBe(200);
  return res.json;
};

describe('PUT and GET /v1/sites/:id/rules', () => {
  it('starts from the defaults: 60 s minimum, 30-day dedupe, always open, everywhere, no payout', async () => {
    const res = await t.get(`/v1/sites/${site.id}/rules`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      site: site.id,
      min_duration_s: 60,
      dedupe_days: 30,
      business_hours: null,
      allowed_regions: null,
      blocked_callers: [],
      payout_cents: 0,
      currency: 'USD',
      payout_on: 'qualified',
      payout_percent: null,
      updated_at: expect.any(String),
    });
  });

  it('stores every rule, normalised, and a later PUT changes only the fields it sends', async () => {
    const hours = { timezone: 'America/New_York', mon: ['09:00', '17:00'], sat: ['10:00', '14:00'], sun: null };
    const put = await setRules({
      min_duration_s: 90,
      dedupe_days: 7,
      business_hours: hours,
      allowed_regions: ['ca', 'NY', '212'],
      blocked_callers: ['(212) 555-0100', '+1 212 555 0101'],
      payout_cents: 2500,
      currency: 'usd',
    });
    expect(put).toMatchObject({
      min_duration_s: 90,
      dedupe_days: 7,
      business_hours: hours,
      allowed_regions: ['CA', 'NY', '212'],
      blocked_callers: ['+12125550100', '+12125550101'],
      payout_cents: 2500,
      currency: 'USD',
    });
    expect((await t.get(`/v1/sites/${site.id}/rules`)).json).toEqual(put);
    const partial = await setRules({ payout_cents: 4000, allowed_regions: null });
    expect(partial).toMatchObject({ min_duration_s: 90, business_hours: hours, allowed_regions: null, payout_cents: 4000 });
  });

  it.each([
    ['a misspelt day', { business_hours: { timezone: 'UTC', monday: ['09:00', '17:00'] } }],
    ['a time that is not HH:MM', { business_hours: { timezone: 'UTC', mon: ['9am', '5pm'] } }],
    ['equal opening and closing times', { business_hours: { timezone: 'UTC', mon: ['09:00', '09:00'] } }],
    ['an unknown time zone', { business_hours: { timezone: 'Mars/Olympus', mon: ['09:00', '17:00'] } }],
    ['hours without a time zone', { business_hours: { mon: ['09:00', '17:00'] } }],
    ['an empty region list', { allowed_regions: [] }],
    ['a region that is not a code', { allowed_regions: ['California'] }],
    ['a blocked caller that is not a number', { blocked_callers: ['nobody'] }],
    ['a negative payout', { payout_cents: -1 }],
    ['a fractional minimum', { min_duration_s: 1.5 }],
    ['a currency that is not a code', { currency: 'dollars' }],
    ['an unknown field', { min_duration: 60 }],
  ])('rejects %s with 400 and changes nothing', async (_, body) => {
    const before = (await t.get(`/v1/sites/${site.id}/rules`)).json;
    const res = await t.put(`/v1/sites/${site.id}/rules`, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect((await t.get(`/v1/sites/${site.id}/rules`)).json).toEqual(before);
  });

  it('answers 404 for a site that is not in the account, and lets only admins write', async () => {
    expect((await t.put('/v1/sites/st_nope/rules', { payout_cents: 1 })).status).toBe(404);
    expect((await t.get('/v1/sites/st_nope/rules')).status).toBe(404);
    const viewer = (await t.post('/v1/api-keys', { role: 'viewer' })).json.key;
    expect((await t.get(`/v1/sites/${site.id}/rules`, viewer)).status).toBe(200);
    expect((await t.put(`/v1/sites/${site.id}/rules`, { payout_cents: 1 }, { key: viewer })).status).toBe(403);
    expect((await t.get(`/v1/sites/${site.id}/rules`)).json.payout_cents).toBe(0);
  });
});

describe('qualification of a completed call', () => {
  it('qualifies a call that passes every rule and pays the site payout', async () => {
    await setRules({ payout_cents: 2500 });
    const call = await postCall({ duration_s: 95 });
    expect(call).toMatchObject({ qualified: true, reasons: [], duplicate: false, payout_cents: 2500, currency: 'USD', judged_at: expect.any(String) });
  });

  it('too_short: below the minimum duration; the minimum itself qualifies', async () => {
    await setRules({ min_duration_s: 60, payout_cents: 2500 });
    expect(await postCall({ duration_s: 59 })).toMatchObject({ qualified: false, reasons: ['too_short'], payout_cents: 0 });
    expect(await postCall({ duration_s: 60, from: '+14155550111' })).toMatchObject({ qualified: true, payout_cents: 2500 });
  });

  it('duplicate: the same caller within the dedupe window after a qualified call; only the first qualifies', async () => {
    await setRules({ dedupe_days: 30, payout_cents: 2500 });
    const first = await postCall();
    t.clock.advance(29 * DAY);
    const again = await postCall();
    const other = await postCall({ from: '+14155550111' });
    t.clock.advance(2 * DAY);
    const later = await postCall();
    expect(first).toMatchObject({ qualified: true, duplicate: false });
    expect(again).toMatchObject({ qualified: false, duplicate: true, reasons: ['duplicate'], payout_cents: 0 });
    expect(other).toMatchObject({ qualified: true, duplicate: false });
    // 31 days after the first paid call: a new window.
    expect(later).toMatchObject({ qualified: true, duplicate: false });
  });

  it('duplicate counts only paid calls: a caller whose first call was too short can still qualify', async () => {
    const short = await postCall({ duration_s: 10 });
    t.clock.advance(60_000);
    const callback = await postCall({ duration_s: 200 });
    expect(short.reasons).toEqual(['too_short']);
    expect(callback).toMatchObject({ qualified: true, duplicate: false });
  });

  it('duplicate follows call time, not the order the calls arrive in', async () => {
    await setRules({ dedupe_days: 30, payout_cents: 2500 });
    // A carrier posts the newer call first (a backfill, an import after live calls).
    const newer = await postCall({ id: 'ooo-newer', started_at: '2026-05-20T15:00:00Z' });
    expect(newer).toMatchObject({ qualified: true, duplicate: false });
    const older = await postCall({ id: 'ooo-older', started_at: '2026-05-19T15:00:00Z' });
    expect(older).toMatchObject({ qualified: true, duplicate: false, payout_cents: 2500 });
    expect((await t.get(`/v1/calls/${newer.id}`)).json).toMatchObject({ qualified: false, duplicate: true, reasons: ['duplicate'], payout_cents: 0 });
  });

  it('a corrected outcome of an earlier call hands the payout to the next call, through each window in turn', async () => {
    await setRules({ dedupe_days: 7, payout_cents: 2500 });
    const a = await postCall({ id: 'corr-a', duration_s: 100 });
    t.clock.advance(5 * DAY);
    const b = await postCall({ id: 'corr-b', duration_s: 300 });
    t.clock.advance(5 * DAY);
    // Ten days after A, outside its window; B was no paid call, so C qualifies.
    const c = await postCall({ id: 'corr-c', duration_s: 300 });
    expect([a.qualified, b.duplicate, c.qualified]).toEqual([true, true, true]);
    // The carrier corrects A: nobody answered. B is now the first paid call, and C its duplicate.
    const corrected = await postCall({ id: 'corr-a', started_at: a.started_at, duration_s: 0, status: 'no-answer' });
    expect(corrected).toMatchObject({ qualified: false, reasons: ['too_short', 'not_answered'] });
    const now = async (id: string) => (await t.get(`/v1/calls/${id}`)).json;
    expect(await now(b.id)).toMatchObject({ qualified: true, duplicate: false, payout_cents: 2500 });
    expect(await now(c.id)).toMatchObject({ qualified: false, duplicate: true, reasons: ['duplicate'], payout_cents: 0 });
  });

  it('duplicate is per site, and a dedupe window of 0 days turns it off', async () => {
    const other = await t.post('/v1/pools', { site: (await t.post('/v1/sites', { name: 'Two', domains: ['two.example'] })).json.id, name: 'P', replace: '+18005550122', forward_to: '+18005550122', numbers: ['+14155550131'] });
    expect(other.status).toBe(201);
    await postCall();
    expect(await postCall({ to: '+14155550131' })).toMatchObject({ qualified: true, duplicate: false });
    await setRules({ dedupe_days: 0 });
    expect(await postCall()).toMatchObject({ qualified: true, duplicate: false });
  });

  it('outside_hours: judged at the call’s start in the hours’ time zone', async () => {
    // Monday 1 June 2026; New York is on EDT (UTC-4).
    await setRules({ business_hours: { timezone: 'America/New_York', mon: ['09:00', '17:00'] } });
    const before = await postCall({ started_at: '2026-06-01T12:59:00Z', from: '+14155550111' });
    const opening = await postCall({ started_at: '2026-06-01T13:00:00Z', from: '+14155550112' });
    const closing = await postCall({ started_at: '2026-06-01T21:00:00Z', from: '+14155550113' });
    const sunday = await postCall({ started_at: '2026-05-31T15:00:00Z', from: '+14155550114' });
    expect(before.reasons).toEqual(['outside_hours']);
    expect(opening.qualified).toBe(true);
    expect(closing.reasons).toEqual(['outside_hours']);
    expect(sunday.reasons).toEqual(['outside_hours']);
  });

  it('region: from the carrier’s state, else the caller’s area code', async () => {
    await setRules({ allowed_regions: ['NY', '415'] });
    expect(await postCall({ from: '+13105550111', caller_state: 'CA' })).toMatchObject({ qualified: false, reasons: ['region'] });
    expect(await postCall({ from: '+13105550112', caller_state: 'NY' })).toMatchObject({ qualified: true });
    // No state from the carrier: 212 is New York, 310 is California, 415 is listed itself.
    expect(await postCall({ from: '+12125550113', caller_state: null })).toMatchObject({ qualified: true });
    expect(await postCall({ from: '+13105550114', caller_state: null })).toMatchObject({ reasons: ['region'] });
    expect(await postCall({ from: '+14155550115', caller_state: null })).toMatchObject({ qualified: true });
    // A withheld caller with no state cannot be placed in a region.
    expect(await postCall({ from: null, caller_state: null })).toMatchObject({ reasons: ['region'] });
  });

  it('blocked: a caller on the blocked list', async () => {
    await setRules({ blocked_callers: [CALLER] });
    expect(await postCall()).toMatchObject({ qualified: false, reasons: ['blocked'] });
    expect(await postCall({ from: '+14155550111' })).toMatchObject({ qualified: true });
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'])('not_answered: status %s', async (status) => {
    const call = await postCall({ status, duration_s: 0 });
    expect(call).toMatchObject({ status, qualified: false, reasons: ['too_short', 'not_answered'] });
  });

  it('lists every reason a call fails', async () => {
    await setRules({ payout_cents: 2500 });
    await postCall(); // paid, so the same caller's next call is a duplicate
    t.clock.advance(DAY); // Tuesday
    await setRules({ business_hours: { timezone: 'America/New_York', mon: ['09:00', '17:00'] }, allowed_regions: ['NY'], blocked_callers: [CALLER] });
    const call = await postCall({ status: 'no-answer', duration_s: 0 });
    expect(call.reasons).toEqual(['too_short', 'duplicate', 'outside_hours', 'region', 'blocked', 'not_answered']);
    expect(call).toMatchObject({ qualified: false, duplicate: true, payout_cents: 0 });
  });
});

describe('rules and time', () => {
  it('a rule change applies to later calls; calls already judged keep their judgement', async () => {
    await setRules({ min_duration_s: 60, payout_cents: 2500 });
    const before = await postCall({ duration_s: 70 });
    await setRules({ min_duration_s: 120, payout_cents: 5000 });
    const after = await postCall({ duration_s: 70, from: '+14155550111' });
    expect((await t.get(`/v1/calls/${before.id}`)).json).toMatchObject({ qualified: true, payout_cents: 2500, judged_at: before.judged_at });
    expect(after).toMatchObject({ qualified: false, reasons: ['too_short'], payout_cents: 0 });
    // A carrier retrying the same report changes nothing either.
    const retry = await t.post('/v1/calls', { id: before.provider_id, to: '+14155550101', from: CALLER, started_at: before.started_at, duration_s: 70, status: 'completed', caller_state: 'CA' });
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ id: before.id, qualified: true, payout_cents: 2500, judged_at: before.judged_at });
  });

  it('a corrected report of the same call is judged again', async () => {
    await setRules({ payout_cents: 2500 });
    const first = await postCall({ id: 'corrected', duration_s: 30 });
    expect(first.qualified).toBe(false);
    const fixed = await t.post('/v1/calls', { id: 'corrected', to: '+14155550101', from: CALLER, started_at: first.started_at, duration_s: 300, status: 'completed' });
    expect(fixed.status).toBe(200);
    expect(fixed.json).toMatchObject({ id: first.id, duration_s: 300, qualified: true, payout_cents: 2500 });
  });
});

describe('payout', () => {
  it('pays the publisher’s own payout instead of the site’s when it has one', async () => {
    await setRules({ payout_cents: 2500 });
    const pub = await t.post('/v1/publishers', { name: 'Acme leads', code: 'acme' });
    expect(pub.status).toBe(201);
    expect((await t.patch(`/v1/publishers/${pub.json.id}`, { payout_cents: 4000 })).status).toBe(200);
    const visit = await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/?utm_source=acme&utm_medium=affiliate' }, { key: null });
    const call = await postCall({ to: visit.json.numbers[0].number });
    expect(call.attribution.publisher).toBe('acme');
    expect(call).toMatchObject({ qualified: true, payout_cents: 4000 });
    // Calls from nobody's traffic keep the site's payout.
    expect(await postCall({ to: '+14155550103', from: '+14155550111' })).toMatchObject({ payout_cents: 2500 });
  });

  it("credits a call to a publisher's own static number to that publisher, with no web visit at all", async () => {
    await setRules({ payout_cents: 2500 });
    const pub = await t.post('/v1/publishers', { name: 'Bolt media', code: 'bolt', payout_cents: 4000 });
    expect(pub.status, pub.text).toBe(201);
    const pool = await t.post('/v1/pools', {
      site: site.id,
      name: 'Bolt radio',
      kind: 'source',
      replace: '+18005550100',
      forward_to: '+18005550100',
      match: { source: 'Radio', medium: 'offline', publisher: 'BOLT' },
      numbers: ['+14155550177'],
    });
    expect(pool.status, pool.text).toBe(201);
    const call = await postCall({ to: '+14155550177', from: '+14155550122' });
    expect(call.attribution).toMatchObject({ confidence: 'source', source: 'radio', medium: 'offline', campaign: null, publisher: 'bolt', session: null });
    expect(call).toMatchObject({ qualified: true, payout_cents: 4000 });
    const key = await t.post('/v1/api-keys', { name: 'Bolt', role: 'publisher', publisher: pub.json.id });
    expect(key.status, key.text).toBe(201);
    const seen = await t.get('/v1/calls', key.json.key);
    expect(seen.json.calls.map((c: { id: string }) => c.id)).toEqual([call.id]);
  });
});
