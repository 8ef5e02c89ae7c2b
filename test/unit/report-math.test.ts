import { describe, expect, it } from 'vitest';
import { pointMoney, ratio, reportMetrics, roi, type LedgerSums } from '../../collector/domain/report-math';
import { moneyFor } from '../../collector/domain/role-views';

const zero: LedgerSums = { sessions: 0, calls: 0, qualified: 0, duplicates: 0, flagged: 0, durationSum: 0, durationCount: 0, conversions: 0, revenueCents: 0, costCents: 0, buyerRevenueCents: 0 };

describe('report math', () => {
  it('divides with rounding, and gives null for a zero denominator', () => {
    expect(ratio(2, 3)).toBe(0.6667);
    expect(ratio(1, 3, 0)).toBe(0);
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
  });

  it('computes ROI as (revenue − cost) / cost, null when nothing was spent', () => {
    expect(roi(50000, 5000)).toBe(9);
    expect(roi(0, 2500)).toBe(-1);
    expect(roi(1000, 0)).toBeNull();
  });

  it('turns a ledger into every metric', () => {
    const m = reportMetrics({ sessions: 40, calls: 10, qualified: 4, duplicates: 2, flagged: 3, durationSum: 700, durationCount: 7, conversions: 1, revenueCents: 30000, costCents: 10000, buyerRevenueCents: 14500 });
    expect(m).toEqual({
      sessions: 40,
      calls: 10,
      qualified_calls: 4,
      duplicate_calls: 2,
      flagged_calls: 3,
      call_rate: 0.25,
      qualified_rate: 0.4,
      avg_duration_s: 100,
      conversions: 1,
      conversion_rate: 0.25,
      revenue_cents: 30000,
      cost_cents: 10000,
      profit_cents: 20000,
      cost_per_qualified_call_cents: 2500,
      cost_per_conversion_cents: 10000,
      roi: 2,
      buyer_revenue_cents: 14500,
      margin_cents: 4500,
    });
  });

  it('computes margin as buyer revenue − payouts, negative when the network pays out more', () => {
    expect(pointMoney(9000, 2500)).toEqual({ buyer_revenue_cents: 9000, cost_cents: 2500, margin_cents: 6500 });
    expect(pointMoney(0, 2500).margin_cents).toBe(-2500);
    expect(reportMetrics({ ...zero, buyerRevenueCents: 100, costCents: 300 }).margin_cents).toBe(-200);
  });

  it("hides each side's money from the other side, and nothing from the network", () => {
    const m = reportMetrics({ ...zero, calls: 2, qualified: 1, conversions: 1, revenueCents: 5000, costCents: 2000, buyerRevenueCents: 4500 });
    expect(moneyFor('admin', m)).toEqual(m);
    expect(moneyFor('viewer', m)).toEqual(m);
    expect(moneyFor('publisher', m)).toEqual({ ...m, revenue_cents: null, profit_cents: null, roi: null, buyer_revenue_cents: null, margin_cents: null });
    expect(moneyFor('buyer', m)).toEqual({
      ...m,
      cost_cents: null,
      profit_cents: null,
      roi: null,
      margin_cents: null,
      cost_per_qualified_call_cents: null,
      cost_per_conversion_cents: null,
    });
    // A time-series point keeps its shape: only the fields it has are blanked.
    expect(moneyFor('buyer', pointMoney(4500, 2000))).toEqual({ buyer_revenue_cents: 4500, cost_cents: null, margin_cents: null });
    expect(moneyFor('publisher', pointMoney(4500, 2000))).toEqual({ buyer_revenue_cents: null, cost_cents: 2000, margin_cents: null });
  });

  it('reports an empty ledger with nulls, not zeros or infinities', () => {
    const m = reportMetrics(zero);
    expect([m.call_rate, m.qualified_rate, m.avg_duration_s, m.conversion_rate, m.cost_per_qualified_call_cents, m.cost_per_conversion_cents, m.roi]).toEqual([
      null, null, null, null, null, null, null,
    ]);
    expect(m.profit_cents).toBe(0);
  });

  it('averages duration over calls that have one', () => {
    expect(reportMetrics({ ...zero, calls: 3, durationSum: 100, durationCount: 2 }).avg_duration_s).toBe(50);
  });
});
