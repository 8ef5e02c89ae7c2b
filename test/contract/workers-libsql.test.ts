// The HTTP contract against the Workers entry in its libSQL mode: DNI_DATABASE_URL names
// a libSQL server, so the Worker talks to it through @libsql/client/web (fetch) instead
// of D1. The server is test/helpers/hrana-server.ts (Hrana over HTTP on a local SQLite
// file), migrated with drizzle's migrator as the Node entry migrates a Turso database.
// The Worker's own D1 is left without tables: had the Worker used it, nothing would pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { startHranaServer } from '../helpers/hrana-server';
import { startTestWorker } from '../helpers/worker';
import { CONTRACT_ENV, contractSuite } from './suite';

contractSuite('Workers over libSQL (@libsql/client/web)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dni-libsql-'));
  const file = join(dir, 'dni.db');
  const client = createClient({ url: `file:${file}` });
  await migrate(drizzle(client), { migrationsFolder: resolve(import.meta.dirname, '../../migrations') });
  client.close();
  const libsql = await startHranaServer(file);
  const worker = await startTestWorker({ migrate: false, vars: { ...CONTRACT_ENV, DNI_DATABASE_URL: libsql.url } });
  return {
    url: worker.url,
    adminKey: worker.adminKey,
    runJobs: () => worker.runCron(),
    close: async () => {
      await worker.close();
      await libsql.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
