// Buyers, targets and flows through the admin API: shapes, defaults, validation and
// references that must stay inside the account.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accounts } from '../../collector/db/schema';
import { issueApiKey } from '../../collector/routes/api-keys';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const counts = async () => {
  const row = await t.db.get<Record<string, number>>(
    sql`select (select count(*) from buyers) b, (select count(*) from targets) t, (select count(*) from flows) f, (select count(*) from pools where flow_id is not null) p`,
  );
  return row;
};

async function buyerAndTarget(extra: Record<string, unknown> = {}) {
  const buyer = await t.post('/v1/buyers', { name: 'Rooter Co' });
  expect(buyer.status).toBe(201);
  const target = await t.post('/v1/targets', { buyer: buyer.json.id, name: 'Rooter Austin', destination: '(512) 555-0100', ...extra });
  expect(target.status, target.text).toBe(201);
  return { buyer: buyer.json, target: target.json };
}

describe('targets', () => {
  it('are created with documented defaults, destinations in E.164 or SIP', async () => {
    const { buyer, target } = await buyerAndTarget();
    expect(target).toMatchObject({
      buyer: buyer.id,
      destination: '+15125550100',
      schedule: null,
      allowed_regions: null,
      menu_answers: null,
      concurrency_cap: null,
      cap_unit: 'calls',
      hourly_cap: null,
      daily_cap: null,
      monthly_cap: null,
      priority: 0,
      weight: 1,
      convert_on: 'duration',
      convert_min_duration_s: 60,
      convert_key: null,
      revenue_cents: 0,
    });
    const sip = await t.post('/v1/targets', { buyer: buyer.id, name: 'Desk', destination: 'sip:desk@pbx.example' });
    expect(sip.json.destination).toBe('sip:desk@pbx.example');
    const list = await t.get('/v1/targets');
    expect(list.json.targets.map((x: { id: string }) => x.id)).toEqual([target.id, sip.json.id]);
  });

  it('refuse bad input with 400 and store nothing', async () => {
    const buyer = (await t.post('/v1/buyers', { name: 'B' })).json;
    const before = await counts();
    for (const bad of [
      { buyer: buyer.id, name: 'x', destination: 'not a number' },
      { buyer: buyer.id, name: 'x', destination: '+15125550100', allowed_regions: ['California'] },
      { buyer: buyer.id, name: 'x', destination: '+15125550100', schedule: { timezone: 'Mars/Base', mon: ['09:00', '17:00'] } },
      { buyer: buyer.id, name: 'x', destination: '+15125550100', convert_on: 'keypress' },
      { buyer: buyer.id, name: 'x', destination: '+15125550100', weight: 0 },
      { buyer: buyer.id, name: 'x', destination: '+15125550100', concurrency_cap: 0 },
      { buyer: buyer.id, name: 'x', destination: '+15125550100', surprise: true },
      { buyer: 'by_nope', name: 'x', destination: '+15125550100' },
    ]) {
      const res = await t.post('/v1/targets', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
    expect(await counts()).toEqual(before);
  });

  it('PATCH changes only the fields sent, and keeps the keypress rule whole', async () => {
    const { target } = await buyerAndTarget({ daily_cap: 10, priority: 3 });
    const res = await t.patch(`/v1/targets/${target.id}`, { concurrency_cap: 2, schedule: { timezone: 'America/Chicago', mon: ['08:00', '18:00'] } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ concurrency_cap: 2, daily_cap: 10, priority: 3, schedule: { timezone: 'America/Chicago', mon: ['08:00', '18:00'] } });
    expect((await t.patch(`/v1/targets/${target.id}`, { convert_on: 'keypress' })).status).toBe(400);
    expect((await t.patch(`/v1/targets/${target.id}`, { convert_on: 'keypress', convert_key: '9' })).json).toMatchObject({ convert_on: 'keypress', convert_key: '9' });
    expect((await t.patch('/v1/targets/tg_missing', { priority: 1 })).status).toBe(404);
  });
});

describe('flows', () => {
  it('are created with a gate, a menu and targets, and assigned to a pool and a site', async () => {
    const { target } = await buyerAndTarget();
    const res = await t.post('/v1/flows', {
      name: 'Plumbing',
      greeting: 'Thanks for calling.',
      gate: { prompt: 'Press 1 to talk to a plumber.' },
      menu: { prompt: 'Press 1 for repairs, 2 for installs.', options: { '1': 'repair', '2': 'install' } },
      targets: [target.id],
      overflow: { kind: 'number', number: '800-555-0199' },
      whisper: 'Call from Google Ads, emergency plumber',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      gate: { prompt: 'Press 1 to talk to a plumber.', digit: '1', timeout_s: 5, retries: 1, no_input: 'hangup' },
      menu: { options: { '1': 'repair', '2': 'install' }, timeout_s: 5, retries: 1 },
      targets: [target.id],
      ring_timeout_s: 20,
      sticky: false,
      overflow: { kind: 'number', number: '+18005550199' },
      record: false,
    });
    const { site, pool } = await siteWithPool(t);
    expect((await t.put(`/v1/pools/${pool.id}/flow`, { flow: res.json.id })).json).toEqual({ pool: pool.id, flow: res.json.id });
    expect((await t.put(`/v1/sites/${site.id}/flow`, { flow: res.json.id })).json).toEqual({ site: site.id, flow: res.json.id });
    expect((await t.put(`/v1/pools/${pool.id}/flow`, { flow: null })).json.flow).toBeNull();
    expect((await t.put(`/v1/pools/${pool.id}/flow`, { flow: 'fl_nope' })).status).toBe(400);
    const patched = await t.patch(`/v1/flows/${res.json.id}`, { gate: null, overflow: { kind: 'voicemail', prompt: 'Leave a message.' } });
    expect(patched.json).toMatchObject({ gate: null, greeting: 'Thanks for calling.', overflow: { kind: 'voicemail', prompt: 'Leave a message.' } });
  });

  it("never reference another account's targets or flows", async () => {
    await t.db.insert(accounts).values({ id: 'acc_2', name: 'Other', createdAt: 0 });
    const key2 = 'second_account_admin_key_0123456789';
    await issueApiKey(t.db, { accountId: 'acc_2', role: 'admin', key: key2 }, t.clock.now());
    const { buyer, target } = await buyerAndTarget();
    const before = await counts();
    expect((await t.post('/v1/flows', { name: 'Theft', targets: [target.id] }, { key: key2 })).status).toBe(400);
    expect((await t.post('/v1/targets', { buyer: buyer.id, name: 'x', destination: '+15125550100' }, { key: key2 })).status).toBe(400);
    expect((await t.patch(`/v1/targets/${target.id}`, { priority: 9 }, { key: key2 })).status).toBe(404);
    expect((await t.get('/v1/targets', key2)).json.targets).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('refuse malformed gates, menus and overflows', async () => {
    for (const bad of [
      { name: 'x', gate: { prompt: 'Press 1', digit: '12' } },
      { name: 'x', gate: { prompt: 'Press 1', timeout_s: 0 } },
      { name: 'x', menu: { prompt: 'Pick', options: {} } },
      { name: 'x', menu: { prompt: 'Pick', options: { a: 'x' } } },
      { name: 'x', overflow: { kind: 'number', number: 'nope' } },
      { name: 'x', overflow: { kind: 'queue' } },
      { name: 'x', ring_timeout_s: 1 },
    ]) {
      expect((await t.post('/v1/flows', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await counts())!.f).toBe(0);
  });
});
