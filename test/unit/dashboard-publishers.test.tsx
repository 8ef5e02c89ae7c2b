// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Metrics } from '../../dashboard/src/lib/types';
import { Publishers } from '../../dashboard/src/pages/publishers';
import { admin, dashboardValue, fakeFetch, inCurrency, mount, text, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const leadPartners: Metrics = {
  sessions: 300,
  calls: 30,
  qualified_calls: 20,
  duplicate_calls: 1,
  flagged_calls: 2,
  call_rate: 0.1,
  qualified_rate: 2 / 3,
  avg_duration_s: 150,
  conversions: 5,
  conversion_rate: 0.25,
  revenue_cents: 125_000,
  cost_cents: 50_000,
  profit_cents: 75_000,
  cost_per_qualified_call_cents: 2_500,
  cost_per_conversion_cents: 10_000,
  roi: 1.5,
  buyer_revenue_cents: 0,
  margin_cents: 0,
};

describe('publishers page', () => {
  it("shows payouts and revenue in the account's currency and ROI as a percentage", async () => {
    fakeFetch({
      'GET /v1/reports/attribution': () => ({ body: { group_by: ['publisher'], timezone: 'America/New_York', rows: [{ publisher: 'leadpartners', ...leadPartners }], totals: leadPartners, truncated: false } }),
      'GET /v1/publishers': () => ({ body: { publishers: [{ id: 'pub_1', name: 'Lead Partners', code: 'leadpartners', payout_cents: null }] } }),
      'GET /v1/calls/fraud': () => ({ body: { rows: [] } }),
    });
    const el = mount(<Publishers />, dashboardValue(inCurrency(admin, 'EUR')));
    await until(() => expect(el.querySelectorAll('tbody tr')).toHaveLength(1));
    const heads = [...el.querySelectorAll('thead th')].map(text);
    const row = Object.fromEntries([...el.querySelectorAll('tbody td')].map((td, i) => [heads[i], text(td)]));
    expect([row.Payouts, row.Revenue, row.ROI]).toEqual(['€500.00', '€1,250.00', '150%']);
  });
});
