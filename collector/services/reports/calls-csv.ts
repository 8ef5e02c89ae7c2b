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
] as const;

/** One call as a CSV record, through the same JSON shaping (and caller masking) as the API. */
export function callsCsvRecord(row: CallRow, role: Role, publisherCode: (id: string | null) => string | null): CsvRecord {
  const c = callJson(row, role, publisherCode);
  const a = c.attribution;
  return [
    c.id, c.provider_id, c.started_at, c.site, c.tracking_number, c.caller, c.caller_city, c.caller_state,
    c.duration_s, c.status, c.qualified, c.reasons.join(';'), c.duplicate, c.payout_cents, c.currency,
    c.conversion?.value_cents, c.conversion?.currency, c.conversion?.at, a.confidence, a.session, a.source, a.medium,
    a.campaign, a.keyword, a.content, a.publisher, a.landing_page, a.referrer, a.gclid, a.msclkid, a.fbclid,
    a.device, a.browser, a.os, c.fraud_signals.join(';'), c.recording_url,
  ];
}
