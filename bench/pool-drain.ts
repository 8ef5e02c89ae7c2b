// The pool drain of issue #10, replayed in process against the app over a libSQL file,
// with a clock the bench moves: one address with rotating browser User-Agents opens as
// many sessions as the pool has numbers, then pings every session once a minute; a new
// visitor from another address asks for a session every 20 s for ten minutes; then the
// attacker keeps pinging for three hours. Printed for the defaults
// (DNI_LIVE_LEASES_PER_CLIENT=5, DNI_LEASE_MAX_MINUTES=120) and with both defences off.
//   npx tsx bench/pool-drain.ts [--numbers 50]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createApp } from '../collector/app';
import { bootstrap } from '../collector/bootstrap';
import type { Config } from '../collector/config';
import * as schema from '../collector/db/schema';
import { apiClient } from '../test/helpers/http';

const { values: args } = parseArgs({ options: { numbers: { type: 'string', default: '50' } } });
const NUMBERS = Number(args.numbers);
const ADMIN_KEY = 'bn_T5wQ9kZr2XcV7mLp4HsD8jBf3NgY6aE1';
const MINUTE = 60_000;
const ATTACKER = '198.51.100.66';
const userAgent = (i: number) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + (i % 40)}.0.${i}.0 Safari/537.36`;

async function run(label: string, limits: Pick<Config, 'liveLeasesPerClient' | 'leaseMaxMinutes'>) {
  const dir = mkdtempSync(join(tmpdir(), 'dni-bench-drain-'));
  const client = createClient({ url: `file:${join(dir, 'dni.db')}`, concurrency: 1 });
  try {
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: resolve(import.meta.dirname, '../migrations') });
    const config: Config = { publicUrl: 'http://collector.test', adminKey: ADMIN_KEY, demo: false, sessionRateLimit: 0, authFailuresPerMinute: 0, writeBudgetPerMinute: 0, ...limits };
    let now = Date.parse('2026-06-01T15:00:00Z');
    let ip = ATTACKER;
    await bootstrap(db, config, now);
    const app = createApp({ db, config, now: () => now, clientIp: () => ip });
    const { api, request } = apiClient((path, init) => app.request(path, init), ADMIN_KEY);
    const site = (await api('POST', '/v1/sites', { name: 'Bench', domains: ['shop.example'] })).json;
    const numbers = Array.from({ length: NUMBERS }, (_, i) => `+1415${String(3000000 + i)}`);
    await api('POST', '/v1/pools', { site: site.id, name: 'Visitors', replace: '+18005550100', forward_to: '+18005550100', numbers });
    const visit = (from: string, i: number) => {
      ip = from;
      return request('POST', '/v1/sessions', { key: null, body: JSON.stringify({ site: site.public_key, url: 'https://shop.example/' }), headers: { 'content-type': 'text/plain', 'user-agent': userAgent(i) } });
    };
    const ping = (session: string) => {
      ip = ATTACKER;
      return request('POST', `/v1/sessions/${session}/ping`, { key: null, body: '{}', headers: { 'content-type': 'text/plain' } });
    };

    const start = now;
    const taken: string[] = [];
    for (let i = 0; i < NUMBERS; i++) {
      const answer = (await visit(ATTACKER, i)).json;
      if (answer.numbers[0].leased) taken.push(answer.session);
    }
    // Ten minutes: the attacker pings each held session every minute, the visitor asks every 20 s.
    let probes = 0;
    let leased = 0;
    for (let s = 20; s <= 600; s += 20) {
      now = start + s * 1000;
      if (s % 60 === 0) for (const session of taken) await ping(session);
      probes++;
      if ((await visit(`203.0.113.${probes}`, 1000 + s)).json.numbers[0].leased) leased++;
    }
    // Three hours of pinging: how long can the attacker hold a number?
    let heldUntil = start;
    for (let m = 11; m <= 180; m++) {
      now = start + m * MINUTE;
      for (const session of taken) {
        const expires = Date.parse((await ping(session)).json.expires_at);
        if (expires > now) heldUntil = Math.max(heldUntil, now);
      }
    }
    console.log(
      `${label}: the attacker leased ${taken.length}/${NUMBERS} numbers; visitors from other addresses (one every 20 s for 10 minutes) were leased ${leased}/${probes}; pinging held a number for ${Math.round((heldUntil - start) / MINUTE)} of 180 minutes`,
    );
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await run('defaults (5 live leases per address, 120-minute life)', { liveLeasesPerClient: 5, leaseMaxMinutes: 120 });
await run('defences off (no cap, 24-hour life)', { liveLeasesPerClient: 0, leaseMaxMinutes: 24 * 60 });
