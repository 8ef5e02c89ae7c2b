import { DataTable, type Column } from '../components/data-table';
import { Shell } from '../components/shell';
import { Async, Empty } from '../components/states';
import { saveBlob } from '../lib/api';
import { reportCurrency, showsBuyerMoney, useDashboard, type Dashboard } from '../lib/context';
import { callRate, count, counted, dimensionValue, duration, money, percent, roi } from '../lib/format';
import { attributionCsv } from '../lib/report-csv';
import { loadAttribution, type Drill } from '../lib/reports';
import { href, navigate } from '../lib/router';
import { dimensionLabel, dimensions, type AttributionReport, type Dimension, type Metrics, type ReportRow } from '../lib/types';
import { useResource } from '../lib/use-resource';

const DRILL_PATH: Dimension[] = ['source', 'campaign', 'keyword'];

/** What the address bar asks for: a drill-down along source → campaign → keyword, or a chosen grouping. */
export function attributionView(query: URLSearchParams) {
  const filters: Drill = {};
  for (const d of dimensions) {
    const v = query.get(d);
    if (v !== null) filters[d] = v;
  }
  const chosen = (query.get('group_by') ?? '').split(',').filter((d): d is Dimension => (dimensions as readonly string[]).includes(d));
  if (chosen.length) return { mode: 'custom' as const, groupBy: chosen, filters };
  const level = DRILL_PATH.findIndex((d) => filters[d] === undefined);
  return { mode: 'drill' as const, groupBy: [DRILL_PATH[level === -1 ? DRILL_PATH.length - 1 : level]!], filters };
}

/** `advertiser`: hidden from a publisher. `buyers`: shown only to the network of an account with buyers. */
type Metric = { key: keyof Metrics; label: string; show: (m: Metrics, currency: string) => string; advertiser?: boolean; buyers?: boolean };

// Money and qualified calls first: "which ones bring paid calls, and what do they cost?"
const metrics: Metric[] = [
  { key: 'calls', label: 'Calls', show: (m) => count(m.calls) },
  { key: 'qualified_calls', label: 'Qualified', show: (m) => count(m.qualified_calls) },
  { key: 'qualified_rate', label: 'Qualified rate', show: (m) => percent(m.qualified_rate) },
  { key: 'cost_cents', label: 'Cost', show: (m, currency) => money(m.cost_cents, currency) },
  { key: 'cost_per_qualified_call_cents', label: 'Cost per qualified', show: (m, currency) => money(m.cost_per_qualified_call_cents, currency) },
  { key: 'buyer_revenue_cents', label: 'Buyer revenue', show: (m, currency) => money(m.buyer_revenue_cents, currency), buyers: true },
  { key: 'margin_cents', label: 'Margin', show: (m, currency) => money(m.margin_cents, currency), buyers: true },
  { key: 'revenue_cents', label: 'Revenue', show: (m, currency) => money(m.revenue_cents, currency), advertiser: true },
  { key: 'roi', label: 'ROI', show: (m) => roi(m.roi), advertiser: true },
  { key: 'conversions', label: 'Conversions', show: (m) => count(m.conversions), advertiser: true },
  { key: 'conversion_rate', label: 'Conv. rate', show: (m) => percent(m.conversion_rate), advertiser: true },
  { key: 'sessions', label: 'Sessions', show: (m) => count(m.sessions) },
  { key: 'call_rate', label: 'Call rate', show: (m) => callRate(m.call_rate) },
  { key: 'duplicate_calls', label: 'Duplicates', show: (m) => count(m.duplicate_calls) },
  { key: 'avg_duration_s', label: 'Avg duration', show: (m) => duration(m.avg_duration_s) },
];

type ColumnOptions = {
  drillTo: ((row: ReportRow) => string) | null;
  callsLink: (row: ReportRow) => string;
  forPublisher: boolean;
  buyerMoney: boolean;
  currency: string;
  /** A dimension's value as people read it: buyers by name. */
  shown: (d: Dimension, value: string | null | undefined) => string;
};

