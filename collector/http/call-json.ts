import { maskCaller } from '../domain/phone';
import type { calls } from '../db/schema';
import type { Role } from './context';

type CallRow = typeof calls.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Where a call came from on the web: none of a buyer's business (the network's traffic and publishers). */
function attributionJson(c: CallRow, publisherCode: (id: string | null) => string | null) {
  return {
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
  };
}

/** The same fields, all null: the shape stays, the content goes. */
const blanked = <T extends object>(o: T) => Object.fromEntries(Object.keys(o).map((k) => [k, null])) as { [K in keyof T]: null };

/**
 * A call as API.md shapes it. Publishers see callers masked to the last four digits,
 * no tracking number, no recording (the caller's own voice, behind a link that names the advertiser's
 * carrier account), and whether a call converted but not what it was worth to the advertiser.
 * Buyers see the whole caller (they talk to them), the recording and their own revenue,
 * but not the network's side: no site, tracking number, publisher payout or attribution.
 */
export function callJson(c: CallRow, role: Role, publisherCode: (id: string | null) => string | null) {
  const publisher = role === 'publisher';
  const buyer = role === 'buyer';
  return {
    id: c.id,
    provider_id: c.providerId,
    site: buyer ? null : c.siteId,
    // Which pool number rang is the advertiser's business (GET /v1/pools is 403 to a publisher).
    tracking_number: publisher || buyer ? null : c.trackingNumber,
    caller: publisher ? maskCaller(c.caller) : c.caller,
    caller_city: c.callerCity,
    caller_state: c.callerState,
    started_at: iso(c.startedAt),
    duration_s: c.durationS,
    status: c.status,
    qualified: c.qualified ?? false,
    reasons: c.reasons,
    duplicate: c.duplicate,
    // What the publisher earns is between the network and the publisher.
    payout_cents: buyer ? null : c.payoutCents,
    // The buyer side of pay-per-call (call flows): not a publisher's business.
    revenue_cents: publisher ? null : c.revenueCents,
    buyer: publisher ? null : c.buyerId,
    // When the call was judged; null while it is still ringing or in progress.
    judged_at: iso(c.judgedAt),
    currency: c.currency,
    recording_url: publisher ? null : c.recordingUrl,
    fraud_signals: c.fraudSignals,
    conversion:
      c.convertedAt === null
        ? null
        : { value_cents: publisher ? null : c.conversionValueCents, currency: c.conversionCurrency, at: iso(c.convertedAt) },
    attribution: buyer ? blanked(attributionJson(c, publisherCode)) : attributionJson(c, publisherCode),
  };
}
