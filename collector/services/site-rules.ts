import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { siteRules } from '../db/schema';
import type { QualificationRules } from '../domain/qualification';

export type SiteRulesRow = typeof siteRules.$inferSelect;

export const qualificationRules = (r: SiteRulesRow): QualificationRules => ({
  minDurationS: r.minDurationS,
  dedupeDays: r.dedupeDays,
  businessHours: r.businessHours ?? null,
  allowedRegions: r.allowedRegions ?? null,
  blockedCallers: r.blockedCallers,
  payoutCents: r.payoutCents,
  currency: r.currency,
  payoutOn: r.payoutOn,
  payoutPercentBp: r.payoutPercentBp,
});

/** The site's current rules; every site has a row from the moment it is made. */
export async function siteRulesRow(db: Db, siteId: string): Promise<SiteRulesRow | undefined> {
  const [row] = await db.select().from(siteRules).where(eq(siteRules.siteId, siteId)).limit(1);
  return row;
}
