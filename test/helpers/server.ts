// The real Node server (collector/node.ts) on a fresh database file and a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../collector/node';
import { httpClient } from './http';

export const SERVER_ADMIN_KEY = 'sv_M3xP8rTq2VnB6cLw9ZkD4gHs7YjF1uE5';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export async function startTestServer(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dni-server-'));
  const databaseUrl = `file:${join(dir, 'dni.db')}`;
  const server = await startServer({
    PORT: '0',
    DNI_DATABASE_URL: databaseUrl,
    DNI_ADMIN_KEY: SERVER_ADMIN_KEY,
    DNI_DEMO: '0',
    // The per-address limits are off unless a test turns one on: every request here comes from 127.0.0.1.
    DNI_SESSION_RATE_LIMIT: '0',
    DNI_LIVE_LEASES_PER_CLIENT: '0',
    DNI_WRITE_BUDGET_PER_MINUTE: '0',
    DNI_AUTH_FAILURES_PER_MINUTE: '0',
    DNI_JOBS_INTERVAL_S: '0',
    ...env,
  });
  const client = httpClient(server.url, SERVER_ADMIN_KEY);
  return {
    url: server.url,
    /** What Twilio signs and the script tag names: DNI_PUBLIC_URL, or http://localhost:port. */
    publicUrl: server.publicUrl,
    adminKey: SERVER_ADMIN_KEY,
    /** The server's libSQL file, for a test to read what no route answers. */
    databaseUrl,
    api: client.api,
    request: client.request,
    /** Runs the scheduled jobs now, as the server's timer would (tests start it with the timer off). */
    runJobs: server.runJobs,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
