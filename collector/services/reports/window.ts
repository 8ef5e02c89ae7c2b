import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sites } from '../../db/schema';
import { resolveBound } from '../../domain/report-time';
import { ApiError, notFound } from '../../http/errors';

const DAY = 86_400_000;
const DEFAULT_RANGE_DAYS = 30;

/** The time range and time zone one report covers. */
type ReportWindow = { from: number; to: number; zone: string; siteIds?: string[] };

/**
 * The zone a report counts days in: the site's when one is asked for; otherwise the
 * account's first site's (most accounts have one site, and its day is the business's
 * day); UTC for an account with no site yet.
 */
async function reportZone(db: Db, accountId: string, siteId: string | undefined): Promise<string> {
  const [site] = await db
    .select({ timezone: sites.timezone })
    .from(sites)
    .where(and(eq(sites.accountId, accountId), siteId ? eq(sites.id, siteId) : undefined))
    .orderBy(asc(sites.createdAt), asc(sites.id))
    .limit(1);
  if (siteId && !site) throw notFound('Site');
  return site?.timezone ?? 'UTC';
}

/**
 * Resolves `from`/`to` (ISO instants, or dates in the report's zone with `to`
 * inclusive) into [from, to). Without bounds: the last 30 days up to now.
 */
export async function reportWindow(
  db: Db,
  accountId: string,
  q: { from?: string; to?: string; site?: string },
  now: number,
): Promise<ReportWindow> {
  const zone = await reportZone(db, accountId, q.site);
  const to = q.to ? resolveBound(q.to, zone, true) : now;
  const from = q.from ? resolveBound(q.from, zone, false) : to - DEFAULT_RANGE_DAYS * DAY;
  if (!(from < to)) throw new ApiError('invalid_request', 'from: must be before to');
  return { from, to, zone, ...(q.site ? { siteIds: [q.site] } : {}) };
}
