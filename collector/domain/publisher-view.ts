// Publishers are paid per qualified call; what the advertiser earns from those calls
// is the advertiser's business. A publisher key sees calls, conversions and its own
// payouts, never the advertiser's revenue, profit or ROI.
import type { ReportMetrics } from './report-math';

type AdvertiserMoney = 'revenue_cents' | 'profit_cents' | 'roi';

export type PublisherMetrics = Omit<ReportMetrics, AdvertiserMoney> & {
  revenue_cents: null;
  profit_cents: null;
  roi: null;
};

/** `m` (a report row with its dimension keys, or the totals) with the advertiser's money blanked. */
export function withoutAdvertiserMoney<M extends ReportMetrics>(m: M): Omit<M, AdvertiserMoney> & PublisherMetrics {
  return { ...m, revenue_cents: null, profit_cents: null, roi: null };
}
