import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sites } from '../../db/schema';
import { csvE164 } from '../../domain/csv';
import { localDateTime } from '../../domain/report-time';
import type { Role } from '../../http/context';
import { callJson } from '../../http/call-json';
import type { CallRow } from './call-pages';
import type { CsvRecord } from './csv-stream';

export const callsCsvHeader = [
  'id', 'provider_id', 'started_at', 'site', 'tracking_number', 'caller', 'caller_city', 'caller_state',
  'duration_s', 'status', 'qualified', 'reasons', 'duplicate', 'payout_cents', 'currency',
  'conversion_value_cents', 'conversion_currency', 'converted_at', 'confidence', 'session', 'source', 'medium',
  'campaign', 'keyword', 'content', 'publisher', 'landing_page', 'referrer', 'gclid', 'msclkid', 'fbclid',
  'device', 'browser', 'os', 'fraud_signals', 'recording_url',
  // For machines and people after the columns above (whose places stay): the site's name,
  // times on the site's wall clock, and phone numbers in E.164 that the formula guard
  // leaves alone (`+` and digits only), where the columns above start with `'`.
  'site_name', 'timezone', 'started_at_local', 'converted_at_local', 'tracking_number_e164', 'caller_e164',
  // Pay-per-call: what the buyer that took the call owes for it, and which buyer.
  'revenue_cents', 'buyer',
] as const;

export type SiteOfCall = { name: string; timezone: string };

/** The account's sites by id: each call's site name and time zone. */
export async function sitesOfAccount(db: Db, accountId: string): Promise<(id: string | null) => SiteOfCall | undefined> {
  const rows = await db.select({ id: sites.id, name: sites.name, timezone: sites.timezone }).from(sites).where(eq(sites.accountId, accountId));
  const byId = new Map(rows.map((r) => [r.id, { name: r.name, timezone: r.timezone }]));
  return (id) => (id === null ? undefined : byId.get(id));
}

/** One call as a CSV record, through the same JSON shaping (and caller masking) as the API. */
export function callsCsvRecord(row: CallRow, role: Role, publisherCode: (id: string | null) => string | null, siteOf: (id: string | null) => SiteOfCall | undefined): CsvRecord {
  const c = callJson(row, role, publisherCode);
  const a = c.attribution;
  // The site as the key may see it: a buyer sees none.
  const site = siteOf(c.site);
  const local = (ms: number | null) => (site && ms !== null ? localDateTime(site.timezone, ms) : null);
  return [
    c.id, c.provider_id, c.started_at, c.site, c.tracking_number, c.caller, c.caller_city, c.caller_state,
    c.duration_s, c.status, c.qualified, c.reasons.join(';'), c.duplicate, c.payout_cents, c.currency,
    c.conversion?.value_cents, c.conversion?.currency, c.conversion?.at, a.confidence, a.session, a.source, a.medium,
    a.campaign, a.keyword, a.content, a.publisher, a.landing_page, a.referrer, a.gclid, a.msclkid, a.fbclid,
    a.device, a.browser, a.os, c.fraud_signals.join(';'), c.recording_url,
    site?.name, site?.timezone, local(row.startedAt), local(row.convertedAt), csvE164(c.tracking_number), csvE164(c.caller),
    c.revenue_cents, c.buyer,
  ];
}
