// `npm run worker:dev`: the collector on workerd with a local D1, offline and without a
// Cloudflare account. Applies the migrations to the local D1 (as a deploy applies them
// remotely), then runs `wrangler dev` on PORT at 127.0.0.1, passing the configuration
// from this environment to the Worker.
//
//   PORT                    listen port (default 8787)
//   DNI_WORKER_STATE        local state folder (default .wrangler/state)
//   DNI_ADMIN_KEY           admin key of a new local database; when unset, one is made
//                           once, kept in the state folder and printed at every start
//   DNI_PUBLIC_URL          default http://localhost:PORT
//   DNI_SESSION_RATE_LIMIT, TWILIO_AUTH_TOKEN, DNI_DEMO (default 1, as for npm start)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

const port = process.env.PORT || '8787';
const state = resolve(ROOT, process.env.DNI_WORKER_STATE || '.wrangler/state');
// Offline by default: no request.cf lookup, no telemetry.
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false', WRANGLER_SEND_METRICS: process.env.WRANGLER_SEND_METRICS ?? 'false' };

function run(args: string[], opts: { detached?: boolean } = {}) {
  // No stdin: a process group in the background must not read the terminal.
  return spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], detached: opts.detached });
}

function exitCode(child: ReturnType<typeof run>): Promise<number> {
  return new Promise((ok) => child.once('exit', (code, signal) => ok(code ?? (signal ? 1 : 0))));
}

/** The admin key for a new local database: the environment's, else one kept in the state folder. */
function adminKey(): { key: string | undefined; made: boolean } {
  if (process.env.DNI_ADMIN_KEY) return { key: process.env.DNI_ADMIN_KEY, made: false };
  const file = join(state, 'dni-admin-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), made: false };
  // A database first started with DNI_ADMIN_KEY keeps that key; a new one here would not work.
  if (existed) return { key: undefined, made: false };
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const key = `dni_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  mkdirSync(state, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, made: true };
}

if (!existsSync(join(ROOT, 'dist', 'dni.js'))) {
  console.error('dist/ is not built: run `npm run build` first (npm run worker:dev does).');
  process.exit(1);
}

const existed = existsSync(join(state, 'v3', 'd1'));
mkdirSync(state, { recursive: true });
const migrated = await exitCode(run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]));
if (migrated !== 0) process.exit(migrated);

const { key, made } = adminKey();
const vars: Record<string, string | undefined> = {
  DNI_ADMIN_KEY: key,
  DNI_PUBLIC_URL: process.env.DNI_PUBLIC_URL || `http://localhost:${port}`,
  DNI_DEMO: process.env.DNI_DEMO || '1',
  DNI_SESSION_RATE_LIMIT: process.env.DNI_SESSION_RATE_LIMIT,
  TWILIO_AUTH_TOKEN: process.env.TWILIO_AUTH_TOKEN,
};
const varArgs = Object.entries(vars).flatMap(([k, v]) => (v ? ['--var', `${k}:${v}`] : []));

console.log(`\nDNI collector on workerd (local D1 in ${state})`);
console.log(`  dashboard: ${vars.DNI_PUBLIC_URL}/dashboard/`);
if (vars.DNI_DEMO === '1') console.log(`  demo page: ${vars.DNI_PUBLIC_URL}/demo`);
// The key is only read when the database is new; this one was made for this state folder.
console.log(
  key
    ? `  admin API key${process.env.DNI_ADMIN_KEY ? ' (DNI_ADMIN_KEY)' : made ? ' (new, kept in the state folder)' : ' (kept in the state folder)'}: ${key}\n`
    : '  admin API key: the DNI_ADMIN_KEY this local database was first started with\n',
);

// wrangler in its own process group, so that stopping this script stops workerd too.
const dev = run(['dev', '--ip', '127.0.0.1', '--port', port, '--persist-to', state, '--show-interactive-dev-session=false', ...varArgs], { detached: true });
const stop = (signal: NodeJS.Signals) => {
  try {
    if (dev.pid) process.kill(-dev.pid, signal);
  } catch {
    // already gone
  }
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.exit(await exitCode(dev));
