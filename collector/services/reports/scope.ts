import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { calls, sessions } from '../../db/schema';
import type { Auth } from '../../http/context';
import { callScope, sessionScope } from '../../http/auth';
import { callColumn, dimensions, sessionColumn, type Dimension, type DimensionFilters } from './dimensions';

/**
 * Which rows a report reads: the key's scope, a time range and optional filters.
 * `siteIds` narrows it to those sites; without it a report reads all the account's.
 */
export type ReportScope = { auth: Auth; from: number; to: number; siteIds?: string[]; filters?: DimensionFilters };

/** A time range as numbers, or as SQL for a range that comes from another table (time series buckets). */
type Range = { from: number | SQL; to: number | SQL };

function matches(column: SQLiteColumn | SQL, value: string): SQL {
  return value === '' ? sql`(${column} IS NULL OR ${column} = '')` : sql`${column} = ${value}`;
}

/** The drill-down filters as conditions on whichever table's dimension columns. */
export function filtersOn(columns: Record<Dimension, SQLiteColumn | SQL>, filters: DimensionFilters = {}): SQL[] {
  return dimensions.flatMap((d) => (filters[d] === undefined ? [] : [matches(columns[d], filters[d])]));
}

/** Sessions in scope (the key's account; a publisher key's own); bots are left out, as they never lease a number nor call. */
export function sessionsWhere(s: ReportScope, range: Range = s): SQL {
  return and(
    eq(sessions.accountId, s.auth.accountId),
    sessionScope(s.auth, sessions.publisherId),
    gte(sessions.startedAt, range.from),
    lt(sessions.startedAt, range.to),
    eq(sessions.isBot, false),
    s.siteIds ? inArray(sessions.siteId, s.siteIds) : undefined,
    ...filtersOn(sessionColumn, s.filters),
  )!;
}

/** Calls in scope, by the time each call started. */
export function callsWhere(s: ReportScope, range: Range = s): SQL {
  return and(
    callScope(s.auth),
    gte(calls.startedAt, range.from),
    lt(calls.startedAt, range.to),
    s.siteIds ? inArray(calls.siteId, s.siteIds) : undefined,
    ...filtersOn(callColumn, s.filters),
  )!;
}
