// What events out cost the call path: POST /v1/calls (a completed call, matched and
// judged) on this tree against the same on the last commit before the outbox existed,
// both in this one process, rounds alternating so that a busy moment of the shared
// machine falls on both. Each side runs over its own libSQL file (WAL,
// synchronous=FULL, as the Node entry opens it), and this tree's side runs twice: with
// nothing subscribed (no event is written) and with a webhook and a postback subscribed
// to every event (each call writes its events; the deliverer fans them out into
// deliveries later). The deliverer does not run: the first try after the answer is off,
// so only the call path is timed. The last line is the events' own share: subscribed
// against nothing subscribed on this tree.
//
//   npx tsx bench/call-path.ts [--baseline <git ref>] [--calls 300] [--rounds 5]
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { apiClient } from '../test/helpers/http';

// The commit before "Merge events": the call path as it was without an outbox.
const BEFORE_EVENTS = 'c9d7138';
const ADMIN_KEY = 'bench_admin_key_0123456789abcdef';

const { values } = parseArgs({ options: { baseline: { type: 'string', default: BEFORE_EVENTS }, calls: { type: 'string', default: '300' }, rounds: { type: 'string', default: '5' } } });
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);
const repo = resolve(import.meta.dirname, '..');

/** The baseline's sources, unpacked beside this tree's node_modules (the dependencies did not change). */
function checkout(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dni-bench-baseline-'));
  execSync(`git -C ${repo} archive ${ref} collector migrations | tar -x -C ${dir}`);
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

type Side = { name: string; post: (body: unknown) => Promise<number>; close: () => void };

async function side(name: string, tree: string, subscribe: boolean): Promise<Side> {
  const { createApp } = await import(join(tree, 'collector/app.ts'));
  const { bootstrap } = await import(join(tree, 'collector/bootstrap.ts'));
  const schema = await import(join(tree, 'collector/db/schema.ts'));
  const dir = mkdtempSync(join(tmpdir(), 'dni-bench-call-path-'));
  const client = createClient({ url: `file:${join(dir, 'dni.db')}`, concurrency: 1 });
  await client.execute('PRAGMA journal_mode=WAL');
  await client.execute('PRAGMA synchronous=FULL');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: join(tree, 'migrations') });
  // A superset of both trees' settings, with every per-address limit off.
  const config = {
    publicUrl: 'http://collector.test', adminKey: ADMIN_KEY, demo: false,
    sessionRateLimit: 0, authFailuresPerMinute: 0, liveLeasesPerClient: 0, leaseMaxMinutes: 120, writeBudgetPerMinute: 0,
  };
  await bootstrap(db, config, Date.now());
  const app = createApp({ db, config, now: Date.now, clientIp: () => '203.0.113.7', background: () => {} });
  const { api } = apiClient((path, init) => app.request(path, init), ADMIN_KEY);
  const site = (await api('POST', '/v1/sites', { name: 'Bench', domains: ['shop.example'] })).json;
  await api('POST', '/v1/pools', { site: site.id, name: 'V', replace: '+18005550100', forward_to: '+18005550100', numbers: ['+14155550101'] });
  if (subscribe) {
    const all = ['call.completed', 'call.qualified', 'call.disqualified', 'payout.changed', 'call.converted'];
    for (const [path, url] of [['/v1/webhooks', 'http://127.0.0.1:9/hook'], ['/v1/postbacks', 'http://127.0.0.1:9/pb?c={call_id}']] as const) {
      const res = await api('POST', path, { url, events: all });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    }
  }
  let n = 0;
  return {
    name,
    post: async (body) => {
      const res = await api('POST', '/v1/calls', { ...(body as object), id: `${name}-${n++}` });
      return res.status;
    },
    close: () => (client.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

/** Wall and CPU time per call over one round of CALLS calls. */
async function round(s: Side): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const status = await s.post({ to: '+14155550101', from: `+1212555${String(1000 + (i % 9000)).padStart(4, '0')}`, started_at: new Date().toISOString(), duration_s: 90, status: 'completed' });
    if (status !== 201) throw new Error(`${s.name}: POST /v1/calls answered ${status}`);
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - t0) / CALLS, cpu: (cpu.user + cpu.system) / 1000 / CALLS };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const baselineTree = checkout(values.baseline!);
const sides = [await side(`before events (${values.baseline})`, baselineTree, false), await side('this tree, nothing subscribed', repo, false), await side('this tree, webhook + postback', repo, true)];
try {
  const results = sides.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, s] of sides.entries()) {
      const { wall, cpu } = await round(s);
      results[i]!.wall.push(wall);
      results[i]!.cpu.push(cpu);
    }
  }
  console.log(`POST /v1/calls (completed, matched, judged): ${CALLS} calls x ${ROUNDS} rounds per side, median round`);
  const base = { wall: median(results[0]!.wall), cpu: median(results[0]!.cpu) };
  for (const [i, s] of sides.entries()) {
    const wall = median(results[i]!.wall);
    const cpu = median(results[i]!.cpu);
    const vs = (x: number, b: number) => (i === 0 ? '' : ` (${x >= b ? '+' : ''}${(((x - b) / b) * 100).toFixed(1)} %)`);
    console.log(`  ${s.name.padEnd(36)} wall ${wall.toFixed(2)} ms/call${vs(wall, base.wall)}, CPU ${cpu.toFixed(2)} ms/call${vs(cpu, base.cpu)}`);
  }
  const pct = (k: 'wall' | 'cpu') => (((median(results[2]![k]) - median(results[1]![k])) / median(results[1]![k])) * 100).toFixed(1);
  console.log(`  events' own share (subscribed vs nothing subscribed): wall ${pct('wall')} %, CPU ${pct('cpu')} %`);
} finally {
  for (const s of sides) s.close();
  rmSync(baselineTree, { recursive: true, force: true });
}
