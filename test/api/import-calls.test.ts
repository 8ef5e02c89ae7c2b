import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { importCalls, type PostCall } from '../../scripts/import-calls';
import { createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { startTestServer, type TestServer } from '../helpers/server';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/calls-import.csv');
const ROOT = resolve(import.meta.dirname, '../..');

let t: TestApp | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  t?.close();
  await server?.close();
  t = undefined;
  server = undefined;
});

const postTo = (app: TestApp): PostCall => async (body) => {
  const res = await app.post('/v1/calls', body);
  return { status: res.status, json: res.json };
};

describe('importCalls', () => {
  it('imports good rows oldest first, updates a repeated id and rejects bad rows with reasons', async () => {
    const app = (t = await createTestApp());
    await siteWithPool(app);
    const progress: number[] = [];
    const summary = await importCalls(readFileSync(FIXTURE, 'utf8'), postTo(app), (done) => progress.push(done));
    expect(summary).toMatchObject({ total: 11, imported: 4, updated: 1 });
    expect(summary.rejected.map((r) => [r.line, r.id])).toEqual([
      [6, 'CA-5'],
      [7, 'CA-6'],
      [8, 'CA-7'],
      [9, 'CA-8'],
      [10, null],
      [11, 'CA-9'],
    ]);
    const reason = (line: number) => summary.rejected.find((r) => r.line === line)!.reason;
    expect(reason(6)).toMatch(/^to: /);
    expect(reason(7)).toMatch(/^started_at: /);
    expect(reason(8)).toMatch(/^status: /);
    expect(reason(9)).toBe('has 2 fields, the header has 12');
    expect(reason(10)).toBe('id: required');
    expect(reason(11)).toMatch(/^duration_s: /);
    expect(progress.at(-1)).toBe(11);

    const calls = (await app.get('/v1/calls')).json.calls as { provider_id: string; [k: string]: unknown }[];
    const byId = Object.fromEntries(calls.map((c) => [c.provider_id, c]));
    expect(Object.keys(byId).sort()).toEqual(['CA-1', 'CA-2', 'CA-3', 'CA-4']);
    // CA-1 is first in time though not in the file: it is the one that qualifies, CA-3 is its duplicate.
    expect(byId['CA-1']).toMatchObject({ qualified: true, duration_s: 100, status: 'completed', recording_url: 'https://rec.example/1.mp3', caller_city: 'San Francisco, CA' });
    expect(byId['CA-3']).toMatchObject({ qualified: false, duplicate: true, started_at: '2026-06-01T14:00:00.000Z' });
    expect(byId['CA-2']).toMatchObject({ tracking_number: '+14155550102', reasons: ['too_short'] });
    expect(byId['CA-4']).toMatchObject({ caller: null, status: 'no-answer' });
  });

  it('imports nothing from a file with broken quoting or without the needed columns', async () => {
    const app = (t = await createTestApp());
    const post = postTo(app);
    await expect(importCalls('id,to,started_at,status\nA,+14155550101,2026-06-01T13:00:00Z,completed\n"B,broken', post)).rejects.toThrow('line 3');
    await expect(importCalls('id,number,when\nA,+14155550101,2026-06-01T13:00:00Z\n', post)).rejects.toThrow('no to, started_at, status column');
    await expect(importCalls('', post)).rejects.toThrow('empty');
    expect((await app.get('/v1/calls')).json.calls).toEqual([]);
  });
});

describe('npm run import:calls', () => {
  it('imports through a running server and prints a summary', async () => {
    server = await startTestServer();
    const site = await server.api('POST', '/v1/sites', { name: 'Shop', domains: ['shop.example'] });
    await server.api('POST', '/v1/pools', { site: site.json.id, name: 'P', replace: '+18005550100', forward_to: '+18005550100', numbers: ['+14155550101', '+14155550102', '+14155550103'] });
    const run = promisify(execFile)('npm', ['run', '--silent', 'import:calls', '--', FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, DNI_PUBLIC_URL: server.url, DNI_API_KEY: server.adminKey },
    });
    // Rows were rejected, so the command exits 1: a pipeline notices.
    const failure = await run.then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('11 rows: 4 imported, 1 updated, 6 rejected');
    expect(failure?.stdout).toContain('line 9 (CA-8): has 2 fields, the header has 12');
    expect(failure?.stderr).toContain('Importing: 11/11 rows');
    const calls = await server.api('GET', '/v1/calls');
    expect(calls.json.calls).toHaveLength(4);
  });
});
