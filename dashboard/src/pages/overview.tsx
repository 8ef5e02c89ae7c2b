import type { ComponentChildren } from 'preact';
import { CallsTable } from '../components/calls-table';
import { DataTable, type Column } from '../components/data-table';
import { KpiGrid, type Kpi } from '../components/kpis';
import { Shell } from '../components/shell';
import { Async, Empty } from '../components/states';
import { TimeChart } from '../components/time-chart';
import { reportCurrency, showsBuyerMoney, useDashboard } from '../lib/context';
import { callRate, count, counted, dimensionValue, duration, money, percent, roi } from '../lib/format';
import { loadAttribution, loadTimeseries } from '../lib/reports';
import { href } from '../lib/router';
import { dimensionLabel, type AttributionReport, type Call, type Metrics, type ReportRow } from '../lib/types';
import { useResource, type Resource } from '../lib/use-resource';

/**
 * "120 sessions · 12% called". When calls outnumber sessions (calls with no visit, or
 * several from one visit) the rate is not a share of visitors, and does not pose as one.
 */
function sessionsHint(t: Pick<Metrics, 'sessions' | 'call_rate'>): string {
  const sessions = `${count(t.sessions)} ${t.sessions === 1 ? 'session' : 'sessions'}`;
  if (t.call_rate === null) return sessions;
  return t.call_rate <= 1 ? `${sessions} · ${percent(t.call_rate)} called` : `${sessions} · ${callRate(t.call_rate)}`;
}

/** Whose overview: the network's (with or without buyers' money), a publisher's or a buyer's. */
type Viewer = { forPublisher: boolean; forBuyer: boolean; buyerMoney: boolean };

function kpis(t: Metrics, { forPublisher, forBuyer, buyerMoney }: Viewer, currency: string): Kpi[] {
  const calls: Kpi[] = [
    // A buyer counts no sessions: the traffic is the network's.
    { label: 'Calls', value: count(t.calls), hint: forBuyer ? undefined : sessionsHint(t) },
    { label: 'Qualified calls', value: count(t.qualified_calls), hint: counted(t.duplicate_calls, 'duplicate') },
    { label: 'Qualified rate', value: percent(t.qualified_rate) },
    { label: 'Average duration', value: duration(t.avg_duration_s) },
  ];
  // A publisher's cost is its own earnings; the advertiser's revenue is not its business.
  if (forPublisher) return [...calls, { label: 'Payouts', value: money(t.cost_cents, currency), hint: `${money(t.cost_per_qualified_call_cents, currency)} per qualified call` }];
  // A buyer's money is what it owes for its calls; the publishers' payouts are not its business.
  if (forBuyer) return [...calls, { label: 'Owed', value: money(t.buyer_revenue_cents, currency), hint: counted(t.conversions, 'conversion') }];
  const margin = t.margin_cents;
  return [
    ...calls,
    { label: 'Revenue', value: money(t.revenue_cents, currency), hint: counted(t.conversions, 'conversion') },
    { label: 'Cost', value: money(t.cost_cents, currency), hint: `${money(t.cost_per_qualified_call_cents, currency)} per qualified call` },
    { label: 'ROI', value: roi(t.roi), hint: `${money(t.profit_cents, currency)} profit`, tone: t.roi === null ? undefined : t.roi >= 0 ? 'good' : 'bad' },
    ...(buyerMoney
      ? [
          { label: 'Buyer revenue', value: money(t.buyer_revenue_cents, currency), hint: 'what buyers owe for the calls' },
          { label: 'Margin', value: money(margin, currency), hint: 'buyer revenue − payouts', tone: margin === null ? undefined : margin >= 0 ? ('good' as const) : ('bad' as const) },
        ]
      : []),
  ];
}

