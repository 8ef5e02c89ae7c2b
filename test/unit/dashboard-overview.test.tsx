// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReportMetrics } from '../../collector/domain/report-math';
import type { Metrics } from '../../dashboard/src/lib/types';
import { Overview } from '../../dashboard/src/pages/overview';
import { admin, dashboardValue, fakeFetch, find, inCurrency, mount, publisher, text, until } from './dashboard-helpers';

// uPlot draws on a canvas happy-dom does not have; the chart has its own browser test.
vi.mock('../../dashboard/src/components/time-chart', () => ({ TimeChart: () => <div class="chart" /> }));

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const totals = (over: Partial<ReportMetrics> = {}): ReportMetrics => ({
  sessions: 1200,
  calls: 140,
  qualified_calls: 100,
  duplicate_calls: 4,
  flagged_calls: 0,
  call_rate: 140 / 1200,
  qualified_rate: 100 / 140,
  avg_duration_s: 120,
  conversions: 10,
  conversion_rate: 0.1,
  revenue_cents: 1_250_000,
  cost_cents: 500_000,
  profit_cents: 750_000,
  cost_per_qualified_call_cents: 5_000,
  cost_per_conversion_cents: 50_000,
  roi: 1.5,
  buyer_revenue_cents: 0,
  margin_cents: 0,
  ...over,
});

function serve(t: Metrics) {
  return fakeFetch({
    'GET /v1/reports/attribution': ({ url }) => ({
      body: { group_by: [url.searchParams.get('group_by')], timezone: 'America/New_York', rows: [{ keyword: 'emergency plumber', source: 'google', ...t }], totals: t, truncated: false },
    }),
    'GET /v1/reports/timeseries': () => ({ body: { interval: 'day', timezone: 'America/New_York', points: [] } }),
    'GET /v1/calls': () => ({ body: { calls: [], next_cursor: null } }),
  });
}

/** The KPI cards as label → [value, hint]. */
async function kpis(el: HTMLElement) {
  const grid = await until(() => find(el, '.kpis'));
  return Object.fromEntries([...grid.querySelectorAll('.kpi')].map((k) => [text(k.querySelector('dt')), [text(k.querySelector('.kpi-value')), text(k.querySelector('.kpi-hint'))]]));
}

describe('overview', () => {
  it("shows every amount in the account's currency", async () => {
    serve(totals());
    const el = mount(<Overview />, dashboardValue(inCurrency(admin, 'EUR')));
    const cards = await kpis(el);
    expect(cards.Revenue).toEqual(['€12,500.00', '10 conversions']);
    expect(cards.Cost).toEqual(['€5,000.00', '€50.00 per qualified call']);
    expect(cards.ROI?.[1]).toBe('€7,500.00 profit');
    const top = await until(() => find(el, 'section[aria-labelledby="top-keyword"] tbody'));
    expect(text(top)).toContain('€5,000.00');
    expect(text(el)).not.toContain('$');
  });

  it('reads yen without inventing cents, for a publisher too', async () => {
    serve(totals({ cost_cents: 250_000, cost_per_qualified_call_cents: 2_500 }));
    const el = mount(<Overview />, dashboardValue(inCurrency(publisher, 'JPY')));
    const cards = await kpis(el);
    expect(cards.Payouts).toEqual(['¥250,000', '¥2,500 per qualified call']);
  });

  it('shows ROI as a percentage of cost, not as a multiple', async () => {
    serve(totals({ roi: 1.5 }));
    const el = mount(<Overview />, dashboardValue(admin));
    expect((await kpis(el)).ROI?.[0]).toBe('150%');
    const top = await until(() => find(el, 'section[aria-labelledby="top-source"] tbody'));
    expect(text(top)).toContain('150%');
    expect(text(el)).not.toContain('×');
  });

  it('calls a share of sessions a share only when it is one', async () => {
    serve(totals({ sessions: 1200, calls: 140, call_rate: 140 / 1200 }));
    const el = mount(<Overview />, dashboardValue(admin));
    expect((await kpis(el)).Calls).toEqual(['140', '1,200 sessions · 12% called']);
  });

  it('does not show "350% called" when calls without a visit outnumber sessions', async () => {
    serve(totals({ sessions: 12, calls: 42, call_rate: 3.5 }));
    const el = mount(<Overview />, dashboardValue(admin));
    const [value, hint] = (await kpis(el)).Calls!;
    expect(value).toBe('42');
    expect(hint).toBe('12 sessions · 3.5 calls per session');
    expect(hint).not.toContain('%');
  });
});
