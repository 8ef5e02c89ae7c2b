// Which events a change to a call produces. Pure: the services hand in the call as it
// was (undefined for a new call) and as it will be once their write commits, and write
// the events this returns in the same batch as that write.
import type { calls, EventType } from '../../db/schema';
import { isFinal } from '../qualification';

type CallRow = typeof calls.$inferSelect;

export type CallEvent = { type: EventType; payload: Record<string, unknown> };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The call as an event carries it: the facts a receiver acts on, frozen when the event was written. */
export function eventCall(c: CallRow) {
  return {
    id: c.id,
    provider_id: c.providerId,
    site: c.siteId,
    tracking_number: c.trackingNumber,
    caller: c.caller,
    caller_state: c.callerState,
    started_at: iso(c.startedAt),
    duration_s: c.durationS,
    status: c.status,
    qualified: c.qualified,
    reasons: c.reasons,
    duplicate: c.duplicate,
    payout_cents: c.payoutCents,
    currency: c.currency,
    conversion: c.convertedAt === null ? null : { value_cents: c.conversionValueCents, currency: c.conversionCurrency, at: iso(c.convertedAt) },
    attribution: {
      confidence: c.confidence,
      session: c.sessionId,
      source: c.source,
      medium: c.medium,
      campaign: c.campaign,
      keyword: c.keyword,
      publisher_id: c.publisherId,
      landing_page: c.landingPage,
      gclid: c.gclid,
      msclkid: c.msclkid,
      fbclid: c.fbclid,
    },
  };
}

/**
 * The events between two states of a call, in the order they happened:
 * - `call.ringing` when a call is first seen still ringing or in progress;
 * - `call.completed` when it first reaches a final status (answered or not: `status` says);
 * - `call.qualified` / `call.disqualified` when its judgement is new or flips (a flip is a
 *   reversal: `reversal: true` and the previous verdict);
 * - `call.converted` when a conversion is recorded or its value restated;
 * - `payout.changed` when its payout moves (a reversal's refund included, or a sale that
 *   pays a call judged under pay-on-conversion).
 */
export function callEvents(before: CallRow | undefined, after: CallRow): CallEvent[] {
  const events: CallEvent[] = [];
  const call = eventCall(after);
  if (!before && !isFinal(after.status)) events.push({ type: 'call.ringing', payload: { call } });
  if (isFinal(after.status) && (!before || !isFinal(before.status))) events.push({ type: 'call.completed', payload: { call } });
  const wasJudged = before?.judgedAt != null;
  if (after.judgedAt !== null && after.qualified !== null && (!wasJudged || before!.qualified !== after.qualified)) {
    const reversal = wasJudged && before!.qualified !== null;
    events.push({
      type: after.qualified ? 'call.qualified' : 'call.disqualified',
      payload: { call, reversal, ...(reversal ? { previous_qualified: before!.qualified } : {}) },
    });
  }
  const conversionChanged =
    after.convertedAt !== null &&
    (before?.convertedAt == null || before.conversionValueCents !== after.conversionValueCents || before.conversionCurrency !== after.conversionCurrency);
  if (conversionChanged) {
    events.push({
      type: 'call.converted',
      payload: {
        call,
        value_cents: after.conversionValueCents,
        currency: after.conversionCurrency,
        previous_value_cents: before?.convertedAt == null ? null : before.conversionValueCents,
      },
    });
  }
  const previousPayout = wasJudged ? before!.payoutCents : 0;
  if (after.judgedAt !== null && after.payoutCents !== previousPayout) {
    events.push({
      type: 'payout.changed',
      payload: { call, payout_cents: after.payoutCents, previous_payout_cents: previousPayout, currency: after.currency },
    });
  }
  return events;
}
