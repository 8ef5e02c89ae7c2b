import { maskCaller } from '../domain/phone';
import type { calls } from '../db/schema';
import type { Role } from './context';

type CallRow = typeof calls.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A call as API.md shapes it. Publishers see callers masked to the last four digits,
 * no tracking number, no recording (the caller's own voice, behind a link that names the advertiser's
 * carrier account), and whether a call converted but not what it was worth to the advertiser.
 */
export function callJson(c: CallRow, role: Role, publisherCode: (id: string | null) => string | null) {
  return {
    id: c.id,
    provider_id: c.providerId,
    site: c.siteId,
    // Which pool number rang is the advertiser's business (GET /v1/pools is 403 to a publisher).
    tracking_number: role === 'publisher' ? null : c.trackingNumber,
    caller: role === 'publisher' ? maskCaller(c.caller) : c.caller,
    caller_city: c.callerCity,
    caller_state: c.callerState,
    started_at: iso(c.startedAt),
    duration_s: c.durationS,
    status: c.status,
    qualified: c.qualified ?? false,
    reasons: c.reasons,
    duplicate: c.duplicate,
    payout_cents: c.payoutCents,
    // The buyer side of pay-per-call (call flows): not a publisher's business.
    revenue_cents: role === 'publisher' ? null : c.revenueCents,
    buyer: role === 'publisher' ? null : c.buyerId,
    // When the call was judged; null while it is still ringing or in progress.
    judged_at: iso(c.judgedAt),
    currency: c.currency,
    recording_url: role === 'publisher' ? null : c.recordingUrl,
    fraud_signals: c.fraudSignals,
    conversion:
      c.convertedAt === null
        ? null
        : { value_cents: role === 'publisher' ? null : c.conversionValueCents, currency: c.conversionCurrency, at: iso(c.convertedAt) },
    attribution: {
      confidence: c.confidence,
      session: c.sessionId,
      visitor: c.visitorId,
      source: c.source,
      medium: c.medium,
      campaign: c.campaign,
      keyword: c.keyword,
      content: c.content,
      publisher: publisherCode(c.publisherId),
      landing_page: c.landingPage,
      referrer: c.referrer,
      gclid: c.gclid,
      msclkid: c.msclkid,
      fbclid: c.fbclid,
      device: c.device,
      browser: c.browser,
      os: c.os,
    },
  };
}
