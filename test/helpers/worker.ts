// The Workers entry (collector/worker.ts) under `wrangler dev`: workerd with a local D1
// in a temporary state folder, on a free port. Migrations are applied the way a deploy
// applies them (`wrangler d1 migrations apply --local`), then the test waits until
// /healthz answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { httpClient } from './http';

export const WORKER_ADMIN_KEY = 'wk_Q7vT2pXc9LmR4sNb8YdK3hJf6GzW1aE5';

const ROOT = resolve(import.meta.dirname, '../..');
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

/** Wrangler offline: no request.cf lookup, no telemetry, no update check noise. */
export const wranglerEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
  NO_COLOR: '1',
  CI: 'true',
});

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/** Runs wrangler to completion; rejects with its output when it fails. */
export function wrangler(args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`wrangler ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

export type WorkerOptions = {
  /** Worker variables (`--var`); DNI_ADMIN_KEY, DNI_DEMO=0 and the per-address limits off unless given. `null` leaves one out. */
  vars?: Record<string, string | null>;
  /** Apply the migrations before starting (default true). */
  migrate?: boolean;
  /** How long to wait for the first answer (wrangler's first start bundles and boots workerd). */
  timeoutMs?: number;
};

export type TestWorker = Awaited<ReturnType<typeof startTestWorker>>;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((ok) => child.once('exit', () => ok()));
}

/** Stops wrangler and workerd: they run in their own process group, so the whole group goes. */
async function stop(child: ChildProcess) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((ok) => (timer = setTimeout(() => ok('late'), 10_000)));
  if ((await Promise.race([gone, late])) === 'late') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await gone;
  }
  clearTimeout(timer);
}

export async function startTestWorker(opts: WorkerOptions = {}) {
  if (!existsSync(join(ROOT, 'dist', 'dni.js')) || !existsSync(join(ROOT, 'dist', 'dashboard', 'index.html'))) {
    throw new Error('dist/ is not built: run `npm run build` (npm test does) before the Workers tests');
  }
  const state = mkdtempSync(join(tmpdir(), 'dni-worker-'));
  if (opts.migrate !== false) await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);

  // The per-address limits are off unless a test turns one on, as in helpers/server.ts.
  const vars: Record<string, string | null> = {
    DNI_ADMIN_KEY: WORKER_ADMIN_KEY,
    DNI_DEMO: '0',
    DNI_LIVE_LEASES_PER_CLIENT: '0',
    DNI_WRITE_BUDGET_PER_MINUTE: '0',
    DNI_AUTH_FAILURES_PER_MINUTE: '0',
    ...opts.vars,
  };
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const args = [
    WRANGLER,
    'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--persist-to', state,
    '--show-interactive-dev-session=false',
    // Lets a test fire the cron trigger (runCron below).
    '--test-scheduled',
    '--log-level', 'log',
    ...Object.entries(vars).flatMap(([k, v]) => (v === null ? [] : ['--var', `${k}:${v}`])),
  ];
  // detached: wrangler gets its own process group, so that stopping it stops workerd too.
  const child = spawn(process.execPath, args, { cwd: ROOT, env: wranglerEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  // Its own process group outlives this process unless told: if the test process exits
  // without close() (a crash, a timeout), take wrangler and workerd down with it.
  const orphanGuard = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', orphanGuard);

  const close = async () => {
    process.off('exit', orphanGuard);
    await stop(child);
    rmSync(state, { recursive: true, force: true });
  };

  // Wait for a condition: /healthz answering at all (200 when ready, 503 when the
  // Worker runs but cannot serve). Every poll is one request; the loop ends on an
  // answer, on wrangler exiting, or at the deadline.
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  let lastError: unknown;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`wrangler dev exited (${child.exitCode}) before answering:\n${log}`);
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`wrangler dev did not answer /healthz in time (${String(lastError)}):\n${log}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 503) break;
    } catch (err) {
      lastError = err;
      // Connection refused until wrangler listens: poll again after a short tick.
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }

  /**
   * Fires the cron trigger now and answers once the scheduled handler has finished.
   * (wrangler's /__scheduled takes no time: a test ages rows with `sql` instead.)
   */
  const runCron = async () => {
    const res = await fetch(`${url}/__scheduled?cron=*+*+*+*+*`);
    const body = await res.text();
    if (!res.ok) throw new Error(`cron trigger answered ${res.status}: ${body}`);
    return body;
  };

  /** Runs SQL on the Worker's local D1 (a test's way to age rows the Worker wrote). */
  const sql = (command: string) => wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--command', command]);

  const client = httpClient(url, WORKER_ADMIN_KEY);
  return { url, adminKey: WORKER_ADMIN_KEY, api: client.api, request: client.request, runCron, sql, close };
}