/** A buyer's name for its id in the buyer dimension; any other value as it is. */
export const dimensionShown = (d: Pick<Dashboard, 'buyers'>) => (dim: Dimension, value: string | null | undefined) =>
  dim === 'buyer' && value ? (d.buyers.find((b) => b.id === value)?.name ?? value) : dimensionValue(value);

function columns(report: AttributionReport, { drillTo, callsLink, forPublisher, buyerMoney, currency, shown }: ColumnOptions): Column<ReportRow>[] {
  const dims: Column<ReportRow>[] = report.group_by.map((d, i) => ({
    key: d,
    label: dimensionLabel[d],
    sortValue: (r) => r[d] ?? null,
    total: i === 0 ? 'Total' : undefined,
    render: (r) =>
      i === 0 && drillTo ? (
        <a href={drillTo(r)} class="drill">
          {shown(d, r[d])} <span aria-hidden="true">›</span>
        </a>
      ) : (
        <span class={d === 'landing_page' ? 'url' : undefined}>{shown(d, r[d])}</span>
      ),
  }));
  const values: Column<ReportRow>[] = metrics
    .filter((m) => !(forPublisher && m.advertiser) && (buyerMoney || !m.buyers))
    .map((m) => ({
      key: m.key,
      label: forPublisher && m.key === 'cost_cents' ? 'Payouts' : m.label,
      numeric: true,
      sortValue: (r) => r[m.key],
      render: (r) => (m.key === 'calls' && r.calls > 0 ? <a href={callsLink(r)}>{m.show(r, currency)}</a> : m.show(r, currency)),
      total: m.show(report.totals, currency),
    }));
  return [...dims, ...values];
}

export function Attribution({ query }: { query: URLSearchParams }) {
  const d = useDashboard();
  const view = attributionView(query);
  const forPublisher = d.me.role === 'publisher';
  const key = JSON.stringify(view);
  const report = useResource((signal) => loadAttribution(d, view.groupBy, view.filters, 500, signal), [d.api, d.scope.from, d.scope.to, d.siteId, key]);

  const withFilters = (extra: Drill, groupBy?: Dimension[]) => {
    const q: Record<string, string> = { ...view.filters, ...extra } as Record<string, string>;
    if (groupBy) q.group_by = groupBy.join(',');
    return href('attribution', q);
  };
  const level = DRILL_PATH.indexOf(view.groupBy[0]!);
  const drillTo =
    view.mode === 'drill' && level < DRILL_PATH.length - 1 ? (row: ReportRow) => withFilters({ [view.groupBy[0]!]: row[view.groupBy[0]!] ?? '' }) : null;
  // The calls behind a row: the row's own values plus the filters on screen; an empty
  // value asks for calls without one, as in the report.
  const callsLink = (row: ReportRow) => {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...view.filters, ...Object.fromEntries(view.groupBy.map((g) => [g, row[g] ?? ''])) })) {
      if (v !== undefined && (dimensions as readonly string[]).includes(k)) q[k] = v;
    }
    return href('calls', q);
  };

  return (
    <Shell current="attribution" title="Attribution">
      <ViewControls view={view} withFilters={withFilters} groupable={dimensions.filter((dim) => dim !== 'buyer' || showsBuyerMoney(d))} />
      <section class="card">
        <Async {...report}>
          {(r) => (
            <>
              <div class="card-head">
                <h2>
                  {view.groupBy.map((g) => dimensionLabel[g]).join(' · ')}
                  <span class="muted small"> {counted(r.rows.length, 'row')}{r.truncated ? ' (the busiest 500)' : ''}</span>
                </h2>
                <button
                  type="button"
                  class="button button-small"
                  disabled={r.rows.length === 0}
                  onClick={() => saveBlob(new Blob([attributionCsv(r)], { type: 'text/csv' }), `attribution-${view.groupBy.join('-')}-${d.range.from}-${d.range.to}.csv`)}
                >
                  Download CSV
                </button>
              </div>
              {r.rows.length ? (
                <DataTable sticky caption="Attribution" columns={columns(r, { drillTo, callsLink, forPublisher, buyerMoney: showsBuyerMoney(d), currency: reportCurrency(d.me), shown: dimensionShown(d) })} rows={r.rows} rowKey={(row) => JSON.stringify(view.groupBy.map((g) => row[g]))} footer />
              ) : (
                <Empty title="Nothing to show for this range">Sessions and calls appear here as soon as visitors arrive through the snippet.</Empty>
              )}
            </>
          )}
        </Async>
      </section>
    </Shell>
  );
}

