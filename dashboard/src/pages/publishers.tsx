import { fraudText } from '../components/badges';
import { DataTable, type Column } from '../components/data-table';
import { Shell } from '../components/shell';
import { Async, Empty } from '../components/states';
import { reportCurrency, useDashboard } from '../lib/context';
import { count, money, percent, roi } from '../lib/format';
import { loadAttribution } from '../lib/reports';
import { href } from '../lib/router';
import type { AttributionReport, FraudRow, Metrics, Publisher, ReportRow } from '../lib/types';
import { useResource } from '../lib/use-resource';

type Row = ReportRow & { name: string; signals: Record<string, number> };

// A publisher with no traffic in the range.
const zero: Metrics = {
  sessions: 0,
  calls: 0,
  qualified_calls: 0,
  duplicate_calls: 0,
  flagged_calls: 0,
  call_rate: null,
  qualified_rate: null,
  avg_duration_s: null,
  conversions: 0,
  conversion_rate: null,
  revenue_cents: 0,
  cost_cents: 0,
  profit_cents: 0,
  cost_per_qualified_call_cents: null,
  cost_per_conversion_cents: null,
  roi: null,
  buyer_revenue_cents: 0,
  margin_cents: 0,
};

function signalSummary(signals: Record<string, number>) {
  const found = Object.entries(signals).filter(([, n]) => n > 0);
  if (!found.length) return <span class="muted">None</span>;
  return (
    <ul class="signal-list">
      {found.map(([name, n]) => (
        <li key={name} title={fraudText[name]}>
          {name.replace(/_/g, ' ')} <strong>{n}</strong>
        </li>
      ))}
    </ul>
  );
}

/** The table's columns; money in the account's report currency. */
function columns(currency: string): Column<Row>[] {
  return [
    {
      key: 'publisher',
      label: 'Publisher',
      sortValue: (r) => r.name,
      render: (r) => (r.publisher ? <a href={href('calls', { publisher: r.publisher })}>{r.name}</a> : <span class="muted">{r.name}</span>),
    },
    { key: 'sessions', label: 'Sessions', numeric: true, sortValue: (r) => r.sessions, render: (r) => count(r.sessions) },
    { key: 'calls', label: 'Calls', numeric: true, sortValue: (r) => r.calls, render: (r) => count(r.calls) },
    { key: 'qualified', label: 'Qualified', numeric: true, sortValue: (r) => r.qualified_calls, render: (r) => count(r.qualified_calls) },
    { key: 'rate', label: 'Qualified rate', numeric: true, sortValue: (r) => r.qualified_rate, render: (r) => percent(r.qualified_rate) },
    { key: 'payouts', label: 'Payouts', numeric: true, sortValue: (r) => r.cost_cents, render: (r) => money(r.cost_cents, currency) },
    { key: 'revenue', label: 'Revenue', numeric: true, sortValue: (r) => r.revenue_cents, render: (r) => money(r.revenue_cents, currency) },
    { key: 'roi', label: 'ROI', numeric: true, sortValue: (r) => r.roi, render: (r) => roi(r.roi) },
    { key: 'flagged', label: 'Flagged calls', numeric: true, sortValue: (r) => r.flagged_calls, render: (r) => (r.flagged_calls ? <strong class="tone-bad">{count(r.flagged_calls)}</strong> : '0') },
    { key: 'signals', label: 'Fraud signals', render: (r) => signalSummary(r.signals) },
  ];
}

export function Publishers() {
  const d = useDashboard();
  const deps = [d.api, d.scope.from, d.scope.to, d.siteId];
  const data = useResource(
    async (signal) => {
      const [report, list, fraud] = await Promise.all([
        loadAttribution(d, ['publisher'], {}, 500, signal),
        d.api.get<{ publishers: Publisher[] }>('/v1/publishers', {}, signal),
        d.api.get<{ rows: FraudRow[] }>('/v1/calls/fraud', { group_by: 'publisher', ...d.scope }, signal),
      ]);
      return merge(report, list.publishers, fraud.rows);
    },
    deps,
  );
  return (
    <Shell current="publishers" title="Publishers">
      <section class="card">
        <Async {...data}>
          {(rows) =>
            rows.length ? (
              <DataTable caption="Calls, payouts and fraud signals per publisher" columns={columns(reportCurrency(d.me))} rows={rows} rowKey={(r) => r.publisher ?? ''} />
            ) : (
              <Empty title="No publishers yet">Add publishers in Settings; their traffic is tagged with their code in utm_source or pub=.</Empty>
            )
          }
        </Async>
      </section>
    </Shell>
  );
}

/** One row per publisher, those without traffic included, plus the traffic no publisher brought. */
function merge(report: AttributionReport, publishers: Publisher[], fraud: FraudRow[]): Row[] {
  const byCode = new Map(report.rows.map((r) => [r.publisher ?? null, r]));
  const signalsOf = (code: string | null) => fraud.find((f) => (f.publisher ?? null) === code)?.signals ?? {};
  const rows: Row[] = publishers.map((p) => ({ ...zero, ...byCode.get(p.code), publisher: p.code, name: `${p.name} (${p.code})`, signals: signalsOf(p.code) }));
  const direct = byCode.get(null);
  if (direct) rows.push({ ...direct, publisher: null, name: 'No publisher', signals: signalsOf(null) });
  return rows;
}
