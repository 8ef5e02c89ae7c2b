// The embedded default: one Node process serving the API, /dni.js, the dashboard and
// the demo over a libSQL file (or a libsql:// server).
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { createApp, noRoute } from './app';
import { bootstrap } from './bootstrap';
import { configFromEnv, parseEnv } from './config';
import * as schema from './db/schema';
import { securityHeadersMiddleware } from './http/security-headers';
import { scheduledJobs } from './jobs';
import { runScheduledJobs, type JobOutcome } from './jobs/scheduled';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

export type RunningServer = {
  url: string;
  publicUrl: string;
  generatedAdminKey?: string;
  /** Runs the scheduled jobs now (waiting for a run already under way first). */
  runJobs: () => Promise<JobOutcome[]>;
  close: () => Promise<void>;
};

async function openDatabase(url: string, authToken: string | undefined) {
  const local = url.startsWith('file:');
  if (local) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  // One connection: SQLite calls block the event loop anyway, so a pool gains nothing
  // in one process, and per-connection PRAGMAs below then hold for every statement.
  // The busy timeout covers other processes (an import, a backup) holding the lock.
  const client = createClient({ url, authToken, ...(local ? { concurrency: 1, timeout: 5000 } : {}) });
  if (local) {
    // WAL lets readers (reports) run while the lease path writes.
    await client.execute('PRAGMA journal_mode=WAL');
    // Every commit is synced, so nothing acknowledged is lost, even to a power cut.
    // NORMAL measured only ~11% more sessions/s (docs/benchmarks.md): not worth it.
    await client.execute('PRAGMA synchronous=FULL');
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: join(ROOT, 'migrations') });
  return { db, client };
}

function staticFiles() {
  const files = new Hono();
  files.get('/dni.js', async (c, next) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    await next();
  });
  // scripts/precompress.ts wrote .br and .gz copies at build time: served as they are.
  files.get('/dni.js', serveStatic({ root: DIST, precompressed: true }));
  files.get('/dashboard', (c) => c.redirect('/dashboard/'));
  files.get('/dashboard/*', serveStatic({ root: DIST, precompressed: true }));
  // Client-side routes of the dashboard all load its one page; a missing file (a name
  // with an extension, such as a source map that was not built) stays a 404, as on Workers.
  files.get('/dashboard/*', (c, next) =>
    (c.req.path.split('/').pop() ?? '').includes('.') ? next() : c.html(readFileSync(join(DIST, 'dashboard', 'index.html'), 'utf8')),
  );
  return files;
}

// What only the Node entry reads; the rest is collector/config.ts, shared with Workers.
const nodeEnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  DNI_DATABASE_URL: z.string().regex(/^(file|libsql|https?|wss?):/, 'a file:, libsql:, http(s): or ws(s): URL').default('file:./data/dni.db'),
  DNI_DATABASE_AUTH_TOKEN: z.string().optional(),
  DNI_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  DNI_JOBS_INTERVAL_S: z.coerce.number().int().min(0).default(60),
});

/**
 * The scheduled jobs on a timer. Runs never overlap: a run asked for while one is under
 * way waits for it and then runs again, so a caller always sees a run that started after
 * its call (what a test needs after writing something).
 */
function jobRunner(run: () => Promise<JobOutcome[]>, intervalS: number) {
  let current: Promise<JobOutcome[]> = Promise.resolve([]);
  const runAfterCurrent = () => (current = current.catch(() => []).then(run));
  const timer = intervalS > 0 ? setInterval(() => void runAfterCurrent(), intervalS * 1000) : undefined;
  // The timer alone must not keep the process alive.
  timer?.unref();
  return {
    runNow: runAfterCurrent,
    stop: async () => {
      clearInterval(timer);
      await current.catch(() => []);
    },
  };
}

/** Starts the server; `PORT=0` picks a free port (tests). */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const base = configFromEnv(env);
  const node = parseEnv(nodeEnvSchema, env);
  const { db, client } = await openDatabase(node.DNI_DATABASE_URL, node.DNI_DATABASE_AUTH_TOKEN);

  let handler: ((req: Request, bindings: unknown) => Response | Promise<Response>) | undefined;
  const server = serve({
    fetch: (req, bindings) => (handler ? handler(req, bindings) : new Response('Starting', { status: 503 })),
    port: base.port,
    hostname: node.HOST,
  });
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  const port = (server.address() as AddressInfo).port;
  const config = { ...base, publicUrl: base.publicUrl ?? `http://localhost:${port}` };

  const boot = await bootstrap(db, config, Date.now());
  const app = new Hono();
  // Also on the static files (the dashboard), which the core app never sees.
  app.use(securityHeadersMiddleware);
  app.route('/', staticFiles());
  const trustProxy = node.DNI_TRUST_PROXY === '1';
  const clientIp = (c: Context) => {
    // Only a proxy we were told to trust may name the client; anyone can send the header.
    // The last entry is the address our proxy saw; entries before it are whatever the client wrote.
    const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
    return forwarded || getConnInfo(c).remote.address;
  };
  app.route('/', createApp({ db, config, now: Date.now, clientIp }));
  const jobs = jobRunner(() => runScheduledJobs({ db, config, now: Date.now() }, scheduledJobs), node.DNI_JOBS_INTERVAL_S);
  // Paths neither the files nor the API know: the same JSON 404 as the API's (and the Worker's).
  app.notFound(noRoute);
  handler = app.fetch;

  return {
    url: `http://127.0.0.1:${port}`,
    publicUrl: config.publicUrl,
    generatedAdminKey: boot.generatedAdminKey,
    runJobs: jobs.runNow,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await jobs.stop();
      client.close();
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startServer()
    .then((s) => {
      const pub = process.env.DNI_PUBLIC_URL || s.url.replace('127.0.0.1', 'localhost');
      console.log(`DNI collector listening on ${s.url}`);
      console.log(`  dashboard: ${pub}/dashboard/`);
      if (process.env.DNI_DEMO !== '0') console.log(`  demo page: ${pub}/demo`);
      if (s.generatedAdminKey) {
        console.log(`\n  Admin API key (shown once, keep it): ${s.generatedAdminKey}\n`);
      }
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
