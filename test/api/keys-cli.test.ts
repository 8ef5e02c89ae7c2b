// `npm run keys` as an operator runs it: the real CLI process on the server's libSQL
// file, and the key it prints then used against the running server.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../collector/node';
import { httpClient } from '../helpers/http';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
// Each run is a new tsx process: seconds apiece on a busy machine.
const CLI_RUNS_TIMEOUT = 180_000;

let dir: string;
let server: RunningServer;
let env: Record<string, string>;

/** Runs the CLI on the server's database; resolves with its output and exit code. */
async function keys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [join(ROOT, 'scripts', 'keys.ts'), ...args], { env: { ...process.env, ...env }, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dni-keys-'));
  env = { DNI_DATABASE_URL: `file:${join(dir, 'dni.db')}` };
  // A new database whose generated admin key was printed once, and lost.
  server = await startServer({ ...env, PORT: '0', DNI_DEMO: '0', DNI_ADMIN_KEY: '' });
  expect(server.generatedAdminKey).toBeDefined();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run keys', () => {
  it('creates an admin key that works at once against the running server, lists it, and revokes it', async () => {
    const created = await keys('create', '--role', 'admin', '--name', 'recovered');
    expect(created.code, created.stderr).toBe(0);
    const id = /Created admin key (key_\S+) \(recovered\)/.exec(created.stdout)?.[1];
    const key = created.stdout.trim().split('\n').at(-1)!;
    expect(id).toBeDefined();
    expect(key.length).toBeGreaterThanOrEqual(24);

    const api = httpClient(server.url, key);
    const me = await api.api('GET', '/v1/api-keys');
    expect(me.status).toBe(200);
    expect(me.json.api_keys.map((k: { id: string }) => k.id)).toContain(id);
    // An admin key indeed: it makes a site.
    expect((await api.api('POST', '/v1/sites', { name: 'Shop', domains: ['shop.example'] })).status).toBe(201);

    const listed = await keys('list');
    expect(listed.code).toBe(0);
    const line = listed.stdout.split('\n').find((l) => l.startsWith(id!));
    expect(line).toMatch(/\tadmin\tactive\t.*\trecovered$/);
    // The first, lost key is there too; no key itself is ever printed by list.
    expect(listed.stdout.split('\n').filter((l) => l.startsWith('key_'))).toHaveLength(2);
    expect(listed.stdout).not.toContain(key);

    const revoked = await keys('revoke', id!);
    expect(revoked.code).toBe(0);
    expect((await api.api('GET', '/v1/api-keys')).status).toBe(401);
    expect((await keys('list')).stdout.split('\n').find((l) => l.startsWith(id!))).toMatch(/\tadmin\trevoked /);
  }, CLI_RUNS_TIMEOUT);

  it("creates a buyer key bound to one buyer, which reads that buyer's calls and nothing of the network's", async () => {
    const admin = await keys('create', '--role', 'admin', '--name', 'setup');
    expect(admin.code, admin.stderr).toBe(0);
    const api = httpClient(server.url, admin.stdout.trim().split('\n').at(-1)!);
    const buyer = await api.api('POST', '/v1/buyers', { name: 'Rooter Co' });
    expect(buyer.status).toBe(201);

    const created = await keys('create', '--role', 'buyer', '--buyer', buyer.json.id, '--name', 'rooter');
    expect(created.code, created.stderr).toBe(0);
    const id = /Created buyer key (key_\S+) \(rooter\)/.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    const buyerApi = httpClient(server.url, created.stdout.trim().split('\n').at(-1)!);
    const me = await buyerApi.api('GET', '/v1/me');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ role: 'buyer', buyer: { id: buyer.json.id, name: 'Rooter Co' } });
    expect((await buyerApi.api('GET', '/v1/calls')).status).toBe(200);
    expect((await buyerApi.api('GET', '/v1/sites')).status).toBe(403);

    const listed = (await keys('list')).stdout.split('\n').find((l) => l.startsWith(id!));
    expect(listed).toMatch(new RegExp(`\\tbuyer\\tactive\\t.*\\t${buyer.json.id}\\trooter$`));

    // A buyer key names its buyer, one of this account's.
    for (const args of [['create', '--role', 'buyer'], ['create', '--role', 'buyer', '--buyer', 'by_nope'], ['create', '--role', 'viewer', '--buyer', buyer.json.id]]) {
      const run = await keys(...args);
      expect(run.code, args.join(' ')).toBe(2);
    }
  }, CLI_RUNS_TIMEOUT);

  it('refuses bad input with the usage and exit code 2, changing nothing', async () => {
    const before = (await keys('list')).stdout;
    for (const args of [['rotate'], ['create', '--role', 'owner'], ['create', '--role', 'publisher'], ['revoke', 'key_nope']]) {
      const run = await keys(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('Usage:');
    }
    expect((await keys('list')).stdout).toBe(before);
  }, CLI_RUNS_TIMEOUT);
});
