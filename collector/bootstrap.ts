import { eq } from 'drizzle-orm';
import type { Config } from './config';
import type { Db } from './db/client';
import { accounts, sites } from './db/schema';
import { issueApiKey } from './routes/api-keys';
import { createPool } from './services/pools';
import { createSite } from './services/sites';

export const DEFAULT_ACCOUNT_ID = 'acc_default';
export const DEMO_SITE_KEY = 'site_demo';
// Fictional numbers (NXX-555-0100…0199 are reserved for fiction in North America).
export const DEMO_BUSINESS_NUMBER = '+18005550100';
const DEMO_POOL = Array.from({ length: 20 }, (_, i) => `+1415555${String(101 + i).padStart(4, '0')}`);

/**
 * Makes the default account and its first admin key on a new database, and the demo
 * site when asked. Returns the admin key only when this call generated it, so the
 * entry can print it once. Running it again changes nothing.
 */
export async function bootstrap(db: Db, config: Config, now: number): Promise<{ created: boolean; generatedAdminKey?: string }> {
  const [existing] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, DEFAULT_ACCOUNT_ID)).limit(1);
  if (existing) return { created: false };
  // A concurrent first start may have made it between the check and here: the insert is a no-op then.
  const inserted = await db
    .insert(accounts)
    .values({ id: DEFAULT_ACCOUNT_ID, name: 'Default', twilioAuthToken: config.twilioAuthToken ?? null, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: accounts.id });
  if (inserted.length === 0) return { created: false };
  const key = await issueApiKey(db, { accountId: DEFAULT_ACCOUNT_ID, role: 'admin', name: 'First admin key', key: config.adminKey }, now);
  if (config.demo) await createDemo(db, config, now);
  return { created: true, generatedAdminKey: config.adminKey ? undefined : key.key };
}

async function createDemo(db: Db, config: Config, now: number) {
  const host = new URL(config.publicUrl).hostname;
  const site = await createSite(
    db,
    { accountId: DEFAULT_ACCOUNT_ID, name: 'Demo plumbing', domains: [...new Set([host, 'localhost', '127.0.0.1'])], country: 'US', timezone: 'America/New_York' },
    now,
  );
  await db.update(sites).set({ publicKey: DEMO_SITE_KEY }).where(eq(sites.id, site.id));
  await createPool(
    db,
    {
      accountId: DEFAULT_ACCOUNT_ID,
      siteId: site.id,
      name: 'Demo visitors',
      replaceNumber: DEMO_BUSINESS_NUMBER,
      kind: 'session',
      forwardTo: DEMO_BUSINESS_NUMBER,
    },
    DEMO_POOL,
    now,
  );
}
