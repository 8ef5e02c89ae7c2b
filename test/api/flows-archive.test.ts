// Archiving buyers and targets (the dashboard's Archive buttons): out of the lists and the
// live view, never offered a call again, refused changes; calls they took stay.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { SimulatedCall } from '../helpers/call-simulator';
import { TWILIO_TOKEN } from '../helpers/twilio';

const A = '+15125550101';
const B = '+15125550102';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ twilioAuthToken: TWILIO_TOKEN });
});
afterEach(() => t.close());

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const archivedCounts = () =>
  t.db.get<Record<string, number>>(sql`select (select count(*) from buyers where archived_at is not null) b, (select count(*) from targets where archived_at is not null) t`);

async function buyerWithTargets() {
  const buyer = (await t.post('/v1/buyers', { name: 'Rooter Co' })).json;
  const a = (await t.post('/v1/targets', { buyer: buyer.id, name: 'Austin', destination: A, concurrency_cap: 2 })).json;
  const b = (await t.post('/v1/targets', { buyer: buyer.id, name: 'Dallas', destination: B })).json;
  return { buyer, a, b };
}

describe('archiving a target', () => {
  it('takes it out of the lists and the live view, keeps it under ?archived=1, and refuses changes', async () => {
    const { a, b } = await buyerWithTargets();
    const res = await t.request('DELETE', `/v1/targets/${a.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: a.id, name: 'Austin', archived_at: expect.any(String) });
    expect(ids((await t.get('/v1/targets')).json.targets)).toEqual([b.id]);
    expect(ids((await t.get('/v1/targets?archived=1')).json.targets)).toEqual([a.id, b.id]);
    expect(ids((await t.get('/v1/targets/live')).json.targets)).toEqual([b.id]);
    // Archiving twice changes nothing; changing an archived target is a conflict.
    expect((await t.request('DELETE', `/v1/targets/${a.id}`)).json.archived_at).toBe(res.json.archived_at);
    const patch = await t.patch(`/v1/targets/${a.id}`, { concurrency_cap: 5 });
    expect(patch.status).toBe(409);
    expect(patch.json.error.message).toBe('Target Austin is archived');
    expect((await t.get('/v1/targets?archived=1')).json.targets[0].concurrency_cap).toBe(2);
    expect((await t.request('DELETE', '/v1/targets/tg_missing')).status).toBe(404);
  });

  it('is never offered a call again, though its flow still names it', async () => {
    const { a, b } = await buyerWithTargets();
    const { pool } = await siteWithPool(t);
    const flow = (await t.post('/v1/flows', { name: 'F', targets: [a.id, b.id] })).json;
    await t.put(`/v1/pools/${pool.id}/flow`, { flow: flow.id });
    await t.patch(`/v1/targets/${a.id}`, { priority: 10 });
    await t.request('DELETE', `/v1/targets/${a.id}`);
    const call = new SimulatedCall(t, '+14155550199', pool.numbers[0]!);
    await call.voice();
    expect(call.dialled()).toBe(B);
    expect((await t.get('/v1/flows')).json.flows[0].targets).toEqual([a.id, b.id]);
  });

  it('cannot be put into a flow: 409 naming it, and nothing stored', async () => {
    const { a, b } = await buyerWithTargets();
    const flow = (await t.post('/v1/flows', { name: 'F', targets: [b.id] })).json;
    await t.request('DELETE', `/v1/targets/${a.id}`);
    const made = await t.post('/v1/flows', { name: 'G', targets: [a.id, b.id] });
    expect(made.status).toBe(409);
    expect(made.json.error.message).toContain('Austin');
    expect((await t.patch(`/v1/flows/${flow.id}`, { targets: [a.id] })).status).toBe(409);
    expect((await t.get('/v1/flows')).json.flows.map((f: { targets: string[] }) => f.targets)).toEqual([[b.id]]);
  });
});

describe('archiving a buyer', () => {
  it('archives its targets with it, leaves the lists, and refuses new targets and renames', async () => {
    const { buyer, a, b } = await buyerWithTargets();
    const other = (await t.post('/v1/buyers', { name: 'AllFlow' })).json;
    const kept = (await t.post('/v1/targets', { buyer: other.id, name: 'AllFlow', destination: '+18005550177' })).json;
    const res = await t.request('DELETE', `/v1/buyers/${buyer.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: buyer.id, archived_at: expect.any(String) });
    expect(ids((await t.get('/v1/buyers')).json.buyers)).toEqual([other.id]);
    expect(ids((await t.get('/v1/buyers?archived=1')).json.buyers)).toEqual([other.id, buyer.id]);
    expect(ids((await t.get('/v1/targets')).json.targets)).toEqual([kept.id]);
    const archived = (await t.get(`/v1/targets?archived=1&buyer=${buyer.id}`)).json.targets;
    expect(archived.map((x: { id: string; archived_at: string }) => [x.id, x.archived_at])).toEqual([
      [a.id, res.json.archived_at],
      [b.id, res.json.archived_at],
    ]);
    const before = await archivedCounts();
    expect((await t.post('/v1/targets', { buyer: buyer.id, name: 'New', destination: A })).status).toBe(409);
    expect((await t.patch(`/v1/targets/${kept.id}`, { buyer: buyer.id })).status).toBe(409);
    expect((await t.patch(`/v1/buyers/${buyer.id}`, { name: 'Renamed' })).status).toBe(409);
    expect((await t.request('DELETE', `/v1/buyers/${buyer.id}`)).status).toBe(200);
    expect(await archivedCounts()).toEqual(before);
    expect((await t.request('DELETE', '/v1/buyers/by_missing')).status).toBe(404);
  });
});

describe('flow assignments on pools and sites', () => {
  it('show in the pool and site answers', async () => {
    const { site, pool } = await siteWithPool(t);
    const flow = (await t.post('/v1/flows', { name: 'F' })).json;
    expect((await t.get(`/v1/pools/${pool.id}`)).json.flow).toBeNull();
    await t.put(`/v1/pools/${pool.id}/flow`, { flow: flow.id });
    await t.put(`/v1/sites/${site.id}/flow`, { flow: flow.id });
    expect((await t.get(`/v1/pools/${pool.id}`)).json.flow).toBe(flow.id);
    expect((await t.get('/v1/sites')).json.sites.find((s: { id: string }) => s.id === site.id).flow).toBe(flow.id);
  });
});
