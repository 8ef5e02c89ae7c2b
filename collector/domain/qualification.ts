// Judges a completed call against its site's rules. Pure: the caller of judgeCall looks
// up the rules, the publisher's payout and whether an earlier call already qualified.
import type { CallStatus, PayoutOn } from '../db/schema';
import { areaCodeOf, regionsOfAreaCode } from './area-codes';
import { isOpen, type BusinessHours } from './business-hours';

export const reasons = ['too_short', 'duplicate', 'outside_hours', 'region', 'blocked', 'not_answered'] as const;
export type Reason = (typeof reasons)[number];

export type QualificationRules = {
  minDurationS: number;
  dedupeDays: number;
  businessHours: BusinessHours | null;
  /** State or province codes (`CA`), area codes (`415`) or ZIP codes (`94107`); null allows every region. */
  allowedRegions: readonly string[] | null;
  blockedCallers: readonly string[];
  payoutCents: number;
  currency: string;
  /** `conversion`: a qualified call pays only once a sale is posted for it. */
  payoutOn: PayoutOn;
  /** Pay-on-conversion as a share of the sale in hundredths of a percent; null pays the fixed payout per sale. */
  payoutPercentBp: number | null;
};

/**
 * What a sale pays for a call judged qualified under pay-on-conversion, frozen with the
 * judgement: the fixed payout (the publisher's or the site's), or a share of the sale.
 */
export type ConversionPayoutTerms = { cents: number; percentBp: number | null };

export type CallFacts = {
  status: CallStatus;
  durationS: number | null;
  startedAt: number;
  /** E.164, or null when the caller withheld their number. */
  caller: string | null;
  callerState: string | null;
  callerZip: string | null;
  /** The value of the sale posted for the call; null while none is. */
  conversionValueCents: number | null;
};

export type Judgement = {
  qualified: boolean;
  reasons: Reason[];
  duplicate: boolean;
  payoutCents: number;
  currency: string;
  /** Set when the payout waits for (or came with) a sale: pay-on-conversion. */
  payoutTerms: ConversionPayoutTerms | null;
};

/** What a sale of `valueCents` pays under `terms`: a share rounds to the nearest cent. */
export const conversionPayout = (terms: ConversionPayoutTerms, valueCents: number): number =>
  terms.percentBp === null ? terms.cents : Math.round((valueCents * terms.percentBp) / 10_000);

const finalStatuses: ReadonlySet<CallStatus> = new Set(['completed', 'no-answer', 'busy', 'failed', 'canceled']);
const unanswered: ReadonlySet<CallStatus> = new Set(['no-answer', 'busy', 'failed', 'canceled']);

/** A call in a final status is over and can be judged; ringing and in-progress calls cannot. */
export const isFinal = (status: CallStatus) => finalStatuses.has(status);

export const DAY_MS = 86_400_000;

export const isBlocked = (rules: Pick<QualificationRules, 'blockedCallers'>, caller: string | null) =>
  caller !== null && rules.blockedCallers.includes(caller);

/** Where the caller is: the carrier's state when it says, else the regions of the caller's area code. */
export function callerRegions(call: Pick<CallFacts, 'caller' | 'callerState'>): string[] {
  const state = call.callerState?.trim().toUpperCase();
  if (state) return [state];
  const areaCode = areaCodeOf(call.caller);
  return areaCode ? [...regionsOfAreaCode(areaCode)] : [];
}

/** A caller whose region cannot be told is outside a region list: the list is a promise to the advertiser. */
export function regionAllowed(allowed: readonly string[] | null, call: Pick<CallFacts, 'caller' | 'callerState' | 'callerZip'>): boolean {
  if (allowed === null) return true;
  const areaCode = areaCodeOf(call.caller);
  const zip = call.callerZip?.trim().slice(0, 5);
  const regions = callerRegions(call);
  return allowed.some((entry) => regions.includes(entry) || entry === areaCode || entry === zip);
}

/**
 * Every rule is checked on its own and each one the call fails is a reason, so an
 * unanswered call also lists `too_short`. `earlierQualifiedCall` says whether the same
 * caller already had a qualified call on this site within the dedupe window: the
 * advertiser pays once per caller per window, so only calls after a paid one are
 * duplicates. The publisher's payout, when set, overrides the site's. Under pay-on-conversion
 * a qualified call pays nothing until a sale is posted for it, then what the sale pays.
 */
export function judgeCall(rules: QualificationRules, call: CallFacts, earlierQualifiedCall: boolean, publisherPayoutCents: number | null): Judgement {
  const found: Reason[] = [];
  if ((call.durationS ?? 0) < rules.minDurationS) found.push('too_short');
  const duplicate = earlierQualifiedCall && rules.dedupeDays > 0 && call.caller !== null;
  if (duplicate) found.push('duplicate');
  if (!isOpen(rules.businessHours, call.startedAt)) found.push('outside_hours');
  if (!regionAllowed(rules.allowedRegions, call)) found.push('region');
  if (isBlocked(rules, call.caller)) found.push('blocked');
  if (unanswered.has(call.status)) found.push('not_answered');
  const qualified = found.length === 0;
  const payout = publisherPayoutCents ?? rules.payoutCents;
  const payoutTerms = qualified && rules.payoutOn === 'conversion' ? { cents: payout, percentBp: rules.payoutPercentBp } : null;
  const sale = call.conversionValueCents;
  return {
    qualified,
    reasons: found,
    duplicate,
    payoutCents: !qualified ? 0 : !payoutTerms ? payout : sale === null ? 0 : conversionPayout(payoutTerms, sale),
    currency: rules.currency,
    payoutTerms,
  };
}
