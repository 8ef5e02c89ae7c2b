// Nothing acknowledged is lost: the real Node server, as its own process, records a call
// whose webhook is mid-send when the process is killed (SIGKILL, no chance to clean up).
// After a restart on the same database file, the scheduled job delivers it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, expect, it } from 'vitest';
import * as schema from '../../collector/db/schema';
import { deliverEvents } from '../../collector/jobs/deliver-events';
import { httpClient } from '../helpers/http';
import { startReceiver } from '../helpers/receiver';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN_KEY = 'cr_T4nW8qZ2xL6vB9mK3pR7sD1fH5jY0gC';
const dir = mkdtempSync(join(tmpdir(), 'dni-crash-'));
const dbUrl = `file:${join(dir, 'dni.db')}`;
const children: ChildProcess[] = [];

/** `tsx collector/node.ts` on the test's database file; resolves with its URL once it listens. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'collector/node.ts')], {
    cwd: ROOT,
    // No timer: the only send before the kill is the in-process kick after the request.
    env: { ...process.env, PORT: '0', DNI_DATABASE_URL: dbUrl, DNI_ADMIN_KEY: ADMIN_KEY, DNI_DEMO: '0', DNI_JOBS_INTERVAL_S: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => fail(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((ok) => (child.exitCode !== null || child.signalCode !== null ? ok() : child.once('exit', () => ok())));

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
  rmSync(dir, { recursive: true, force: true });
});

it('a webhook mid-send when the server is killed -9 is delivered after a restart', async () => {
  const receiver = await startReceiver();
  try {
    const first = await startChild();
    let api = httpClient(first.url, ADMIN_KEY).api;
    const site = await api('POST', '/v1/sites', { name: 'Shop', domains: ['shop.example'] });
    expect(site.status, site.text).toBe(201);
    const hook = await api('POST', '/v1/webhooks', { url: `${receiver.url}/hook`, events: ['call.completed'] });
    expect(hook.status, hook.text).toBe(201);
    // The receiver takes the first try and never answers it: the process dies mid-send.
    receiver.answer('hold');
    const call = await api('POST', '/v1/calls', {
      id: 'crash-1',
      to: '+14155550101',
      from: '+14155550199',
      started_at: new Date().toISOString(),
      duration_s: 30,
      status: 'completed',
    });
    expect(call.status, call.text).toBe(201);
    await receiver.received(1);
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await startChild();
    api = httpClient(second.url, ADMIN_KEY).api;
    const before = (await api('GET', `/v1/webhooks/${hook.json.id}/deliveries`)).json.deliveries;
    expect(before).toMatchObject([{ type: 'call.completed', status: 'pending', attempts: 1 }]);

    // The scheduled job, after the dead runner's claim (60 s) has run out, on the same file.
    const client = createClient({ url: dbUrl });
    try {
      const run = await deliverEvents.run({ db: drizzle(client, { schema }), config: { publicUrl: second.url, demo: false, sessionRateLimit: 0, authFailuresPerMinute: 0, liveLeasesPerClient: 0, leaseMaxMinutes: 120, writeBudgetPerMinute: 0 }, now: Date.now() + 120_000 });
      expect(run).toEqual({ sent: 1, retrying: 0, failed: 0, refused: 0 });
    } finally {
      client.close();
    }
    expect(receiver.requests).toHaveLength(2);
    const [held, delivered] = receiver.requests.map((r) => JSON.parse(r.body));
    expect(delivered).toMatchObject({ type: 'call.completed', data: { call: { id: call.json.id } } });
    expect(delivered.id).toBe(held.id);
    const after = (await api('GET', `/v1/webhooks/${hook.json.id}/deliveries`)).json.deliveries;
    expect(after).toMatchObject([{ status: 'sent', attempts: 2, last_status_code: 200 }]);
  } finally {
    await receiver.close();
  }
});
