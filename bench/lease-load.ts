// The lease path under load: the real Node server (collector/node.ts, in its own
// process, WAL file database) takes autocannon on `POST /v1/sessions` (every request a
// new session that leases a number) and on `GET /healthz` (a route that does nothing)
// in the same run, then on a ping that changes nothing. Prints each route's throughput,
// its p99 latency, the ratio to the trivial route, and the server's CPU time per request
// (Linux: read from /proc; on a shared machine it moves less than throughput does).
//   npx tsx bench/lease-load.ts [--seconds 10] [--connections 10] [--numbers 20000] [--rate-limit 1000000] [--rounds 2]
// --rate-limit is DNI_SESSION_RATE_LIMIT for the run: the default keeps the limiter's
// upsert on the path without ever refusing (0 takes it off the path).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { httpClient } from '../test/helpers/http';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    numbers: { type: 'string', default: '20000' },
    'rate-limit': { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '2' },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const NUMBERS = Number(args.numbers);
const ROUNDS = Number(args.rounds);
const ADMIN_KEY = 'bn_T5wQ9kZr2XcV7mLp4HsD8jBf3NgY6aE1';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const ROOT = resolve(import.meta.dirname, '..');

/** Starts collector/node.ts in a child process (so autocannon does not share its event loop) and waits for its URL. */
async function startServer(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'collector/node.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DNI_DATABASE_URL: `file:${join(dir, 'dni.db')}`,
      DNI_ADMIN_KEY: ADMIN_KEY,
      DNI_DEMO: '0',
      DNI_SESSION_RATE_LIMIT: args['rate-limit'],
      // Every simulated visitor comes from 127.0.0.1: the per-address defences would refuse them.
      DNI_LIVE_LEASES_PER_CLIENT: '0',
      DNI_WRITE_BUDGET_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  return { url, cpuMs: () => cpuMsOf(child.pid!), stop: () => child.kill('SIGTERM') };
}

/** User + system CPU time a process has used, in ms; NaN where /proc is not there. */
function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await httpClient(base, ADMIN_KEY).api(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.json;
}

/** A site whose one pool is large enough that no session of the run finds it exhausted. */
async function setup(base: string) {
  const site = await api(base, 'POST', '/v1/sites', { name: 'Bench', domains: ['shop.example'] });
  const numbers = Array.from({ length: NUMBERS }, (_, i) => `+1415${String(2000000 + i).padStart(7, '0')}`);
  const pool = await api(base, 'POST', '/v1/pools', {
    site: site.id,
    name: 'Visitors',
    replace: '+18005550100',
    forward_to: '+18005550100',
    numbers: numbers.slice(0, 1000),
  });
  for (let i = 1000; i < numbers.length; i += 1000) await api(base, 'POST', `/v1/pools/${pool.id}/numbers`, { numbers: numbers.slice(i, i + 1000) });
  return { siteKey: site.public_key as string, poolId: pool.id as string };
}

type Run = { name: string; rps: number; p99: number; requests: number; non2xx: number; errors: number; cpuUs: number };

async function load(name: string, opts: autocannon.Options): Promise<Run> {
  const cpuBefore = server.cpuMs();
  const r = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
  const cpuUs = ((server.cpuMs() - cpuBefore) * 1000) / r.requests.total;
  return { name, rps: r.requests.average, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors, cpuUs };
}

const dir = mkdtempSync(join(tmpdir(), 'dni-bench-lease-'));
const server = await startServer(dir);
try {
  const { siteKey, poolId } = await setup(server.url);
  const sessionBody = JSON.stringify({ site: siteKey, url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_term=plumber', referrer: 'https://www.google.com/' });
  const headers = { 'content-type': 'text/plain', 'user-agent': CHROME, origin: 'https://shop.example' };
  const first = await fetch(`${server.url}/v1/sessions`, { method: 'POST', headers, body: sessionBody }).then((r) => r.json());
  const ping = `${server.url}/v1/sessions/${first.session}/ping`;
  const pingBody = JSON.stringify({ url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_term=plumber' });

  // Warm up (JIT, page cache), then trivial route and lease path back to back, each round.
  await load('warm-up', { url: `${server.url}/healthz`, duration: 2 });
  const loadBefore = loadavg()[0]!;
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    runs.push(await load('GET /healthz', { url: `${server.url}/healthz` }));
    runs.push(await load('POST /v1/sessions', { url: `${server.url}/v1/sessions`, method: 'POST', headers, body: sessionBody }));
    runs.push(await load('POST …/ping (no change)', { url: ping, method: 'POST', headers, body: pingBody }));
  }
  const report = await api(server.url, 'GET', '/v1/reports/pools');
  const pool = report.pools.find((p: { id: string }) => p.id === poolId);

  const best = (name: string) => runs.filter((r) => r.name === name).sort((a, b) => b.rps - a.rps)[0]!;
  const trivial = best('GET /healthz');
  console.log(`lease-load: ${SECONDS} s per run, ${CONNECTIONS} connections, pool of ${NUMBERS}, DNI_SESSION_RATE_LIMIT=${args['rate-limit']}`);
  console.log('route                      req/s    p99 ms   ratio   requests  non-2xx  errors  server CPU µs/req');
  for (const name of ['GET /healthz', 'POST /v1/sessions', 'POST …/ping (no change)']) {
    const r = best(name);
    // The CPU figure is the lowest of the rounds: contention only ever adds to it.
    const cpuUs = Math.min(...runs.filter((x) => x.name === name).map((x) => x.cpuUs));
    console.log(
      `${name.padEnd(25)} ${r.rps.toFixed(0).padStart(6)} ${String(r.p99).padStart(9)} ${(r.rps / trivial.rps).toFixed(3).padStart(7)} ${String(r.requests).padStart(10)} ${String(r.non2xx).padStart(8)} ${String(r.errors).padStart(7)} ${cpuUs.toFixed(0).padStart(18)}`,
    );
  }
  console.log(`(best of ${ROUNDS} rounds each) sessions leased now: ${pool.leased_now}, exhaustions: ${pool.exhaustions}; load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`);
} finally {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
