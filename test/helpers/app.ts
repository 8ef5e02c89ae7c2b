// An in-process collector on a fresh libSQL file, driven through app.request().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createApp } from '../../collector/app';
import { bootstrap } from '../../collector/bootstrap';
import type { Config } from '../../collector/config';
import * as schema from '../../collector/db/schema';
import { apiClient, VISITOR_USER_AGENT } from './http';

export const ADMIN_KEY = 'test_admin_key_0123456789abcdef';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A real app over a real database file. `clock.set()` moves time for everything the
 * app does; `ip` is the client address the app sees (change it per request).
 */
export async function createTestApp(overrides: Partial<Config> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dni-test-'));
  const client = createClient({ url: `file:${join(dir, 'test.db')}` });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: resolve(import.meta.dirname, '../../migrations') });
  // The per-address limits are off unless a test turns one on: every request here comes from one address.
  const config: Config = {
    publicUrl: 'http://collector.test',
    adminKey: ADMIN_KEY,
    demo: false,
    sessionRateLimit: 0,
    authFailuresPerMinute: 0,
    liveLeasesPerClient: 0,
    leaseMaxMinutes: 120,
    writeBudgetPerMinute: 0,
    ...overrides,
  };
  let now = Date.parse('2026-06-01T15:00:00Z');
  const clock = { now: () => now, set: (t: number | string) => (now = typeof t === 'string' ? Date.parse(t) : t), advance: (ms: number) => (now += ms) };
  const client_ = { ip: '203.0.113.7' };
  await bootstrap(db, config, now);
  const app = createApp({ db, config, now: () => now, clientIp: () => client_.ip });

  // Requests come from an ordinary browser unless a test says otherwise.
  const api = apiClient((path, init) => app.request(path, init), ADMIN_KEY, { 'user-agent': VISITOR_USER_AGENT });

  return {
    app,
    db,
    config,
    /** What Twilio signs: the app's public URL. */
    publicUrl: config.publicUrl,
    clock,
    client: client_,
    request: api.request,
    get: api.get,
    post: api.post,
    put: api.put,
    patch: api.patch,
    close: () => {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A site on shop.example with one session-level pool, the common starting point of a test. */
export async function siteWithPool(t: TestApp, opts: { numbers?: string[]; replace?: string; leaseMinutes?: number; matchWindowMinutes?: number; restMinutes?: number } = {}) {
  const site = await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'], timezone: 'America/New_York' });
  if (site.status !== 201) throw new Error(`site: ${site.text}`);
  const numbers = opts.numbers ?? ['+14155550101', '+14155550102', '+14155550103'];
  const pool = await t.post('/v1/pools', {
    site: site.json.id,
    name: 'Visitors',
    replace: opts.replace ?? '+18005550100',
    kind: 'session',
    lease_minutes: opts.leaseMinutes ?? 30,
    rest_minutes: opts.restMinutes ?? 15,
    match_window_minutes: opts.matchWindowMinutes ?? 60,
    forward_to: '+18005550100',
    numbers,
  });
  if (pool.status !== 201) throw new Error(`pool: ${pool.text}`);
  return { site: site.json, pool: pool.json };
}
