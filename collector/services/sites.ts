import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { siteRules, sites } from '../db/schema';
import { newId } from '../ids';
import { accountCurrency } from './account-currency';

export type NewSite = { accountId: string; name: string; domains: string[]; country: string; timezone: string };

/** Creates a site with default qualification rules (60 s minimum, 30-day dedupe, the account's currency). */
export async function createSite(db: Db, input: NewSite, now: number) {
  const site = {
    id: newId('st'),
    publicKey: newId('site'),
    accountId: input.accountId,
    name: input.name,
    domains: input.domains.map((d) => d.toLowerCase()),
    country: input.country.toUpperCase(),
    timezone: input.timezone,
    flowId: null,
    createdAt: now,
  };
  // A new site pays in the account's currency (account-currency.ts).
  const currency = await accountCurrency(db, input.accountId);
  await db.batch([db.insert(sites).values(site), db.insert(siteRules).values({ siteId: site.id, currency, updatedAt: now })]);
  return site;
}

export async function findSite(db: Db, accountId: string, id: string) {
  const [site] = await db
    .select()
    .from(sites)
    .where(and(eq(sites.id, id), eq(sites.accountId, accountId)))
    .limit(1);
  return site;
}

export function scriptTag(publicUrl: string, publicKey: string): string {
  return `<script src="${publicUrl}/dni.js" data-site="${publicKey}" async></script>`;
}
