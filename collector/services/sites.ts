import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { forgetConfig } from '../db/config-cache';
import { pools, siteRules, sites } from '../db/schema';
import { ApiError, notFound } from '../http/errors';
import { newId } from '../ids';
import { accountCurrency } from './account-currency';

export type NewSite = { accountId: string; name: string; domains: string[]; country: string; timezone: string; keepParams?: string[] | null };
export type Site = typeof sites.$inferSelect;

/** Creates a site with default qualification rules (60 s minimum, 30-day dedupe, the account's currency). */
export async function createSite(db: Db, input: NewSite, now: number) {
  const site: Site = {
    id: newId('st'),
    publicKey: newId('site'),
    accountId: input.accountId,
    name: input.name,
    domains: input.domains.map((d) => d.toLowerCase()),
    country: input.country.toUpperCase(),
    timezone: input.timezone,
    keepParams: input.keepParams ?? null,
    flowId: null,
    createdAt: now,
    archivedAt: null,
  };
  // A new site pays in the account's currency (account-currency.ts).
  const currency = await accountCurrency(db, input.accountId);
  await db.batch([db.insert(sites).values(site), db.insert(siteRules).values({ siteId: site.id, currency, updatedAt: now })]);
  return site;
}

/**
 * The account's site named by `ref`: its id (`st_…`) or its public key (`site_…`), so
 * the key the script tag carries works wherever a site is named. Archived sites too.
 */
export async function findSite(db: Db, accountId: string, ref: string): Promise<Site | undefined> {
  const [site] = await db
    .select()
    .from(sites)
    .where(and(or(eq(sites.id, ref), eq(sites.publicKey, ref)), eq(sites.accountId, accountId)))
    .limit(1);
  return site;
}

/** Like `findSite`, answering 404 for a site that is not there. */
export async function siteOrNotFound(db: Db, accountId: string, ref: string): Promise<Site> {
  const site = await findSite(db, accountId, ref);
  if (!site) throw notFound('Site');
  return site;
}

/** Refuses a change to an archived site: it is kept as it was for its calls and reports. */
export function assertSiteActive(site: Site): void {
  if (site.archivedAt !== null) throw new ApiError('conflict', `Site ${site.name} is archived`);
}

export type SiteChanges = Partial<Pick<Site, 'name' | 'domains' | 'country' | 'timezone' | 'keepParams'>>;

export async function updateSite(db: Db, site: Site, changes: SiteChanges): Promise<Site> {
  assertSiteActive(site);
  const set: SiteChanges = {
    ...changes,
    ...(changes.domains ? { domains: [...new Set(changes.domains.map((d) => d.toLowerCase()))] } : {}),
    ...(changes.country ? { country: changes.country.toUpperCase() } : {}),
  };
  if (Object.keys(set).length === 0) return site;
  const [row] = await db.update(sites).set(set).where(eq(sites.id, site.id)).returning();
  forgetConfig(db);
  return row!;
}

/**
 * Archives a site and its pools in one batch: hidden from lists, the snippet gets no
 * numbers there again, and its sessions, calls and reports stay. Archiving twice changes nothing.
 */
export async function archiveSite(db: Db, site: Site, now: number): Promise<Site> {
  if (site.archivedAt !== null) return site;
  await db.batch([
    db.update(sites).set({ archivedAt: now }).where(eq(sites.id, site.id)),
    db.update(pools).set({ archivedAt: now }).where(and(eq(pools.siteId, site.id), isNull(pools.archivedAt))),
  ]);
  forgetConfig(db);
  return { ...site, archivedAt: now };
}

export function scriptTag(publicUrl: string, publicKey: string): string {
  return `<script src="${publicUrl}/dni.js" data-site="${publicKey}" async></script>`;
}
