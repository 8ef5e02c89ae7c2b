// API keys on the configured database, without a running server or a key: the way back
// in for whoever lost the admin key (README, "Commands"). Reads DNI_DATABASE_URL and
// DNI_DATABASE_AUTH_TOKEN as `npm start` does.
import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import * as z from 'zod';
import { DEFAULT_ACCOUNT_ID } from '../collector/bootstrap';
import { parseEnv } from '../collector/config';
import { accounts, apiKeys, publishers } from '../collector/db/schema';
import { nodeEnvSchema, openDatabase } from '../collector/node';
import { buyerOfAccount, issueApiKey } from '../collector/routes/api-keys';

const USAGE = `Usage:
  npm run keys -- create --role admin|viewer|publisher|buyer [--name NAME] [--publisher PUB_ID] [--buyer BUYER_ID] [--account ACC_ID]
  npm run keys -- list [--account ACC_ID]
  npm run keys -- revoke KEY_ID [--account ACC_ID]
The database is DNI_DATABASE_URL (default file:./data/dni.db), as for npm start.`;

const createOptions = z
  .object({
    role: z.enum(['admin', 'viewer', 'publisher', 'buyer']),
    name: z.string().min(1).max(200).optional(),
    publisher: z.string().min(1).optional(),
    buyer: z.string().min(1).optional(),
  })
  .refine((o) => (o.role === 'publisher') === (o.publisher !== undefined), { message: 'a publisher key names its --publisher, and only a publisher key does' })
  .refine((o) => (o.role === 'buyer') === (o.buyer !== undefined), { message: 'a buyer key names its --buyer, and only a buyer key does' });

class UsageError extends Error {}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, publisher: { type: 'string' }, buyer: { type: 'string' }, account: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command)) throw new UsageError(command ? `Unknown command: ${command}` : 'Name a command');
  const env = parseEnv(nodeEnvSchema, process.env);
  const { db, client } = await openDatabase(env.DNI_DATABASE_URL, env.DNI_DATABASE_AUTH_TOKEN);
  try {
    const accountId = values.account ?? DEFAULT_ACCOUNT_ID;
    const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
    if (!account) throw new UsageError(`No account ${accountId} in ${env.DNI_DATABASE_URL}: start the server once (npm start) to make it`);
    const now = Date.now();

    if (command === 'create') {
      const parsed = createOptions.safeParse({ role: values.role, name: values.name, publisher: values.publisher, buyer: values.buyer });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
      const o = parsed.data;
      if (o.publisher) {
        const [p] = await db.select({ id: publishers.id }).from(publishers).where(and(eq(publishers.accountId, accountId), eq(publishers.id, o.publisher))).limit(1);
        if (!p) throw new UsageError(`No publisher ${o.publisher} in account ${accountId}`);
      }
      if (o.buyer && !(await buyerOfAccount(db, accountId, o.buyer))) throw new UsageError(`No buyer ${o.buyer} in account ${accountId}`);
      const key = await issueApiKey(db, { accountId, role: o.role, publisherId: o.publisher ?? null, buyerId: o.buyer ?? null, name: o.name ?? null }, now);
      console.log(`Created ${key.role} key ${key.id}${key.name ? ` (${key.name})` : ''}. The key, shown once:\n${key.key}`);
    } else if (command === 'list') {
      const rows = await db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(apiKeys.createdAt);
      for (const k of rows) {
        const state = k.revokedAt !== null ? `revoked ${new Date(k.revokedAt).toISOString()}` : 'active';
        console.log([k.id, k.role, state, `created ${new Date(k.createdAt).toISOString()}`, k.publisherId ?? k.buyerId ?? '', k.name ?? ''].join('\t').trimEnd());
      }
      if (rows.length === 0) console.log('No keys.');
    } else {
      const id = rest[0];
      if (!id) throw new UsageError('revoke needs the key id (see list)');
      const [row] = await db
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId)))
        .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
      if (!row) throw new UsageError(`No key ${id} in account ${accountId}`);
      console.log(`Revoked ${row.id}.`);
    }
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  if (err instanceof UsageError || (err instanceof Error && err.name === 'TypeError' && 'code' in err)) console.error(`\n${USAGE}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
