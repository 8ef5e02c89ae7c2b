// Each side of a pay-per-call deal sees its own money and not the other's. The network
// (admin, viewer) sees everything. A publisher is paid per qualified call: it sees its
// payouts, conversions and calls, never what the advertiser earns from them or what
// buyers pay. A buyer pays per call: it sees what it owes and its conversions, never the
// publishers' payouts, the network's margin, or anything computed from them.
import type { ReportMetrics } from './report-math';

const publisherHidden = ['revenue_cents', 'profit_cents', 'roi', 'buyer_revenue_cents', 'margin_cents'] as const;
const buyerHidden = ['cost_cents', 'profit_cents', 'roi', 'margin_cents', 'cost_per_qualified_call_cents', 'cost_per_conversion_cents'] as const;
type Hidden = (typeof publisherHidden)[number] | (typeof buyerHidden)[number];

/** `M` with the fields `K` it has set to null: the field stays, so every key reads one shape. */
export type Blanked<M, K extends string> = Omit<M, K> & { [P in K & keyof M]: null };

export type PublisherMetrics = Blanked<ReportMetrics, (typeof publisherHidden)[number]>;
export type BuyerMetrics = Blanked<ReportMetrics, (typeof buyerHidden)[number]>;

function blanked<M extends object>(m: M, keys: readonly string[]): M {
  const out: Record<string, unknown> = { ...(m as Record<string, unknown>) };
  for (const k of keys) if (k in out) out[k] = null;
  return out as M;
}

/** A report row, its totals or a time-series point as a key of `role` may read it. */
export function moneyFor<M extends object>(role: string, m: M): M | Blanked<M, Hidden> {
  if (role === 'publisher') return blanked(m, publisherHidden);
  if (role === 'buyer') return blanked(m, buyerHidden);
  return m;
}
