import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calls, sessions } from '../../db/schema';
import { pointMoney, type PointMoney } from '../../domain/report-math';
import { buckets, type Interval } from '../../domain/report-time';
import { callsWhere, sessionsWhere, type ReportScope } from './scope';

type TimeseriesPoint = { t: string; sessions: number; calls: number; qualified_calls: number } & PointMoney;

type PointRow = { t: number; sessions: number; calls: number; qualified_calls: number; buyer_revenue_cents: number; cost_cents: number };

/**
 * Sessions, calls, qualified calls and the pay-per-call money (what buyers owe, the
 * payouts of qualified calls, the margin between) per hour or per local day. The bucket edges come
 * from the zone arithmetic as a VALUES table; each bucket is then one index range count.
 * The edges are integers we computed, written into the SQL text: D1 allows only 100
 * bound parameters per statement and a series can have hundreds of buckets.
 */
export async function timeseries(db: Db, scope: ReportScope, zone: string, interval: Interval): Promise<TimeseriesPoint[]> {
  const edges = buckets(zone, interval, scope.from, scope.to);
  if (edges.length === 0) return [];
  const values = sql.raw(edges.map((b) => `(${Math.trunc(b.t)}, ${Math.trunc(b.from)}, ${Math.trunc(b.to)})`).join(', '));
  const inBucket = { from: sql.raw('b.lo'), to: sql.raw('b.hi') };
  const rows = await db.all<PointRow>(sql`
    WITH b(t, lo, hi) AS (VALUES ${values})
    SELECT b.t AS t,
      (SELECT COUNT(*) FROM ${sessions} WHERE ${sessionsWhere(scope, inBucket)}) AS sessions,
      (SELECT COUNT(*) FROM ${calls} WHERE ${callsWhere(scope, inBucket)}) AS calls,
      (SELECT COUNT(*) FROM ${calls} WHERE ${callsWhere(scope, inBucket)} AND ${calls.qualified} = 1) AS qualified_calls,
      (SELECT COALESCE(SUM(${calls.revenueCents}), 0) FROM ${calls} WHERE ${callsWhere(scope, inBucket)}) AS buyer_revenue_cents,
      (SELECT COALESCE(SUM(${calls.payoutCents}), 0) FROM ${calls} WHERE ${callsWhere(scope, inBucket)} AND ${calls.qualified} = 1) AS cost_cents
    FROM b ORDER BY b.t`);
  return rows.map((r) => ({
    t: new Date(Number(r.t)).toISOString(),
    sessions: Number(r.sessions),
    calls: Number(r.calls),
    qualified_calls: Number(r.qualified_calls),
    ...pointMoney(Number(r.buyer_revenue_cents), Number(r.cost_cents)),
  }));
}