function topColumns(dimension: 'keyword' | 'source', { forPublisher, buyerMoney }: Viewer, currency: string): Column<ReportRow>[] {
  const cols: Column<ReportRow>[] = [
    {
      key: dimension,
      label: dimensionLabel[dimension],
      render: (r) => <a href={href('calls', { [dimension]: r[dimension] ?? '' })}>{dimensionValue(r[dimension])}</a>,
    },
    { key: 'calls', label: 'Calls', numeric: true, render: (r) => count(r.calls) },
    { key: 'qualified', label: 'Qualified', numeric: true, render: (r) => count(r.qualified_calls) },
    { key: 'cost', label: forPublisher ? 'Payouts' : 'Cost', numeric: true, render: (r) => money(r.cost_cents, currency) },
  ];
  if (forPublisher) return cols;
  return [
    ...cols,
    { key: 'revenue', label: 'Revenue', numeric: true, render: (r) => money(r.revenue_cents, currency) },
    { key: 'roi', label: 'ROI', numeric: true, render: (r) => roi(r.roi) },
    ...(buyerMoney
      ? [
          { key: 'buyer_revenue', label: 'Buyer revenue', numeric: true, render: (r: ReportRow) => money(r.buyer_revenue_cents, currency) },
          { key: 'margin', label: 'Margin', numeric: true, render: (r: ReportRow) => money(r.margin_cents, currency) },
        ]
      : []),
  ];
}

export function Overview() {
  const d = useDashboard();
  const viewer: Viewer = { forPublisher: d.me.role === 'publisher', forBuyer: d.me.role === 'buyer', buyerMoney: showsBuyerMoney(d) };
  const currency = reportCurrency(d.me);
  const deps = [d.api, d.scope.from, d.scope.to, d.siteId];
  // A buyer's report has one dimension, its buyer; keywords and sources are the network's traffic.
  const report = useResource((signal) => loadAttribution(d, [viewer.forBuyer ? 'buyer' : 'keyword'], {}, 9, signal), deps);
  const sources = useResource((signal) => (viewer.forBuyer ? Promise.resolve(null) : loadAttribution(d, ['source'], {}, 8, signal)), deps);
  const series = useResource((signal) => loadTimeseries(d, signal), deps);
  const recent = useResource((signal) => d.api.get<{ calls: Call[] }>('/v1/calls', { ...d.scope, limit: 8 }, signal), deps);

  return (
    <Shell current="overview" title="Overview">
      <Async {...report}>{(r) => <KpiGrid items={kpis(r.totals, viewer, currency)} />}</Async>
      <section class="card" aria-labelledby="chart-title">
        <h2 id="chart-title">Calls over time</h2>
        <Async {...series}>
          {(s) => (s.points.some((p) => p.sessions || p.calls) ? <TimeChart points={s.points} interval={s.interval} zone={s.timezone} sessions={!viewer.forBuyer} /> : <Empty title="No sessions or calls in this range" />)}
        </Async>
      </section>
      {!viewer.forBuyer && (
        <div class="grid-2">
          <TopTable title="Top keywords" dimension="keyword" resource={report} viewer={viewer} currency={currency}>
            Keywords come from <code>utm_term</code> on the landing page's address.
          </TopTable>
          <TopTable title="Top sources" dimension="source" resource={sources as Resource<AttributionReport>} viewer={viewer} currency={currency} />
        </div>
      )}
      <section class="card" aria-labelledby="recent-title">
        <div class="card-head">
          <h2 id="recent-title">Latest calls</h2>
          <a href="#/calls">All calls →</a>
        </div>
        <Async {...recent}>{(r) => (r.calls.length ? <CallsTable calls={r.calls} caption="Latest calls" /> : <Empty title="No calls in this range" />)}</Async>
      </section>
    </Shell>
  );
}

function TopTable({
  title,
  dimension,
  resource,
  viewer,
  currency,
  children,
}: {
  title: string;
  dimension: 'keyword' | 'source';
  resource: Resource<AttributionReport>;
  viewer: Viewer;
  currency: string;
  children?: ComponentChildren;
}) {
  const id = `top-${dimension}`;
  return (
    <section class="card" aria-labelledby={id}>
      <div class="card-head">
        <h2 id={id}>{title}</h2>
        <a href={href('attribution', { group_by: dimension })}>Attribution →</a>
      </div>
      <Async {...resource}>
        {(r) => {
          // Traffic without a keyword (organic, direct, affiliates) is not a keyword to rank.
          const rows = (dimension === 'keyword' ? r.rows.filter((row) => row.keyword) : r.rows).slice(0, 8);
          return rows.length ? (
            <DataTable caption={`${title} by qualified calls`} columns={topColumns(dimension, viewer, currency)} rows={rows} rowKey={(row) => row[dimension] ?? ''} />
          ) : (
            <Empty title={`No ${dimension === 'keyword' ? 'keywords' : 'sources'} in this range`}>{children}</Empty>
          );
        }}
      </Async>
    </section>
  );
}
