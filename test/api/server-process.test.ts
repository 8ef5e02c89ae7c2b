// The Node server as `npm start` runs it, in its own process: what it says at start, one
// log line per request that carries no key or query string, `npm run demo:call` finding
// it through PORT, and a clean stop on SIGTERM.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISITOR_USER_AGENT } from '../helpers/http';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const ADMIN_KEY = 'pr_Q7vL2mXc9TbN4kRz8WdH3sJf6YgP1aE5';
// tsx processes start slowly on a busy machine.
const PROCESS_TIMEOUT = 120_000;

let dir: string;
let child: ChildProcessWithoutNullStreams;
let output = '';
let url: string;
let exited: Promise<number | null>;
let env: Record<string, string>;

/** Resolves once the server's output matches `pattern`. */
function waitForOutput(pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((found, fail) => {
    const check = () => {
      const match = pattern.exec(output);
      if (match) {
        child.stdout.off('data', check);
        found(match);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', () => fail(new Error(`The server exited; it said:\n${output}`)));
    check();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dni-process-'));
  const port = '0';
  env = { DNI_DATABASE_URL: `file:${join(dir, 'dni.db')}`, DNI_ADMIN_KEY: ADMIN_KEY, DNI_DEMO: '1', PORT: port };
  child = spawn(TSX, [join(ROOT, 'collector', 'node.ts')], { cwd: dir, env: { ...process.env, ...env } });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  exited = new Promise((done) => child.once('exit', (code) => done(code)));
  url = (await waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
  env.PORT = new URL(url).port;
}, PROCESS_TIMEOUT);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the server process', () => {
  it('says at start which database file it opened', async () => {
    expect((await waitForOutput(/^ {2}database: (.*)$/m))[1]).toBe(join(dir, 'dni.db'));
  });

  it('logs one line per request: method, path without its query, status and milliseconds; never a key', async () => {
    const sites = await fetch(`${url}/v1/sites?archived=1`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(sites.status).toBe(200);
    const missing = await fetch(`${url}/no/such/path?x=1`);
    expect(missing.status).toBe(404);
    const line = (await waitForOutput(/^(\S+) GET \/no\/such\/path (\d{3}) (\d+)ms$/m))[0];
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET \/no\/such\/path 404 \d+ms$/);
    expect(output).toMatch(/^\S+Z GET \/v1\/sites 200 \d+ms$/m);
    expect(output).not.toContain('archived=1');
    expect(output).not.toContain(ADMIN_KEY);
  });

  it('is found by npm run demo:call through the same PORT', async () => {
    // The demo number a visitor was shown is the one the simulated call rings.
    const visit = await fetch(`${url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': VISITOR_USER_AGENT },
      body: JSON.stringify({ site: 'site_demo', url: 'http://localhost/demo' }),
    });
    const shown = ((await visit.json()) as { numbers: Array<{ number: string }> }).numbers[0]!.number;
    const { stdout } = await promisify(execFile)(TSX, [join(ROOT, 'scripts', 'demo-call.ts')], { cwd: ROOT, env: { ...process.env, ...env } });
    expect(stdout).toContain(`called ${shown} for 95 s.`);
    await waitForOutput(/ POST \/demo\/call 201 \d+ms$/m);
  }, PROCESS_TIMEOUT);

  it('closes the server and the database on SIGTERM and exits 0', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: closing the server');
    expect(output).toContain('Server closed, database closed');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, PROCESS_TIMEOUT);
});
