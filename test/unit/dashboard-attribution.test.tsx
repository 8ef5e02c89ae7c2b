// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attributionCsv } from '../../dashboard/src/lib/report-csv';
import { Attribution, attributionView } from '../../dashboard/src/pages/attribution';
import type { AttributionReport, Metrics, ReportRow } from '../../dashboard/src/lib/types';
import { admin, dashboardValue, fakeFetch, find, inCurrency, mount, publisher, text, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const metrics = (calls: number, qualified: number, cost: number, revenue: number): Metrics => ({
  sessions: calls * 10,
  calls,
  qualified_calls: qualified,
  duplicate_calls: 0,
  flagged_calls: 0,
  call_rate: 0.1,
  qualified_rate: qualified / calls,
  avg_duration_s: 90,
  conversions: 1,
  conversion_rate: 1 / qualified,
  revenue_cents: revenue,
  cost_cents: cost,
  profit_cents: revenue - cost,
  cost_per_qualified_call_cents: cost / qualified,
  cost_per_conversion_cents: cost,
  roi: (revenue - cost) / cost,
  buyer_revenue_cents: 0,
  margin_cents: 0,
});

// A visitor chooses the keyword: it must reach the page as text, never as markup.
const HOSTILE = '<img src=x onerror="window.owned=1">';

function report(groupBy: string[], rows: ReportRow[]): AttributionReport {
  return { group_by: groupBy as AttributionReport['group_by'], timezone: 'America/New_York', rows, totals: metrics(12, 6, 15000, 90000), truncated: false };
}

/** The cells of the table's one body row, by column heading. */
function cells(el: HTMLElement): Record<string, string> {
  const heads = [...el.querySelectorAll('thead th')].map(text);
  return Object.fromEntries([...el.querySelectorAll('tbody tr:first-child td')].map((td, i) => [heads[i], text(td)]));
}

describe('attribution view from the address bar', () => {
  it('walks source → campaign → keyword as filters are added', () => {
    expect(attributionView(new URLSearchParams(''))).toEqual({ mode: 'drill', groupBy: ['source'], filters: {} });
    expect(attributionView(new URLSearchParams('source=google'))).toMatchObject({ groupBy: ['campaign'], filters: { source: 'google' } });
    expect(attributionView(new URLSearchParams('source=google&campaign=')).groupBy).toEqual(['keyword']);
    expect(attributionView(new URLSearchParams('source=a&campaign=b&keyword=c')).groupBy).toEqual(['keyword']);
  });

  it('takes any grouping, and ignores names that are not dimensions', () => {
    expect(attributionView(new URLSearchParams('group_by=device,landing_page,bogus&medium=cpc'))).toEqual({
      mode: 'custom',
      groupBy: ['device', 'landing_page'],
      filters: { medium: 'cpc' },
    });
  });
});

describe('Attribution page', () => {
  it('asks for the drill level with its filters and links each row one level down', async () => {
    const { requests } = fakeFetch({
      'GET /v1/reports/attribution': () => ({ body: report(['campaign'], [{ campaign: 'spring', ...metrics(8, 4, 10000, 60000) }, { campaign: null, ...metrics(4, 2, 5000, 30000) }]) }),
    });
    const el = mount(<Attribution query={new URLSearchParams('source=google')} />, dashboardValue(admin));
    await until(() => expect(el.querySelectorAll('tbody tr')).toHaveLength(2));
    const asked = requests[0]!.url.searchParams;
    expect([asked.get('group_by'), asked.get('source'), asked.get('from'), asked.get('to')]).toEqual(['campaign', 'google', '2026-06-01T04:00:00.000Z', '2026-07-01T04:00:00.000Z']);
    const links = [...el.querySelectorAll<HTMLAnchorElement>('tbody a.drill')];
    expect(links.map((a) => [text(a), a.getAttribute('href')])).toEqual([
      ['spring ›', '#/attribution?source=google&campaign=spring'],
      ['(none) ›', '#/attribution?source=google&campaign='],
    ]);
    expect(text(el.querySelector('nav[aria-label="Drill-down path"]'))).toBe('All sources › google');
    expect(text(el.querySelector('tfoot'))).toContain('Total');
    expect(text(el.querySelector('tfoot'))).toContain('$900');
  });

  it('asks for "no value" when a (none) row is drilled into, and links its calls the same way', async () => {
    const { requests } = fakeFetch({
      'GET /v1/reports/attribution': () => ({ body: report(['keyword'], [{ keyword: null, ...metrics(4, 2, 5000, 30000) }]) }),
    });
    const el = mount(<Attribution query={new URLSearchParams('source=google&campaign=')} />, dashboardValue(admin));
    await until(() => expect(el.querySelectorAll('tbody tr')).toHaveLength(1));
    const asked = requests[0]!.url.searchParams;
    expect([asked.get('group_by'), asked.get('source'), asked.get('campaign'), asked.has('site')]).toEqual(['keyword', 'google', '', false]);
    const callsLink = [...el.querySelectorAll<HTMLAnchorElement>('tbody a')].find((a) => a.getAttribute('href')!.startsWith('#/calls'));
    expect(callsLink?.getAttribute('href')).toBe('#/calls?source=google&campaign=&keyword=');
  });

  it('renders a hostile keyword as text', async () => {
    fakeFetch({ 'GET /v1/reports/attribution': () => ({ body: report(['keyword'], [{ keyword: HOSTILE, ...metrics(2, 1, 4500, 0) }]) }) });
    const el = mount(<Attribution query={new URLSearchParams('source=google&campaign=spring')} />, dashboardValue(admin));
    await until(() => expect(text(el.querySelector('tbody td'))).toBe(HOSTILE));
    expect(el.querySelector('img')).toBeNull();
    expect((window as unknown as { owned?: number }).owned).toBeUndefined();
  });

  it('shows the server’s error with a way to try again', async () => {
    fakeFetch({ 'GET /v1/reports/attribution': () => ({ status: 400, body: { error: { code: 'invalid_request', message: 'from: must be before to' } } }) });
    const el = mount(<Attribution query={new URLSearchParams('')} />, dashboardValue(admin));
    const alert = await until(() => find(el, '[role="alert"]'));
    expect(text(alert.querySelector('span'))).toBe('from: must be before to');
    expect(text(alert.querySelector('button'))).toBe('Try again');
  });

  it("hides the advertiser's revenue and ROI from a publisher and calls its cost payouts", async () => {
    fakeFetch({ 'GET /v1/reports/attribution': () => ({ body: report(['source'], [{ source: 'leadpartners', ...metrics(5, 3, 13500, 40000) }]) }) });
    const el = mount(<Attribution query={new URLSearchParams('')} />, dashboardValue(publisher));
    await until(() => expect(el.querySelectorAll('tbody tr')).toHaveLength(1));
    const headers = [...el.querySelectorAll('thead th')].map(text);
    expect(headers).toContain('Payouts');
    expect(headers).not.toContain('Revenue');
    expect(headers).not.toContain('ROI');
  });

  it('adds buyer revenue and margin columns, and the buyer by name, for an account with buyers; none without', async () => {
    const row = { buyer: 'by_1', ...metrics(5, 3, 13500, 40000), buyer_revenue_cents: 20000, margin_cents: 6500 } as ReportRow;
    fakeFetch({ 'GET /v1/reports/attribution': () => ({ body: report(['buyer'], [row]) }) });
    const el = mount(<Attribution query={new URLSearchParams('group_by=buyer')} />, dashboardValue(admin, { buyers: [{ id: 'by_1', name: 'Rooter Co' }] }));
    await until(() => expect(el.querySelectorAll('tbody tr')).toHaveLength(1));
    const headers = [...el.querySelectorAll('thead th')].map(text);
    expect(headers).toEqual(expect.arrayContaining(['Buyer', 'Cost', 'Buyer revenue', 'Margin']));
    const cells = [...el.querySelectorAll('tbody td')].map(text);
    expect(cells[0]).toBe('Rooter Co');
    expect(cells).toEqual(expect.arrayContaining(['$200.00', '$65.00']));
    expect([...el.querySelectorAll('.checks label')].map(text)).toContain('Buyer');
    document.body.replaceChildren();
    const none = mount(<Attribution query={new URLSearchParams('group_by=source')} />, dashboardValue(admin));
    await until(() => expect(none.querySelectorAll('tbody tr')).toHaveLength(1));
    expect([...none.querySelectorAll('thead th')].map(text)).not.toContain('Margin');
    expect([...none.querySelectorAll('.checks label')].map(text)).not.toContain('Buyer');
  });

  it("shows amounts in the account's currency and ROI as a percentage", async () => {
    fakeFetch({ 'GET /v1/reports/attribution': () => ({ body: report(['source'], [{ source: 'google', ...metrics(8, 4, 250_000, 625_000) }]) }) });
    const el = mount(<Attribution query={new URLSearchParams('')} />, dashboardValue(inCurrency(admin, 'JPY')));
    await until(() => expect(el.querySelectorAll('tbody tr')).toHaveLength(1));
    const row = cells(el);
    expect([row.Cost, row['Cost per qualified'], row.Revenue, row.ROI]).toEqual(['¥250,000', '¥62,500', '¥625,000', '150%']);
    expect(text(el.querySelector('tfoot'))).toContain('¥90,000');
    expect(text(el.querySelector('table'))).not.toMatch(/[$×]/);
  });

  it('shows a call rate over 100% as calls per session, not as a share of visitors', async () => {
    fakeFetch({ 'GET /v1/reports/attribution': () => ({ body: report(['source'], [{ source: '(direct)', ...metrics(8, 4, 1000, 2000), sessions: 2, call_rate: 4 }]) }) });
    const el = mount(<Attribution query={new URLSearchParams('')} />, dashboardValue(admin));
    await until(() => expect(el.querySelectorAll('tbody tr')).toHaveLength(1));
    expect(cells(el)['Call rate']).toBe('4.0 calls per session');
  });

  it("keeps the API's raw numbers in the CSV: ROI as the fraction the API sends, money in minor units", () => {
    const csv = attributionCsv(report(['source'], [{ source: 'google', ...metrics(8, 4, 10_000, 25_000) }])).split('\r\n');
    const header = csv[0]!.split(',');
    const row = csv[1]!.split(',');
    expect([row[header.indexOf('roi')], row[header.indexOf('revenue_cents')]]).toEqual(['1.5', '25000']);
  });
});
