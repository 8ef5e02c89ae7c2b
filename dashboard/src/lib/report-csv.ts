// The attribution table as a CSV file: the same writer (quoting, formula guard) the
// server's exports use, so a keyword like "=cmd" is as harmless here as there.
import { csvLine } from '../../../collector/domain/csv';
import type { AttributionReport, Dimension, Metrics } from './types';

const metricColumns: (keyof Metrics)[] = [
  'sessions',
  'calls',
  'qualified_calls',
  'duplicate_calls',
  'flagged_calls',
  'call_rate',
  'qualified_rate',
  'avg_duration_s',
  'conversions',
  'conversion_rate',
  'revenue_cents',
  'cost_cents',
  'profit_cents',
  'cost_per_qualified_call_cents',
  'cost_per_conversion_cents',
  'roi',
  'buyer_revenue_cents',
  'margin_cents',
];

export function attributionCsv(report: AttributionReport): string {
  const dims: Dimension[] = report.group_by;
  const lines = [csvLine([...dims, ...metricColumns])];
  for (const row of report.rows) lines.push(csvLine([...dims.map((d) => row[d] ?? null), ...metricColumns.map((m) => row[m])]));
  lines.push(csvLine([...dims.map((_, i) => (i === 0 ? 'Total' : null)), ...metricColumns.map((m) => report.totals[m])]));
  return lines.join('');
}
