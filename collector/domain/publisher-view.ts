// Publishers are paid per qualified call; what the advertiser earns from those calls
// is the advertiser's business. A publisher key sees calls, conversions and its own
// payouts, never the advertiser's revenue, profit or ROI.
import type { ReportMetrics } from './report-math';

export type PublisherMetrics = Omit<ReportMetrics, 'revenue_cents' | 'profit_cents' | 'roi'> & {
  revenue_cents: null;
  profit_cents: null;
  roi: null;
};

export function withoutAdvertiserMoney(m: ReportMetrics): PublisherMetrics {
  return { ...m, revenue_cents: null, profit_cents: null, roi: null };
}
