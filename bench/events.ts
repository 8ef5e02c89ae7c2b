// Events out: how many deliveries per second the deliverer sends (fan-out included) to a
// local receiver answering 204. In process over a libSQL file (WAL, synchronous=FULL, as
// the Node entry opens it). What events cost the call path is bench/call-path.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createApp } from '../collector/app';
import { bootstrap } from '../collector/bootstrap';
import * as schema from '../collector/db/schema';
import { deliverDue } from '../collector/services/events/deliver';
import { apiClient } from '../test/helpers/http';

const ADMIN_KEY = 'bench_admin_key_0123456789abcdef';
const CALLS = Number(process.env.BENCH_CALLS ?? 400);

const receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

async function freshApp() {
  const dir = mkdtempSync(join(tmpdir(), 'dni-bench-events-'));
  const client = createClient({ url: `file:${join(dir, 'dni.db')}`, concurrency: 1 });
  await client.execute('PRAGMA journal_mode=WAL');
  await client.execute('PRAGMA synchronous=FULL');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: resolve(import.meta.dirname, '../migrations') });
  const config = {
    publicUrl: 'http://collector.test',
    adminKey: ADMIN_KEY,
    demo: false,
    sessionRateLimit: 0,
    authFailuresPerMinute: 0,
    liveLeasesPerClient: 0,
    leaseMaxMinutes: 120,
    writeBudgetPerMinute: 0,
  };
  await bootstrap(db, config, Date.now());
  // No first try after the answer: the deliverer runs only when the bench runs it.
  const app = createApp({ db, config, now: Date.now, clientIp: () => '203.0.113.7', background: () => {} });
  const { api } = apiClient((path, init) => app.request(path, init), ADMIN_KEY);
  const site = (await api('POST', '/v1/sites', { name: 'Bench', domains: ['shop.example'] })).json;
  await api('POST', '/v1/pools', { site: site.id, name: 'V', replace: '+18005550100', forward_to: '+18005550100', numbers: ['+14155550101'] });
  return { db, api, close: () => (client.close(), rmSync(dir, { recursive: true, force: true })) };
}

const app = await freshApp();
try {
  const all = ['call.completed', 'call.qualified', 'call.disqualified', 'payout.changed', 'call.converted'];
  await app.api('POST', '/v1/webhooks', { url: `${receiverUrl}/hook`, events: all });
  await app.api('POST', '/v1/postbacks', { url: `${receiverUrl}/pb?c={call_id}&id={click_id}`, events: all });
  for (let i = 0; i < CALLS; i++) {
    const res = await app.api('POST', '/v1/calls', {
      id: `c-${i}`, to: '+14155550101', from: `+1212555${String(1000 + i).padStart(4, '0')}`,
      started_at: new Date().toISOString(), duration_s: 90, status: 'completed',
    });
    if (res.status !== 201) throw new Error(res.text);
  }
  const started = performance.now();
  let sent = 0;
  for (;;) {
    const run = await deliverDue(app.db, Date.now);
    sent += run.sent;
    if (run.sent + run.retrying + run.failed === 0) break;
  }
  const s = (performance.now() - started) / 1000;
  console.log(`deliverer: ${sent} deliveries sent to a local receiver in ${s.toFixed(2)} s = ${(sent / s).toFixed(0)} events/s`);
} finally {
  app.close();
  receiver.close();
}
