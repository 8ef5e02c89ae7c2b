// The Workers entry's figures (docs/benchmarks.md, "Workers"): the bundle wrangler would
// upload, and lease throughput of the same HTTP load against `wrangler dev` (workerd +
// local D1, a SQLite file behind a local Durable Object) and against the Node server
// (libSQL file) on this machine. Local figures: they say how the code behaves, not what
// Cloudflare's edge or a remote D1 does (docs/deploy-cloudflare.md reasons about that).
//
//   npm run bench -- worker        (BENCH_SESSIONS, BENCH_CONCURRENCY to change the load)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../test/helpers/server';
import { startTestWorker, wrangler } from '../test/helpers/worker';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** What wrangler would upload: its size, gzipped too, and (from its esbuild metafile) each package's share. */
async function bundleSize(minify: boolean) {
  const out = mkdtempSync(join(tmpdir(), 'dni-bundle-'));
  try {
    const meta = join(out, 'meta.json');
    await wrangler(['deploy', '--dry-run', '--outdir', out, '--metafile', meta, ...(minify ? [] : ['--minify=false'])]);
    const code = readFileSync(join(out, 'worker.js'));
    const inputs = Object.values(JSON.parse(readFileSync(meta, 'utf8')).outputs as Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>)
      .flatMap((o) => Object.entries(o.inputs ?? {}));
    const byPackage = new Map<string, number>();
    for (const [path, { bytesInOutput }] of inputs) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.startsWith('collector/') ? 'the collector' : 'other');
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
    return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, byPackage: [...byPackage].sort((a, b) => b[1] - a[1]) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

type Target = Pick<TestServer, 'url' | 'api' | 'close'>;

async function leaseLoad(name: string, target: Target) {
  const api = async (path: string, body: unknown) => {
    const res = await target.api('POST', path, body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.json;
  };
  const site = await api('/v1/sites', { name: 'Bench', domains: ['bench.example'] });
  const numbers = Array.from({ length: SESSIONS }, (_, i) => `+1646555${String(1000 + i).padStart(4, '0')}`);
  await api('/v1/pools', { site: site.id, name: 'Bench', replace: '+18005550100', forward_to: '+18005550100', numbers });

  // CONCURRENCY clients, each opening new sessions one after another, SESSIONS in all:
  // every one needs a fresh lease, so this is the atomic lease path under contention.
  const latencies: number[] = [];
  const leased = new Set<string>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SESSIONS) {
        next++;
        const t = performance.now();
        const res = await fetch(`${target.url}/v1/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': UA },
          body: JSON.stringify({ site: site.public_key, url: 'https://bench.example/?utm_source=google' }),
        });
        const body = (await res.json()) as { numbers: { number: string; leased: boolean }[] };
        latencies.push(performance.now() - t);
        if (res.ok && body.numbers[0]?.leased) leased.add(body.numbers[0].number);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${name.padEnd(28)} ${String(SESSIONS).padStart(5)} new sessions, ${CONCURRENCY} concurrent: ` +
      `${(SESSIONS / seconds).toFixed(0)} leases/s, p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms; ` +
      `${leased.size} distinct numbers leased${leased.size === SESSIONS ? '' : ' (EXPECTED ' + SESSIONS + ')'}`,
  );
  return leased.size === SESSIONS;
}

const [minified, plain] = [await bundleSize(true), await bundleSize(false)];
console.log(`Worker bundle (wrangler deploy --dry-run, minified): ${kib(minified.raw)}, ${kib(minified.gzip)} gzip`);
console.log(`Worker bundle, not minified (--minify=false): ${kib(plain.raw)}, ${kib(plain.gzip)} gzip`);
console.log(`By package, minified: ${minified.byPackage.filter(([, n]) => n >= 1024).map(([name, n]) => `${name} ${kib(n)}`).join(', ')}`);

let ok = true;
const env = { DNI_SESSION_RATE_LIMIT: '0', DNI_DEMO: '0' };
for (const [name, start] of [
  ['workerd + local D1', () => startTestWorker({ vars: env })],
  ['Node + libSQL file', () => startTestServer(env)],
] as const) {
  const target = await start();
  try {
    ok = (await leaseLoad(name, target)) && ok;
  } finally {
    await target.close();
  }
}
console.log('(local figures on this machine: 2 cores, client and server sharing them)');
process.exit(ok ? 0 : 1);
