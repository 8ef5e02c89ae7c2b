// GET /v1/reports/pools: how full each pool is now, how full it has been, and how many
// numbers it needs. Six queries however many pools the account has.
import { and, asc, avg, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { leases, poolExhaustions, pools, trackingNumbers } from '../db/schema';
import { EXHAUSTION_BURST } from '../domain/lease-policy';
import { holdMinutes, offeredLoad, recommendedSize, type SizingFacts } from '../domain/pool-sizing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type PoolReportQuery = { accountId: string; siteId?: string; days: number; now: number };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

const idList = (poolIds: string[]) => sql.join(poolIds.map((id) => sql`${id}`), sql`, `);

/** Per pool: numbers, numbers leased now, numbers resting now (released, not yet free). */
async function occupancy(db: Db, poolIds: string[], now: number) {
  return db
    .select({
      poolId: trackingNumbers.poolId,
      size: sql<number>`count(*)`,
      leased: sql<number>`coalesce(sum(${trackingNumbers.leasedUntil} > ${now}), 0)`,
      resting: sql<number>`coalesce(sum(${trackingNumbers.leasedUntil} <= ${now} and ${trackingNumbers.leasedUntil} > ${now} - ${pools.restMinutes} * 60000), 0)`,
    })
    .from(trackingNumbers)
    .innerJoin(pools, eq(pools.id, trackingNumbers.poolId))
    .where(and(inArray(trackingNumbers.poolId, poolIds), eq(trackingNumbers.role, 'pool')))
    .groupBy(trackingNumbers.poolId);
}

/**
 * Sessions that wanted a number, per pool and clock hour (UTC) of the window: those
 * that got an exclusive lease and those the exhausted pool refused, each counted once.
 */
async function hourlyDemand(db: Db, poolIds: string[], from: number) {
  const ids = idList(poolIds);
  // A literal, not a parameter: a bound number may arrive as a float and turn the division fractional.
  const hour = sql.raw(String(HOUR));
  return db.all<{ pool_id: string; hour: number; demand: number }>(sql`
    select pool_id, hour, count(distinct session_id) as demand from (
      select pool_id, started_at / ${hour} as hour, session_id from leases
        where pool_id in (${ids}) and kind = 'exclusive' and started_at >= ${from}
      union all
      select pool_id, at / ${hour} as hour, session_id from pool_exhaustions
        where pool_id in (${ids}) and at >= ${from}
    ) group by pool_id, hour`);
}

/**
 * The most exclusive leases that were live at once in the window, and when, per pool:
 * a running sum over the history's starts (+1) and ends (−1). Exact, and free on the
 * lease path, which never has to count. At equal times an end goes first (a number
 * released at t may be leased again at t).
 */
async function peakLeases(db: Db, poolIds: string[], from: number) {
  const ids = idList(poolIds);
  // Leases that began a day before the window may still be live in it (a lease lasts at most a day past its last ping).
  const relevant = sql`pool_id in (${ids}) and kind = 'exclusive' and started_at >= ${from - DAY} and ends_at >= ${from}`;
  return db.all<{ pool_id: string; peak: number; at: number }>(sql`
    select pool_id, max(live) as peak, t as at from (
      select pool_id, t, sum(delta) over (partition by pool_id order by t, delta rows unbounded preceding) as live from (
        select pool_id, max(started_at, ${from}) as t, 1 as delta from leases where ${relevant}
        union all
        select pool_id, ends_at as t, -1 as delta from leases where ${relevant}
      )
    ) group by pool_id`);
}

/** How often each pool has run out, ever: one `pool_exhaustions` row per refused visitor. */
async function exhaustionCounts(db: Db, poolIds: string[]) {
  return db
    .select({ poolId: poolExhaustions.poolId, count: count() })
    .from(poolExhaustions)
    .where(inArray(poolExhaustions.poolId, poolIds))
    .groupBy(poolExhaustions.poolId);
}

/**
 * Exhaustion bursts in the window, per pool: clock minutes in which the pool ran out for
 * EXHAUSTION_BURST visitors or more (a drain, or a spike far past the pool's size), and
 * the start of the latest.
 */
async function exhaustionBursts(db: Db, poolIds: string[], from: number) {
  const ids = idList(poolIds);
  const minute = sql.raw('60000');
  return db.all<{ pool_id: string; bursts: number; last: number }>(sql`
    select pool_id, count(*) as bursts, max(minute) * ${minute} as last from (
      select pool_id, at / ${minute} as minute from pool_exhaustions
        where pool_id in (${ids}) and at >= ${from}
        group by pool_id, minute having count(*) >= ${EXHAUSTION_BURST}
    ) group by pool_id`);
}

/** Mean length of the window's exclusive leases that have ended, in minutes, per pool. */
async function meanLeaseMinutes(db: Db, poolIds: string[], from: number, now: number) {
  return db
    .select({ poolId: leases.poolId, minutes: avg(sql`(${leases.endsAt} - ${leases.startedAt}) / 60000.0`) })
    .from(leases)
    .where(and(inArray(leases.poolId, poolIds), eq(leases.kind, 'exclusive'), gte(leases.startedAt, from), lt(leases.endsAt, now)))
    .groupBy(leases.poolId);
}

export async function poolReport(db: Db, q: PoolReportQuery) {
  const rows = await db
    .select()
    .from(pools)
    .where(and(eq(pools.accountId, q.accountId), q.siteId ? eq(pools.siteId, q.siteId) : undefined))
    .orderBy(asc(pools.siteId), asc(pools.createdAt), asc(pools.name), asc(pools.id));
  if (rows.length === 0) return [];
  const ids = rows.map((p) => p.id);
  const from = q.now - q.days * DAY;
  const [occ, demand, held, peaks, exhaustions, bursts] = await Promise.all([
    occupancy(db, ids, q.now),
    hourlyDemand(db, ids, from),
    meanLeaseMinutes(db, ids, from, q.now),
    peakLeases(db, ids, from),
    exhaustionCounts(db, ids),
    exhaustionBursts(db, ids, from),
  ]);

  return rows.map((p) => {
    const o = occ.find((r) => r.poolId === p.id);
    const size = Number(o?.size ?? 0);
    const base = { id: p.id, name: p.name, site: p.siteId, kind: p.kind, replace: p.replaceNumber, size };
    // A source-level pool is one static number shared by everyone its rule matches: nothing to size.
    if (p.kind === 'source') {
      return { ...base, leased_now: 0, resting_now: 0, free_now: size, peak_leases: 0, peak_leases_at: null, exhaustions: 0, exhaustion_bursts: 0, last_exhaustion_burst_at: null, recommended_size: 1, sizing: null };
    }
    const hours = demand.filter((d) => d.pool_id === p.id);
    const peak = hours.reduce<{ hour: number; demand: number } | null>((best, h) => (!best || h.demand > best.demand ? h : best), null);
    const mean = held.find((h) => h.poolId === p.id)?.minutes;
    const facts: SizingFacts = {
      peakHourDemand: peak?.demand ?? 0,
      meanLeaseMinutes: mean == null ? null : Number(mean),
      leaseMinutes: p.leaseMinutes,
      restMinutes: p.restMinutes,
    };
    const leased = Number(o?.leased ?? 0);
    const peakLive = peaks.find((r) => r.pool_id === p.id);
    const resting = Number(o?.resting ?? 0);
    const burst = bursts.find((b) => b.pool_id === p.id);
    return {
      ...base,
      leased_now: leased,
      resting_now: resting,
      free_now: size - leased - resting,
      peak_leases: Number(peakLive?.peak ?? 0),
      peak_leases_at: peakLive ? iso(Number(peakLive.at)) : null,
      exhaustions: exhaustions.find((e) => e.poolId === p.id)?.count ?? 0,
      exhaustion_bursts: Number(burst?.bursts ?? 0),
      last_exhaustion_burst_at: burst ? iso(Number(burst.last)) : null,
      recommended_size: recommendedSize(facts),
      sizing: {
        window_days: q.days,
        peak_hour: peak ? iso(peak.hour * HOUR) : null,
        peak_hour_sessions: facts.peakHourDemand,
        hold_minutes: round(holdMinutes(facts), 1),
        offered_load: round(offeredLoad(facts), 2),
      },
    };
  });
}
