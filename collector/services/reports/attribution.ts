import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calls, sessionDayCounts, sessions } from '../../db/schema';
import { reportMetrics, type LedgerSums, type ReportMetrics } from '../../domain/report-math';
import { countedDims, dayCountPlan, dayCountsWhere, makeDayCounts, mergeSpans } from './day-counts';
import { callColumn, dayCountColumn, sessionColumn, type Dimension } from './dimensions';
import { callsWhere, sessionsWhere, type ReportScope } from './scope';

type AttributionRow = Partial<Record<Dimension, string | null>> & ReportMetrics;
export type AttributionReport = { rows: AttributionRow[]; totals: ReportMetrics; truncated: boolean };

type SumsRow = Record<string, string | number | null>;

const list = (parts: SQL[]) => sql.join(parts, sql`, `);
const keyAlias = (i: number) => sql.raw(`k${i}`);

// Every part returns the same columns, so one UNION ALL adds sessions and calls up per
// group in a single statement. Each part is grouped first, reading only its covering
// index (see schema.ts) or the day counts.
const sessionSums = (count: SQL) => sql`${count} AS sessions, 0 AS calls, 0 AS qualified, 0 AS duplicates, 0 AS flagged, 0 AS duration_sum,
  0 AS duration_count, 0 AS conversions, 0 AS revenue_cents, 0 AS cost_cents, 0 AS buyer_revenue_cents`;

function rawSessions(groupBy: readonly Dimension[], scope: ReportScope): SQL {
  const keys = groupBy.map((d, i) => sql`${sessionColumn[d]} AS ${keyAlias(i)}`);
  return sql`SELECT ${list([...keys, sessionSums(sql`COUNT(*)`)])} FROM ${sessions} WHERE ${sessionsWhere(scope)}${groupClause(groupBy)}`;
}

/** Sessions per group: from the day counts where whole finished days allow, the rest raw. */
async function sessionParts(db: Db, groupBy: readonly Dimension[], scope: ReportScope, now: number): Promise<SQL> {
  const plan = await dayCountPlan(db, scope, now);
  if (plan.counted.length === 0) return rawSessions(groupBy, scope);
  const dims = countedDims(groupBy, scope);
  await makeDayCounts(db, scope.auth.accountId, dims, plan);
  const keys = groupBy.map((d, i) => sql`${dayCountColumn[d]} AS ${keyAlias(i)}`);
  const counted = mergeSpans(plan.counted).map(
    (span) => sql`SELECT ${list([...keys, sessionSums(sql`SUM(${sessionDayCounts.sessions})`)])} FROM ${sessionDayCounts}
      WHERE ${dayCountsWhere(scope, dims, span)}${groupClause(groupBy)}`,
  );
  const raw = mergeSpans(plan.raw).map((span) => rawSessions(groupBy, { ...scope, ...span }));
  return sql.join([...counted, ...raw], sql` UNION ALL `);
}

function callHalf(groupBy: readonly Dimension[], scope: ReportScope): SQL {
  const keys = groupBy.map((d, i) => sql`${callColumn[d]} AS ${keyAlias(i)}`);
  const sums = sql`0 AS sessions, COUNT(*) AS calls,
    COALESCE(SUM(${calls.qualified} = 1), 0) AS qualified,
    COALESCE(SUM(${calls.duplicate} = 1), 0) AS duplicates,
    COALESCE(SUM(${calls.fraudSignals} <> '[]'), 0) AS flagged,
    COALESCE(SUM(${calls.durationS}), 0) AS duration_sum,
    COUNT(${calls.durationS}) AS duration_count,
    COUNT(${calls.convertedAt}) AS conversions,
    COALESCE(SUM(CASE WHEN ${calls.convertedAt} IS NOT NULL THEN ${calls.conversionValueCents} END), 0) AS revenue_cents,
    COALESCE(SUM(CASE WHEN ${calls.qualified} = 1 THEN ${calls.payoutCents} END), 0) AS cost_cents,
    COALESCE(SUM(${calls.revenueCents}), 0) AS buyer_revenue_cents`;
  return sql`SELECT ${list([...keys, sums])} FROM ${calls} WHERE ${callsWhere(scope)}${groupClause(groupBy)}`;
}

function groupClause(groupBy: readonly Dimension[]): SQL {
  return sql` GROUP BY ${list(groupBy.map((_, i) => keyAlias(i)))}`;
}

const SUM_COLUMNS = ['sessions', 'calls', 'qualified', 'duplicates', 'flagged', 'duration_sum', 'duration_count', 'conversions', 'revenue_cents', 'cost_cents', 'buyer_revenue_cents'];
const SUMS = sql.raw(SUM_COLUMNS.map((c) => `SUM(${c}) AS ${c}`).join(', '));
// The totals ride along on every row as window sums over all groups: computed before
// LIMIT, so they stay whole when the rows are cut, and cost no second scan.
const TOTALS = sql.raw(SUM_COLUMNS.map((c) => `SUM(SUM(${c})) OVER () AS total_${c}`).join(', '));

async function sumRows(db: Db, groupBy: readonly Dimension[], scope: ReportScope, limit: number, now: number): Promise<SumsRow[]> {
  const keys = groupBy.map((_, i) => keyAlias(i));
  const union = sql`${await sessionParts(db, groupBy, scope, now)} UNION ALL ${callHalf(groupBy, scope)}`;
  // Busiest first: the groups that bring paid calls lead, then calls, then traffic.
  return db.all<SumsRow>(
    sql`SELECT ${list([...keys, SUMS, TOTALS])} FROM (${union}) GROUP BY ${list(keys)}
      ORDER BY qualified DESC, calls DESC, sessions DESC, ${list(keys)} LIMIT ${limit}`,
  );
}

const num = (v: string | number | null | undefined) => Number(v ?? 0);

/** The sums of a row; `prefix` reads the totals that ride along (`total_…`). */
function ledger(row: SumsRow | undefined, prefix = ''): LedgerSums {
  const get = (column: string) => num(row?.[prefix + column]);
  return {
    sessions: get('sessions'),
    calls: get('calls'),
    qualified: get('qualified'),
    duplicates: get('duplicates'),
    flagged: get('flagged'),
    durationSum: get('duration_sum'),
    durationCount: get('duration_count'),
    conversions: get('conversions'),
    revenueCents: get('revenue_cents'),
    costCents: get('cost_cents'),
    buyerRevenueCents: get('buyer_revenue_cents'),
  };
}

/**
 * Sessions, calls and money per group. `publisherCode` turns the publisher dimension's
 * ids into the codes people know. At most `limit` rows, busiest first; the totals always
 * cover every row in scope.
 */
export async function attributionReport(
  db: Db,
  scope: ReportScope,
  groupBy: readonly Dimension[],
  limit: number,
  publisherCode: (id: string | null) => string | null,
  now: number,
): Promise<AttributionReport> {
  const raw = await sumRows(db, groupBy, scope, limit + 1, now);
  const truncated = raw.length > limit;
  const kept = raw.slice(0, limit);
  const totals = ledger(raw[0], 'total_');
  const rows = kept.map((row) => {
    const keys: Partial<Record<Dimension, string | null>> = {};
    groupBy.forEach((d, i) => {
      const value = (row[`k${i}`] ?? null) as string | null;
      keys[d] = d === 'publisher' ? publisherCode(value) : value;
    });
    return { ...keys, ...reportMetrics(ledger(row)) };
  });
  return { rows, totals: reportMetrics(totals), truncated };
}
