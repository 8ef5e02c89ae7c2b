import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { publisherWithKey } from './reports-fixture';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('GET /v1/me', () => {
  it('tells the dashboard the role and, for a publisher key, which publisher', async () => {
    const admin = await t.get('/v1/me');
    expect(admin.status).toBe(200);
    // The test's admin key is operator-chosen (DNI_ADMIN_KEY): no prefix of it is kept.
    expect(admin.json).toMatchObject({ role: 'admin', account: { id: 'acc_default', name: 'Default' }, publisher: null, key: { prefix: null } });
    const acme = await publisherWithKey(t, 'acme');
    const pub = await t.get('/v1/me', acme.key);
    expect(pub.json).toMatchObject({ role: 'publisher', publisher: { id: acme.id, code: 'acme', name: 'ACME' } });
    const viewer = await t.post('/v1/api-keys', { role: 'viewer', name: 'analyst' });
    expect((await t.get('/v1/me', viewer.json.key)).json).toMatchObject({ role: 'viewer', key: { name: 'analyst' } });
    expect((await t.get('/v1/me', null)).status).toBe(401);
  });
});
