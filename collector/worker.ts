// The Cloudflare Workers entry: the same Hono app as collector/node.ts, over a D1
// binding (or over libSQL/Turso through @libsql/client/web when the DNI_DATABASE_URL
// secret names one). The snippet and the dashboard are static assets (wrangler.toml
// [assets]); this file only adapts what differs between runtimes: the database, the
// configuration, the client IP and the one-time bootstrap.
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import { createApp } from './app';
import { bootstrap, DEFAULT_ACCOUNT_ID } from './bootstrap';
import { configFromEnv } from './config';
import type { Db } from './db/client';
import * as schema from './db/schema';
import { addSecurityHeaders } from './http/security-headers';
import { accounts } from './db/schema';
import { eq } from 'drizzle-orm';
import { scheduledJobs } from './jobs';
import { runScheduledJobs } from './jobs/scheduled';

export type Env = {
  /** D1 database (wrangler.toml [[d1_databases]]); used unless DNI_DATABASE_URL is set. */
  DB?: D1Database;
  /** The static assets in dist/: dni.js and the dashboard. */
  ASSETS: Fetcher;
  DNI_DATABASE_URL?: string;
  DNI_DATABASE_AUTH_TOKEN?: string;
  DNI_PUBLIC_URL?: string;
  DNI_ADMIN_KEY?: string;
  DNI_DEMO?: string;
  DNI_SESSION_RATE_LIMIT?: string;
  DNI_AUTH_FAILURES_PER_MINUTE?: string;
  DNI_LIVE_LEASES_PER_CLIENT?: string;
  DNI_LEASE_MAX_MINUTES?: string;
  DNI_WRITE_BUDGET_PER_MINUTE?: string;
  TWILIO_AUTH_TOKEN?: string;
};

type Core = { fetch: (request: Request) => Response | Promise<Response> };

/** Why the Worker cannot serve yet (no tables, no admin key, a bad variable): answered as 503 JSON. */
class NotReady extends Error {}

function openDb(env: Env): Db {
  if (env.DNI_DATABASE_URL) {
    // libSQL over HTTP: `libsql://` URLs are spoken as https by the web client.
    return drizzleLibsql({ connection: { url: env.DNI_DATABASE_URL, authToken: env.DNI_DATABASE_AUTH_TOKEN }, schema });
  }
  if (!env.DB) throw new NotReady('No database: bind a D1 database as DB in wrangler.toml, or set the DNI_DATABASE_URL secret');
  // D1's drizzle has the same async query API and an atomic batch: the core's `Db`.
  return drizzleD1(env.DB, { schema }) as unknown as Db;
}

function isMissingTable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && /no such table/i.test(e.message)) return true;
  }
  return false;
}

async function start(env: Env, origin: string): Promise<Core> {
  let parsed;
  try {
    // The variables are the env's strings (bindings are objects); configFromEnv reads those it knows.
    parsed = configFromEnv(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')));
  } catch (err) {
    throw new NotReady(err instanceof Error ? err.message : String(err));
  }
  // Without DNI_PUBLIC_URL the Worker is reached where the request came in.
  const config = { ...parsed, publicUrl: parsed.publicUrl ?? origin };
  const db = openDb(env);

  try {
    if (!config.adminKey) {
      // Node prints a generated key once; a Worker has no console anyone reads at
      // that moment (and logs are kept), so a new database needs the secret.
      const [existing] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, DEFAULT_ACCOUNT_ID)).limit(1);
      if (!existing) throw new NotReady('Set the DNI_ADMIN_KEY secret (24+ characters) before first use: wrangler secret put DNI_ADMIN_KEY');
    }
    await bootstrap(db, config, Date.now());
  } catch (err) {
    if (isMissingTable(err)) {
      throw new NotReady(
        env.DNI_DATABASE_URL
          ? 'The libSQL database has no tables yet: apply the migrations first (docs/deploy-cloudflare.md, "Turso")'
          : 'The D1 database has no tables yet: run `wrangler d1 migrations apply DB --remote` (or --local)',
      );
    }
    throw err;
  }

  const app = createApp({
    db,
    config,
    now: Date.now,
    // Cloudflare's edge sets this header itself and overwrites any value a client sends.
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? undefined,
  });
  return { fetch: (request) => app.fetch(request) };
}

/**
 * The cron trigger's run. It builds its own database and configuration rather than the
 * request path's cached core: without DNI_PUBLIC_URL that core takes its public URL from
 * the first request's origin, which a cron run does not have.
 */
async function runJobs(env: Env, scheduledTime: number): Promise<void> {
  const parsed = configFromEnv(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')));
  const outcomes = await runScheduledJobs({ db: openDb(env), config: { ...parsed, publicUrl: parsed.publicUrl ?? '' }, now: scheduledTime }, scheduledJobs);
  for (const o of outcomes) if (!o.ok) console.error(`cron: ${o.name} failed: ${o.error}`);
}

// One bootstrap per isolate: the first request starts it, concurrent ones wait for the
// same promise, and a failure is forgotten so that a later request tries again (for
// instance once the migrations have been applied).
let core: Promise<Core> | undefined;
function ready(env: Env, origin: string): Promise<Core> {
  if (!core) {
    core = start(env, origin);
    core.catch(() => (core = undefined));
  }
  return core;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers } });

/** The snippet, from the asset store, with the headers the Node entry gives it. */
async function snippet(request: Request, env: Env): Promise<Response> {
  const asset = await env.ASSETS.fetch(request);
  if (!asset.ok && asset.status !== 304) return json(404, { error: { code: 'not_found', message: 'dni.js is not built: run npm run build' } });
  const res = new Response(asset.body, asset);
  res.headers.set('Cache-Control', 'public, max-age=300');
  res.headers.set('Access-Control-Allow-Origin', '*');
  return res;
}

/**
 * A dashboard path that is not a file reaches the Worker: client-side routes load the
 * dashboard's one page; a missing file (with an extension) stays a 404.
 */
async function dashboardPage(request: Request, env: Env): Promise<Response> {
  const last = new URL(request.url).pathname.split('/').pop() ?? '';
  if (last.includes('.')) return json(404, { error: { code: 'not_found', message: 'No such dashboard file' } });
  return env.ASSETS.fetch(new Request(new URL('/dashboard/', request.url), { method: request.method, headers: request.headers }));
}

/** Security headers on a response that may come from the asset store (whose headers are immutable). */
function secured(res: Response, path: string): Response {
  const out = new Response(res.body, res);
  addSecurityHeaders(out.headers, path);
  return out;
}

async function route(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const read = request.method === 'GET' || request.method === 'HEAD';
  if (read && url.pathname === '/dni.js') return snippet(request, env);
  if (read && url.pathname.startsWith('/dashboard/')) return dashboardPage(request, env);
  let app: Core;
  try {
    app = await ready(env, url.origin);
  } catch (err) {
    if (err instanceof NotReady) return json(503, { error: { code: 'not_ready', message: err.message } }, { 'retry-after': '5' });
    console.error(err);
    return json(503, { error: { code: 'not_ready', message: 'The collector could not start; see the Worker logs' } }, { 'retry-after': '5' });
  }
  return app.fetch(request);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return secured(await route(request, env), new URL(request.url).pathname);
  },

  // The event lasts as long as the returned promise: the jobs finish before it ends.
  async scheduled(controller: ScheduledController, env: Env) {
    await runJobs(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
