import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { accounts, apiKeys, buyers, publishers } from '../db/schema';
import type { AppEnv } from '../http/context';
import { accountCurrency } from '../services/account-currency';

/** Who a key is: the dashboard shows and hides actions by role, and names the publisher or buyer. */
export const meRoutes = new Hono<AppEnv>();

meRoutes.get('/', async (c) => {
  const { db } = c.get('deps');
  const auth = c.get('auth');
  const [account] = await db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(eq(accounts.id, auth.accountId)).limit(1);
  const [key] = await db.select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix }).from(apiKeys).where(eq(apiKeys.id, auth.keyId)).limit(1);
  const [publisher] = auth.publisherId
    ? await db
        .select({ id: publishers.id, name: publishers.name, code: publishers.code })
        .from(publishers)
        .where(and(eq(publishers.id, auth.publisherId), eq(publishers.accountId, auth.accountId)))
        .limit(1)
    : [];
  const [buyer] = auth.buyerId
    ? await db
        .select({ id: buyers.id, name: buyers.name })
        .from(buyers)
        .where(and(eq(buyers.id, auth.buyerId), eq(buyers.accountId, auth.accountId)))
        .limit(1)
    : [];
  return c.json({
    role: auth.role,
    account: account ? { ...account, currency: await accountCurrency(db, auth.accountId) } : null,
    // An operator-chosen key stores no prefix (routes/api-keys.ts).
    key: key ? { ...key, prefix: key.prefix || null } : null,
    publisher: publisher ?? null,
    buyer: buyer ?? null,
  });
});
