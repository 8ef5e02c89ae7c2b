import { and, eq, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import { calls, sessions, sites } from '../../db/schema';
import { csvToken } from '../../domain/csv';
import { majorUnits } from '../../domain/money';
import type { Role } from '../../http/context';
import type { CallRow } from './call-pages';
import type { CsvRecord } from './csv-stream';

// Google Ads offline click conversions (DOMAIN.md). Times are written in UTC and the
// file says so once, on its first line.
export const googleAdsPreamble = ['Parameters:TimeZone=+0000'];
export const googleAdsHeader = ['Google Click ID', 'Conversion Name', 'Conversion Time', 'Conversion Value', 'Conversion Currency'] as const;

/** Google accepts an upload of a click's conversion for 90 days after the click. */
const CLICK_ID_LIFETIME_MS = 90 * 86_400_000;

/**
 * Which calls become conversions: qualified, with a gclid whose click is still young
 * enough to upload `now` (the file is made to be uploaded at once; an older click is
 * rejected by Google as expired), on a site that is not archived: archiving a site (the
 * demo's, whose fictional gclid=demo-click Google would refuse, or a business given up)
 * takes its clicks out of the uploads, while its calls stay in the call log and reports.
 */
export function googleAdsWhere(scope: SQL, now: number): SQL {
  return and(
    scope,
    eq(calls.qualified, true),
    isNotNull(calls.gclid),
    ne(calls.gclid, ''),
    sql`EXISTS (SELECT 1 FROM ${sessions} WHERE ${sessions.id} = ${calls.sessionId}
      AND ${sessions.startedAt} > ${now - CLICK_ID_LIFETIME_MS})`,
    sql`NOT EXISTS (SELECT 1 FROM ${sites} WHERE ${sites.id} = ${calls.siteId} AND ${sites.archivedAt} IS NOT NULL)`,
  )!;
}

/** `yyyy-MM-dd HH:mm:ss` in UTC. */
export function googleAdsTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One conversion: the call is the conversion and its start is the conversion time. A
 * call marked converted carries its value; any other leaves value and currency empty,
 * so Google applies the conversion action's own default value instead of a number we
 * made up (the payout is what the call cost, not what it was worth). A publisher's
 * file never carries values: what a call was worth is the advertiser's business
 * (domain/role-views.ts).
 */
export function googleAdsRecord(row: CallRow, conversionName: string, role: Role): CsvRecord {
  const valued = role !== 'publisher' && row.convertedAt !== null && row.conversionValueCents !== null;
  const currency = row.conversionCurrency ?? row.currency;
  return [
    csvToken(row.gclid ?? ''),
    conversionName,
    googleAdsTime(row.startedAt),
    valued ? majorUnits(row.conversionValueCents!, currency) : null,
    valued ? currency : null,
  ];
}
