// Where a new session's time goes, in process: the app over a libSQL file opened as the
// Node entry opens it (WAL, synchronous=FULL, one connection), new sessions opened one
// after another through app.request() (no HTTP), and every SQLite call timed. Prints the
// wall and CPU time per session (best of the rounds: a shared machine only ever adds) and,
// per statement, its time per session, so the JavaScript share is what is left over.
//   npx tsx bench/lease-statements.ts [--numbers 20000] [--sessions 400] [--rounds 8] [--per-address 1000000]
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createApp } from '../collector/app';
import { bootstrap } from '../collector/bootstrap';
import * as schema from '../collector/db/schema';
import { apiClient } from '../test/helpers/http';

const { values: args } = parseArgs({
  options: {
    numbers: { type: 'string', default: '20000' },
    sessions: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '8' },
    // The live-lease cap and the write budget (0: off). Each session comes from an address
    // of its own, as a site's visitors do, so that the cap's count reads what it would in use.
    'per-address': { type: 'string', default: '0' },
  },
});
const NUMBERS = Number(args.numbers);
const SESSIONS = Number(args.sessions);
const ROUNDS = Number(args.rounds);
const ADMIN_KEY = 'bn_T5wQ9kZr2XcV7mLp4HsD8jBf3NgY6aE1';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

// @libsql/client runs a local file through the `libsql` package: every statement is
// prepared there, then run (`run`) or read (`all`). Timing those three is timing SQLite.
type Timing = { calls: number; ms: number };
const timings = new Map<string, Timing>();
const timed = <T>(key: string, fn: () => T): T => {
  const start = performance.now();
  try {
    return fn();
  } finally {
    const t = timings.get(key) ?? { calls: 0, ms: 0 };
    t.calls++;
    t.ms += performance.now() - start;
    timings.set(key, t);
  }
};
const Database = createRequire(import.meta.url)('libsql');
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: unknown, text: string) {
  const statement = timed('(prepare, every statement)', () => prepare.call(this, text));
  const name = text.replace(/\s+/g, ' ').slice(0, 80);
  for (const method of ['run', 'all'] as const) {
    const original = statement[method];
    statement[method] = (...params: unknown[]) => timed(name, () => original.apply(statement, params));
  }
  return statement;
};

const dir = mkdtempSync(join(tmpdir(), 'dni-bench-statements-'));
const client = createClient({ url: `file:${join(dir, 'dni.db')}`, concurrency: 1 });
try {
  await client.execute('PRAGMA journal_mode=WAL');
  await client.execute('PRAGMA synchronous=FULL');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: resolve(import.meta.dirname, '../migrations') });
  const config = { publicUrl: 'http://collector.test', adminKey: ADMIN_KEY, demo: false, sessionRateLimit: 1_000_000, authFailuresPerMinute: 0, liveLeasesPerClient: Number(args['per-address']), leaseMaxMinutes: 120, writeBudgetPerMinute: Number(args['per-address']) };
  await bootstrap(db, config, Date.now());
  let visitor = 0;
  const app = createApp({ db, config, now: Date.now, clientIp: () => `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}` });
  const { api } = apiClient((path, init) => app.request(path, init), ADMIN_KEY);

  const site = (await api('POST', '/v1/sites', { name: 'Bench', domains: ['shop.example'] })).json;
  const numbers = Array.from({ length: NUMBERS }, (_, i) => `+1415${String(2000000 + i).padStart(7, '0')}`);
  const pool = (await api('POST', '/v1/pools', { site: site.id, name: 'Visitors', replace: '+18005550100', forward_to: '+18005550100', numbers: numbers.slice(0, 1000) })).json;
  for (let i = 1000; i < numbers.length; i += 1000) await api('POST', `/v1/pools/${pool.id}/numbers`, { numbers: numbers.slice(i, i + 1000) });

  // The same visit as bench/lease-load.ts: a new session with a UTM landing URL, a Google referrer and a browser.
  const body = JSON.stringify({ site: site.public_key, url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_term=plumber', referrer: 'https://www.google.com/' });
  const headers = { 'content-type': 'text/plain', 'user-agent': CHROME, origin: 'https://shop.example' };
  const open = async () => {
    visitor++;
    const res = await app.request('/v1/sessions', { method: 'POST', headers, body });
    if (res.status !== 200) throw new Error(`POST /v1/sessions: ${res.status} ${await res.text()}`);
    await res.json();
  };
  for (let i = 0; i < 300; i++) await open();

  timings.clear();
  let wallUs = Infinity;
  let cpuUs = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < SESSIONS; i++) await open();
    wallUs = Math.min(wallUs, ((performance.now() - start) * 1000) / SESSIONS);
    const used = process.cpuUsage(cpu);
    cpuUs = Math.min(cpuUs, (used.user + used.system) / SESSIONS);
  }
  const total = ROUNDS * SESSIONS;
  console.log(`lease-statements: pool of ${NUMBERS}, ${SESSIONS} new sessions a round, best of ${ROUNDS} rounds`);
  console.log(`per session: ${wallUs.toFixed(0)} µs wall, ${cpuUs.toFixed(0)} µs CPU`);
  console.log('µs/session  calls/session  SQLite call (mean over all rounds)');
  let sqliteUs = 0;
  for (const [name, t] of [...timings].sort((a, b) => b[1].ms - a[1].ms)) {
    const us = (t.ms * 1000) / total;
    sqliteUs += us;
    console.log(`${us.toFixed(0).padStart(10)} ${(t.calls / total).toFixed(1).padStart(14)}  ${name}`);
  }
  console.log(`${sqliteUs.toFixed(0).padStart(10)}                 all SQLite calls; the rest of the wall time is JavaScript`);
} finally {
  client.close();
  rmSync(dir, { recursive: true, force: true });
}
