import { and, asc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sites } from '../../db/schema';
import { resolveBound } from '../../domain/report-time';
import { ApiError, notFound } from '../../http/errors';

const DAY = 86_400_000;
const DEFAULT_RANGE_DAYS = 30;

/** The time range and time zone one report covers. */
type ReportWindow = { from: number; to: number; zone: string; siteIds?: string[] };

/**
 * The zone a report counts days in: the site's when one is asked for (by id or site
 * key); otherwise the account's first site's (most accounts have one site, and its day
 * is the business's day); UTC for an account with no site yet. With the site's id.
 */
async function reportZone(db: Db, accountId: string, site: string | undefined): Promise<{ zone: string; siteId?: string }> {
  const [row] = await db
    .select({ id: sites.id, timezone: sites.timezone })
    .from(sites)
    .where(and(eq(sites.accountId, accountId), site ? or(eq(sites.id, site), eq(sites.publicKey, site)) : undefined))
    .orderBy(asc(sites.createdAt), asc(sites.id))
    .limit(1);
  if (site && !row) throw notFound('Site');
  return { zone: row?.timezone ?? 'UTC', ...(site ? { siteId: row!.id } : {}) };
}

/** The bounds a request gave, resolved in the report's zone; a missing bound stays missing. `siteId`: the site it named. */
type GivenBounds = { from?: number; to?: number; zone: string; siteId?: string };

/**
 * Resolves `from`/`to` (ISO instants, or dates in the report's zone with `to`
 * inclusive) into [from, to), leaving out the bounds not given: the call log lists
 * everything without them.
 */
export async function givenBounds(db: Db, accountId: string, q: { from?: string; to?: string; site?: string }): Promise<GivenBounds> {
  const { zone, siteId } = await reportZone(db, accountId, q.site);
  const to = q.to ? resolveBound(q.to, zone, true) : undefined;
  const from = q.from ? resolveBound(q.from, zone, false) : undefined;
  if (from !== undefined && to !== undefined && !(from < to)) throw new ApiError('invalid_request', 'from: must be before to');
  return { from, to, zone, ...(siteId ? { siteId } : {}) };
}

/** Like `givenBounds`, with the defaults reports use: the last 30 days up to now. */
export async function reportWindow(
  db: Db,
  accountId: string,
  q: { from?: string; to?: string; site?: string },
  now: number,
): Promise<ReportWindow> {
  const given = await givenBounds(db, accountId, q);
  const to = given.to ?? now;
  const from = given.from ?? to - DEFAULT_RANGE_DAYS * DAY;
  if (!(from < to)) throw new ApiError('invalid_request', 'from: must be before to');
  return { from, to, zone: given.zone, ...(given.siteId ? { siteIds: [given.siteId] } : {}) };
}
