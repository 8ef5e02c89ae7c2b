// Sessions per site, local day and set of dimensions, counted once and kept
// (session_day_counts). Grouping a month of sessions means sorting every one of them,
// the slow part of a report at a million sessions; reading the same month from day
// counts sorts a few rows per day and value instead. Only days that are over are
// counted: a session is stored when it starts and never changes, so a finished day's
// counts are final.
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sessionDayCounts, sessionDayCountsMade, sessions, sites } from '../../db/schema';
import { wholeDays } from '../../domain/report-time';
import { dayCountColumn, dimensions, sessionColumn, type Dimension } from './dimensions';
import { sessionScope } from '../../http/auth';
import { filtersOn, type ReportScope } from './scope';

// A day is counted an hour after it ends, so clocks that disagree a little (several
// Workers, a server and its database) cannot add a session to a counted day.
const SETTLE_MS = 3_600_000;
// Days counted per write batch: a year of days is counted in twelve small transactions.
const DAYS_PER_BATCH = 31;
// Days before the report's sites existed hold no sessions, so they are never counted: a
// report over `from=0001-01-01` would otherwise walk and mark millions of empty days. Two
// days of margin keep the day the first site was made (a local day can last 25 hours).
const BEFORE_SITES_MS = 2 * 86_400_000;

type Span = { siteId: string; from: number; to: number };
type DayCountPlan = {
  /** Per site: whole, finished local days, read from the counts. */
  counted: (Span & { days: number[] })[];
  /** Per site: the rest of the range, read from the sessions. */
  raw: Span[];
};

/**
 * The dimensions a report's counts are kept by: those it groups or filters by, in a
 * fixed order. The publisher is always kept (a publisher key reads only its own), so
 * it is never part of the name; sessions have no buyer, so neither is the buyer.
 */
export function countedDims(groupBy: readonly Dimension[], scope: ReportScope): CountedDimension[] {
  const used = new Set<Dimension>([...groupBy, ...(Object.keys(scope.filters ?? {}) as Dimension[])]);
  return dimensions.filter((d): d is CountedDimension => d !== 'publisher' && d !== 'buyer' && used.has(d));
}

type CountedDimension = Exclude<Dimension, 'publisher' | 'buyer'>;

/** Splits the report's range, site by site, into counted days and raw edges. */
export async function dayCountPlan(db: Db, scope: ReportScope, now: number): Promise<DayCountPlan> {
  const rows = await db
    .select({ id: sites.id, timezone: sites.timezone, createdAt: sites.createdAt })
    .from(sites)
    .where(and(eq(sites.accountId, scope.auth.accountId), scope.siteIds ? inArray(sites.id, scope.siteIds) : undefined));
  const plan: DayCountPlan = { counted: [], raw: [] };
  // One bound for all the sites, so sites in one zone keep sharing their spans (mergeSpans);
  // the range before it is read raw like any other edge, so the answer is the same.
  const since = Math.max(scope.from, Math.min(...rows.map((s) => s.createdAt)) - BEFORE_SITES_MS);
  for (const site of rows) {
    const days = wholeDays(site.timezone, since, Math.min(scope.to, now - SETTLE_MS));
    if (days.length === 0) {
      plan.raw.push({ siteId: site.id, from: scope.from, to: scope.to });
      continue;
    }
    const from = days[0]!.start;
    const to = days[days.length - 1]!.end;
    plan.counted.push({ siteId: site.id, from, to, days: days.map((d) => d.start) });
    if (scope.from < from) plan.raw.push({ siteId: site.id, from: scope.from, to: from });
    if (to < scope.to) plan.raw.push({ siteId: site.id, from: to, to: scope.to });
  }
  return plan;
}

/**
 * Counts the planned days not counted yet. Each day's counts and its "made" mark are
 * written in one transaction, and the counts only while the mark is absent, so two
 * reports counting the same day at once count it once.
 */
