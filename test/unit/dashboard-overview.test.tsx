// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReportMetrics } from '../../collector/domain/report-math';
import type { Metrics } from '../../dashboard/src/lib/types';
import { Overview } from '../../dashboard/src/pages/overview';
import { admin, buyer, dashboardValue, fakeFetch, find, inCurrency, mount, publisher, text, until } from './dashboard-helpers';

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

function serve(t: Metrics, calls: unknown[] = []) {
  return fakeFetch({
    'GET /v1/reports/attribution': ({ url }) => ({
      body: { group_by: [url.searchParams.get('group_by')], timezone: 'America/New_York', rows: [{ keyword: 'emergency plumber', source: 'google', ...t }], totals: t, truncated: false },
    }),
    'GET /v1/reports/timeseries': () => ({ body: { interval: 'day', timezone: 'America/New_York', points: [] } }),
    'GET /v1/calls': () => ({ body: { calls, next_cursor: null } }),
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

  it('adds buyer revenue and margin, as cards and top-table columns, for an account with buyers', async () => {
    serve(totals({ buyer_revenue_cents: 900_000, margin_cents: 400_000 }));
    const el = mount(<Overview />, dashboardValue(admin, { buyers: [{ id: 'by_1', name: 'Rooter Co' }] }));
    const cards = await kpis(el);
    expect(cards['Buyer revenue']?.[0]).toBe('$9,000.00');
    expect(cards.Margin?.[0]).toBe('$4,000.00');
    const head = await until(() => find(el, 'section[aria-labelledby="top-source"] thead'));
    expect(text(head)).toContain('Buyer revenue');
    expect(text(head)).toContain('Margin');
  });

  it('leaves buyer money out for an account without buyers, and for a publisher', async () => {
    serve(totals({ buyer_revenue_cents: 0, margin_cents: -500_000 }));
    const el = mount(<Overview />, dashboardValue(admin));
    expect(Object.keys(await kpis(el))).not.toContain('Margin');
    document.body.replaceChildren();
    serve(totals({ buyer_revenue_cents: null, margin_cents: null } as unknown as Partial<ReportMetrics>));
    const pub = mount(<Overview />, dashboardValue(publisher, { buyers: [{ id: 'by_1', name: 'Rooter Co' }] }));
    expect(Object.keys(await kpis(pub))).toEqual(['Calls', 'Qualified calls', 'Qualified rate', 'Average duration', 'Payouts']);
  });

  it("shows a buyer what it owes and its calls, with no payouts, sessions or traffic tables, asking only for its own report", async () => {
    const call = {
      id: 'call_1', provider_id: 'CA1', site: null, tracking_number: null, caller: '+15125550101', caller_city: null, caller_state: 'TX',
      started_at: '2026-06-02T14:05:00Z', duration_s: 120, status: 'completed', qualified: true, reasons: [], duplicate: false, payout_cents: null,
      revenue_cents: 4500, buyer: 'by_1', judged_at: '2026-06-02T14:07:00Z', currency: 'USD', recording_url: null, fraud_signals: [], conversion: null,
      attribution: { confidence: null, session: null, source: null, keyword: null, campaign: null, publisher: null },
    };
    const { requests } = serve(totals({ sessions: 0, call_rate: null, buyer_revenue_cents: 9000, cost_cents: null, margin_cents: null } as unknown as Partial<ReportMetrics>), [call]);
    const el = mount(<Overview />, dashboardValue(buyer, { sites: [], buyers: [{ id: 'by_1', name: 'Rooter Co' }] }));
    const cards = await kpis(el);
    expect(Object.keys(cards)).toEqual(['Calls', 'Qualified calls', 'Qualified rate', 'Average duration', 'Owed']);
    expect(cards.Owed?.[0]).toBe('$90.00');
    expect(cards.Calls?.[1]).toBe('');
    const row = await until(() => find(el, 'tr[data-call="call_1"]'));
    expect(text(row)).toContain('$45.00');
    expect(text(find(el, 'table.calls thead'))).not.toContain('Source');
    expect(el.querySelector('section[aria-labelledby="top-source"]')).toBeNull();
    const groupings = requests.filter((r) => r.url.pathname === '/v1/reports/attribution').map((r) => r.url.searchParams.get('group_by'));
    expect(groupings).toEqual(['buyer']);
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
