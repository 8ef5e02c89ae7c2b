// Turns the sums a report query returns into the rates and money people read.
// A rate over nothing is null ("no data"), never 0 or Infinity: a keyword with no
// qualified calls has no cost per call, not a free one.

/** What SQL adds up for one report row (or for the totals). */
export type LedgerSums = {
  sessions: number;
  calls: number;
  qualified: number;
  duplicates: number;
  /** Calls carrying at least one fraud signal. */
  flagged: number;
  durationSum: number;
  /** Calls with a known duration: an unfinished call has none and must not pull the average down. */
  durationCount: number;
  conversions: number;
  revenueCents: number;
  costCents: number;
  /** What buyers owe for the calls (each call's revenue, frozen when judged by its target's convert-on rule). */
  buyerRevenueCents: number;
};

export type ReportMetrics = {
  sessions: number;
  calls: number;
  qualified_calls: number;
  duplicate_calls: number;
  flagged_calls: number;
  call_rate: number | null;
  qualified_rate: number | null;
  avg_duration_s: number | null;
  conversions: number;
  conversion_rate: number | null;
  revenue_cents: number;
  cost_cents: number;
  profit_cents: number;
  cost_per_qualified_call_cents: number | null;
  cost_per_conversion_cents: number | null;
  roi: number | null;
  buyer_revenue_cents: number;
  margin_cents: number;
};

/** The pay-per-call money of a time bucket: what buyers owe, what publishers earn, and what is left. */
export type PointMoney = { buyer_revenue_cents: number; cost_cents: number; margin_cents: number };

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** `numerator / denominator` rounded to `digits` places, or null when the denominator is 0. */
export function ratio(numerator: number, denominator: number, digits = 4): number | null {
  return denominator === 0 ? null : round(numerator / denominator, digits);
}

/** ROI = (revenue − cost) / cost; null when nothing was spent. */
export function roi(revenueCents: number, costCents: number): number | null {
  return ratio(revenueCents - costCents, costCents);
}

/** Margin = what buyers owe − what publishers earn (the payouts of qualified calls). */
export function margin(buyerRevenueCents: number, costCents: number): number {
  return buyerRevenueCents - costCents;
}

export function pointMoney(buyerRevenueCents: number, costCents: number): PointMoney {
  return { buyer_revenue_cents: buyerRevenueCents, cost_cents: costCents, margin_cents: margin(buyerRevenueCents, costCents) };
}

/**
 * Every metric of API.md's attribution report, plus flagged calls, profit and cost per
 * conversion (DOMAIN.md), and the pay-per-call side: buyer revenue and margin.
 * `revenue_cents` stays the conversion value, `cost_cents` the publishers' payouts.
 */
export function reportMetrics(s: LedgerSums): ReportMetrics {
  return {
    sessions: s.sessions,
    calls: s.calls,
    qualified_calls: s.qualified,
    duplicate_calls: s.duplicates,
    flagged_calls: s.flagged,
    call_rate: ratio(s.calls, s.sessions),
    qualified_rate: ratio(s.qualified, s.calls),
    avg_duration_s: ratio(s.durationSum, s.durationCount, 1),
    conversions: s.conversions,
    conversion_rate: ratio(s.conversions, s.qualified),
    revenue_cents: s.revenueCents,
    cost_cents: s.costCents,
    profit_cents: s.revenueCents - s.costCents,
    cost_per_qualified_call_cents: ratio(s.costCents, s.qualified, 0),
    cost_per_conversion_cents: ratio(s.costCents, s.conversions, 0),
    roi: roi(s.revenueCents, s.costCents),
    buyer_revenue_cents: s.buyerRevenueCents,
    margin_cents: margin(s.buyerRevenueCents, s.costCents),
  };
}
