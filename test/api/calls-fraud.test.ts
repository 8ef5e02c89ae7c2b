import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

const CALLER = '+14155550199';
const MINUTE = 60_000;
const DAY = 86_400_000;

let t: TestApp;
let site: { id: string; public_key: string };
beforeEach(async () => {
  t = await createTestApp();
  ({ site } = await siteWithPool(t));
});
afterEach(() => t.close());

let ids = 0;
async function postCall(fields: Record<string, unknown> = {}) {
  const res = await t.post('/v1/calls', {
    id: `fraud-${++ids}`,
    to: '+14155550101',
    from: CALLER,
    started_at: new Date(t.clock.now()).toISOString(),
    duration_s: 200,
    status: 'completed',
    ...fields,
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

/** A call from a visitor who was shown the number, so it has a lease and a source. */
async function visitAndCall(url: string, fields: Record<string, unknown> = {}) {
  const visit = await t.post('/v1/sessions', { site: site.public_key, url }, { key: null });
  return postCall({ to: visit.json.numbers[0].number, ...fields });
}

describe('fraud signals on a call', () => {
  it('repeat_caller: the third call from one caller within a week', async () => {
    const signals = [];
    for (let i = 0; i < 3; i++) {
      signals.push((await postCall()).fraud_signals);
      t.clock.advance(2 * DAY);
    }
    expect(signals[0]).not.toContain('repeat_caller');
    expect(signals[1]).not.toContain('repeat_caller');
    expect(signals[2]).toContain('repeat_caller');
    // Eight days after the second call only one call is left in the week.
    t.clock.advance(6 * DAY);
    expect((await postCall()).fraud_signals).not.toContain('repeat_caller');
  });

  it('burst: three calls from one caller within 15 minutes', async () => {
    const first = await postCall();
    t.clock.advance(5 * MINUTE);
    const second = await postCall();
    t.clock.advance(5 * MINUTE);
    const third = await postCall();
    expect(first.fraud_signals).not.toContain('burst');
    expect(second.fraud_signals).not.toContain('burst');
    expect(third.fraud_signals).toContain('burst');
    t.clock.advance(20 * MINUTE);
    expect((await postCall()).fraud_signals).not.toContain('burst');
  });

  it('just_over_minimum: answered calls ending just past the minimum duration', async () => {
    // Minimum 60 s: the margin is 10 % of it, so 60–65 s is "just over".
    await t.put(`/v1/sites/${site.id}/rules`, { min_duration_s: 60 });
    const at = (d: number) => postCall({ duration_s: d, from: `+1415555${String(1000 + d)}` });
    expect((await at(59)).fraud_signals).not.toContain('just_over_minimum');
    expect((await at(60)).fraud_signals).toContain('just_over_minimum');
    expect((await at(65)).fraud_signals).toContain('just_over_minimum');
    expect((await at(66)).fraud_signals).not.toContain('just_over_minimum');
  });

  it('no_lease: a call to a session-level number nobody was shown', async () => {
    expect((await postCall()).fraud_signals).toEqual(['no_lease']);
    const leased = await visitAndCall('https://shop.example/?utm_source=google', { from: '+14155550111' });
    expect(leased.attribution.confidence).toBe('exclusive');
    expect(leased.fraud_signals).toEqual([]);
  });

  it('withheld_caller: a call without the caller’s number', async () => {
    expect((await postCall({ from: null, to: '+14155550102' })).fraud_signals).toContain('withheld_caller');
    expect((await postCall({ from: 'anonymous', to: '+14155550102' })).fraud_signals).toContain('withheld_caller');
  });

  it('signals inform but never disqualify', async () => {
    const call = await postCall({ from: null });
    expect(call.fraud_signals).toEqual(['no_lease', 'withheld_caller']);
    expect(call.qualified).toBe(true);
  });
});

describe('GET /v1/calls/fraud and the fraud_signal filter', () => {
  it('counts calls and signals per source and publisher, and lists the flagged calls', async () => {
    const pub = (await t.post('/v1/publishers', { name: 'Acme', code: 'acme' })).json;
    await visitAndCall('https://shop.example/?utm_source=acme&utm_medium=affiliate', { from: null });
    await visitAndCall('https://shop.example/?utm_source=acme&utm_medium=affiliate', { from: '+14155550111' });
    await visitAndCall('https://shop.example/?utm_source=google&utm_medium=cpc', { from: '+14155550112' });
    const res = await t.get('/v1/calls/fraud?group_by=source,publisher');
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.json.rows.map((r: { source: string; publisher: string | null }) => [`${r.source}/${r.publisher}`, r]));
    expect(byKey['acme/acme']).toEqual({
      source: 'acme',
      publisher: 'acme',
      calls: 2,
      flagged_calls: 1,
      signals: { repeat_caller: 0, burst: 0, just_over_minimum: 0, no_lease: 0, withheld_caller: 1 },
    });
    expect(byKey['google/null']).toMatchObject({ calls: 1, flagged_calls: 0 });

    const bySource = await t.get('/v1/calls/fraud?group_by=source');
    expect(bySource.json.rows.map((r: object) => Object.keys(r).sort())).toContainEqual(['calls', 'flagged_calls', 'signals', 'source']);

    const flagged = await t.get('/v1/calls?fraud_signal=withheld_caller');
    expect(flagged.json.calls).toHaveLength(1);
    expect(flagged.json.calls[0].attribution.publisher).toBe('acme');

    // A publisher sees only its own traffic.
    const key = (await t.post('/v1/api-keys', { role: 'publisher', publisher: pub.id })).json.key;
    const own = await t.get('/v1/calls/fraud?group_by=source', key);
    expect(own.json.rows).toEqual([expect.objectContaining({ source: 'acme', calls: 2 })]);
  });

  it('rejects an unknown grouping or signal with 400', async () => {
    expect((await t.get('/v1/calls/fraud?group_by=caller')).status).toBe(400);
    expect((await t.get('/v1/calls?fraud_signal=spooky')).status).toBe(400);
  });
});
