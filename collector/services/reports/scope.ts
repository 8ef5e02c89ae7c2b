import { and, eq, gte, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { calls, sessions } from '../../db/schema';
import type { Auth } from '../../http/context';
import { callScope } from '../../routes/calls';
import { callColumn, dimensions, sessionColumn, type DimensionFilters } from './dimensions';

/** Which rows a report reads: the key's scope, a time range and optional filters. */
export type ReportScope = { auth: Auth; from: number; to: number; siteId?: string; filters?: DimensionFilters };

/** A time range as numbers, or as SQL for a range that comes from another table (time series buckets). */
type Range = { from: number | SQL; to: number | SQL };

/** Sessions an API key may see: its account, and for a publisher key only its own. */
export function sessionScope(auth: Auth): SQL {
  const account = eq(sessions.accountId, auth.accountId);
  return auth.role === 'publisher' ? and(account, eq(sessions.publisherId, auth.publisherId ?? '-'))! : account;
}

function matches(column: SQLiteColumn, value: string): SQL {
  return value === '' ? or(isNull(column), eq(column, ''))! : eq(column, value);
}

function filtersOn(columns: Record<(typeof dimensions)[number], SQLiteColumn>, filters: DimensionFilters = {}): SQL[] {
  return dimensions.flatMap((d) => (filters[d] === undefined ? [] : [matches(columns[d], filters[d])]));
}

/** Sessions in scope; bots are left out, as they never lease a number nor call. */
export function sessionsWhere(s: ReportScope, range: Range = s): SQL {
  return and(
    sessionScope(s.auth),
    gte(sessions.startedAt, range.from),
    lt(sessions.startedAt, range.to),
    eq(sessions.isBot, false),
    s.siteId ? eq(sessions.siteId, s.siteId) : undefined,
    ...filtersOn(sessionColumn, s.filters),
  )!;
}

/** Calls in scope, by the time each call started. */
export function callsWhere(s: ReportScope, range: Range = s): SQL {
  return and(
    callScope(s.auth),
    gte(calls.startedAt, range.from),
    lt(calls.startedAt, range.to),
    s.siteId ? eq(calls.siteId, s.siteId) : undefined,
    ...filtersOn(callColumn, s.filters),
  )!;
}