/** `groupable`: the dimensions offered to group by (the buyer only to the network of an account with buyers). */
function ViewControls({
  view,
  withFilters,
  groupable,
}: {
  view: ReturnType<typeof attributionView>;
  withFilters: (extra: Drill, groupBy?: Dimension[]) => string;
  groupable: readonly Dimension[];
}) {
  const toggle = (dim: Dimension, on: boolean) => {
    const next = on ? [...view.groupBy, dim] : view.groupBy.filter((g) => g !== dim);
    navigate(next.length ? withFilters({}, next) : href('attribution'));
  };
  const crumbs = DRILL_PATH.filter((dim) => view.filters[dim] !== undefined);
  const otherFilters = (Object.keys(view.filters) as Dimension[]).filter((dim) => view.mode === 'custom' || !DRILL_PATH.includes(dim));
  return (
    <div class="toolbar">
      <div class="segmented" role="group" aria-label="View">
        <a href={href('attribution')} class={view.mode === 'drill' ? 'active' : undefined} aria-current={view.mode === 'drill' ? 'true' : undefined}>
          Drill down
        </a>
        <a href={withFilters({}, view.mode === 'custom' ? view.groupBy : ['source', 'campaign'])} class={view.mode === 'custom' ? 'active' : undefined} aria-current={view.mode === 'custom' ? 'true' : undefined}>
          Group by…
        </a>
      </div>
      {view.mode === 'drill' ? (
        <nav aria-label="Drill-down path" class="crumbs">
          <a href={href('attribution')}>All sources</a>
          {crumbs.map((dim, i) => (
            <span key={dim}>
              <span aria-hidden="true"> › </span>
              {i === crumbs.length - 1 ? (
                <span aria-current="location">{dimensionValue(view.filters[dim])}</span>
              ) : (
                <a href={href('attribution', Object.fromEntries(crumbs.slice(0, i + 1).map((c) => [c, view.filters[c]!])))}>{dimensionValue(view.filters[dim])}</a>
              )}
            </span>
          ))}
        </nav>
      ) : (
        <fieldset class="checks">
          <legend class="sr-only">Group by</legend>
          {groupable.map((dim) => (
            <label key={dim} class="check">
              <input type="checkbox" checked={view.groupBy.includes(dim)} onChange={(e) => toggle(dim, e.currentTarget.checked)} />
              {dimensionLabel[dim]}
            </label>
          ))}
        </fieldset>
      )}
      {otherFilters.length > 0 && (
        <div class="chips" aria-label="Filters">
          {otherFilters.map((dim) => {
            const rest = Object.fromEntries(Object.entries(view.filters).filter(([k]) => k !== dim)) as Drill;
            return (
              <a key={dim} class="chip" href={href('attribution', { ...rest, ...(view.mode === 'custom' ? { group_by: view.groupBy.join(',') } : {}) })} aria-label={`Remove filter ${dimensionLabel[dim]}: ${dimensionValue(view.filters[dim])}`}>
                {dimensionLabel[dim]}: {dimensionValue(view.filters[dim])} <span aria-hidden="true">×</span>
              </a>
            );
          })}
        </div>
      )}
    </div>
  );
}