export async function makeDayCounts(db: Db, accountId: string, dims: CountedDimension[], plan: DayCountPlan): Promise<void> {
  const key = dims.join(',');
  const missing: { siteId: string; day: number; end: number }[] = [];
  for (const span of plan.counted) {
    const made = await db
      .select({ day: sessionDayCountsMade.day })
      .from(sessionDayCountsMade)
      .where(
        and(eq(sessionDayCountsMade.siteId, span.siteId), eq(sessionDayCountsMade.dims, key), gte(sessionDayCountsMade.day, span.from), lt(sessionDayCountsMade.day, span.to)),
      );
    const done = new Set(made.map((m) => m.day));
    span.days.forEach((day, i) => {
      if (!done.has(day)) missing.push({ siteId: span.siteId, day, end: span.days[i + 1] ?? span.to });
    });
  }
  for (let i = 0; i < missing.length; i += DAYS_PER_BATCH) {
    const statements = missing.slice(i, i + DAYS_PER_BATCH).flatMap(({ siteId, day, end }) => [
      db.insert(sessionDayCounts).select(countDay(db, accountId, dims, siteId, day, end)),
      db.insert(sessionDayCountsMade).values({ siteId, dims: key, day }).onConflictDoNothing(),
    ]);
    await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
  }
}

/** One day's sessions of one site, counted by `dims` and publisher; nothing once the day is marked made. */
function countDay(db: Db, accountId: string, dims: CountedDimension[], siteId: string, day: number, end: number) {
  const key = dims.join(',');
  // Every column of the counts table, in its order (drizzle's insert-select needs that);
  // the dimensions not counted by stay null.
  const kept = (d: CountedDimension) => (dims.includes(d) ? sessionColumn[d] : sql<null>`NULL`.as(d));
  return db
    .select({
      siteId: sql<string>`${siteId}`.as('site_id'),
      dims: sql<string>`${key}`.as('dims'),
      day: sql<number>`${day}`.as('day'),
      source: kept('source'),
      medium: kept('medium'),
      campaign: kept('campaign'),
      keyword: kept('keyword'),
      publisherId: sessions.publisherId,
      landingPage: kept('landing_page'),
      device: kept('device'),
      sessions: sql<number>`COUNT(*)`.as('sessions'),
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.accountId, accountId),
        gte(sessions.startedAt, day),
        lt(sessions.startedAt, end),
        eq(sessions.siteId, siteId),
        eq(sessions.isBot, false),
        sql`NOT EXISTS (SELECT 1 FROM ${sessionDayCountsMade} m WHERE m.site_id = ${siteId} AND m.dims = ${key} AND m.day = ${day})`,
      ),
    )
    .groupBy(...dims.map((d) => sessionColumn[d]), sessions.publisherId);
}

/**
 * Spans with the same bounds, merged: one part of the report's statement per distinct
 * range rather than per site keeps its bound parameters few (D1 allows 100) however many
 * sites an account has; sites in one time zone share their spans.
 */
export function mergeSpans(spans: Span[]): { siteIds: string[]; from: number; to: number }[] {
  const merged = new Map<string, { siteIds: string[]; from: number; to: number }>();
  for (const s of spans) {
    const key = `${s.from}-${s.to}`;
    const entry = merged.get(key) ?? { siteIds: [], from: s.from, to: s.to };
    entry.siteIds.push(s.siteId);
    merged.set(key, entry);
  }
  return [...merged.values()];
}

/** The conditions on the counts that match a report's scope, for the sites of one counted range. */
export function dayCountsWhere(scope: ReportScope, dims: Dimension[], span: { siteIds: string[]; from: number; to: number }): SQL {
  return and(
    inArray(sessionDayCounts.siteId, span.siteIds),
    eq(sessionDayCounts.dims, dims.join(',')),
    gte(sessionDayCounts.day, span.from),
    lt(sessionDayCounts.day, span.to),
    sessionScope(scope.auth, sessionDayCounts.publisherId),
    ...filtersOn(dayCountColumn, scope.filters),
  )!;
}
