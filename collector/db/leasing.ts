// The lease queries. Each builder returns statements for one `db.batch` (one
// transaction on libSQL and D1) plus a reader for their results, so that opening a
// session — session row, page view and one lease per business number — commits once
// (twice when a pool is exhausted).
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { LeaseRecord } from '../domain/call-matching';
import { leaseEnd, needsExtension, restCutoff } from '../domain/lease-policy';
import { newId } from '../ids';
import type { Db } from './client';
import { leases, poolExhaustions, pools, trackingNumbers } from './schema';

export type Pool = typeof pools.$inferSelect;
export type Statement = BatchItem<'sqlite'>;

/** Runs statements as one atomic batch; nothing to run costs nothing. */
export async function runBatch(db: Db, statements: Statement[]): Promise<unknown[]> {
  if (statements.length === 0) return [];
  return db.batch(statements as [Statement, ...Statement[]]);
}

/** What a session is shown for one business number. */
export type LeaseOutcome = {
  replace: string;
  number: string;
  /** True when the number is this session's alone (exclusive) or the pool's static source number. */
  leased: boolean;
  /** When the lease recorded for it ends; null when none was recorded (the business number). */
  endsAt: number | null;
};

export type LeasePlan<T> = { statements: Statement[]; read: (results: unknown[]) => T };

const businessNumber = (pool: Pool): LeaseOutcome => ({ replace: pool.replaceNumber, number: pool.replaceNumber, leased: false, endsAt: null });

/** Copies the number a statement just tagged with `leaseId` into the history, as one lease row. */
function historyFrom(db: Db, where: ReturnType<typeof and>, leaseId: string, sessionId: string, kind: 'exclusive' | 'shared' | 'source', now: number, endsAt: number) {
  return db.insert(leases).select(
    db
      .select({
        id: sql<string>`${leaseId}`.as('id'),
        accountId: trackingNumbers.accountId,
        numberId: trackingNumbers.id,
        poolId: trackingNumbers.poolId,
        sessionId: sql<string>`${sessionId}`.as('session_id'),
        kind: sql<string>`${kind}`.as('kind'),
        startedAt: sql<number>`${now}`.as('started_at'),
        endsAt: sql<number>`${endsAt}`.as('ends_at'),
      })
      .from(trackingNumbers)
      .where(where)
      .limit(1),
  );
}

/**
 * Leases the least recently used free number of a session-level pool. The UPDATE picks
 * and claims the number in one statement, so two concurrent visitors can never claim
 * the same one; the INSERT copies the claim into the history. Nothing else is written
 * (the pool report derives peaks from the history). Reads null when no number was
 * free: then `planExhaustion` decides what the visitor sees.
 */
function planExclusive(db: Db, pool: Pool, sessionId: string, now: number): LeasePlan<LeaseOutcome | null> {
  const leaseId = newId('ls');
  const endsAt = leaseEnd(now, pool.leaseMinutes);
  const free = db
    .select({ id: trackingNumbers.id })
    .from(trackingNumbers)
    .where(
      and(
        eq(trackingNumbers.poolId, pool.id),
        eq(trackingNumbers.role, 'pool'),
        or(isNull(trackingNumbers.leasedUntil), lte(trackingNumbers.leasedUntil, restCutoff(now, pool.restMinutes))),
      ),
    )
    // Least recently used first (never used, NULL, sorts before all): the longest-rested
    // number is the least likely to get a late call. Ordering by the indexed column alone
    // lets SQLite walk the (pool, role, leased_until) index and stop at the first row.
    .orderBy(asc(trackingNumbers.leasedUntil))
    .limit(1);
  return {
    statements: [
      db
        .update(trackingNumbers)
        .set({ leaseId, sessionId, leasedUntil: endsAt })
        .where(inArray(trackingNumbers.id, free))
        .returning({ number: trackingNumbers.number }),
      historyFrom(db, eq(trackingNumbers.leaseId, leaseId), leaseId, sessionId, 'exclusive', now, endsAt),
    ],
    read: (results) => {
      const claimed = (results[0] as { number: string }[])[0];
      return claimed ? { replace: pool.replaceNumber, number: claimed.number, leased: true, endsAt } : null;
    },
  };
}

/**
 * A session-level pool had no free number for a visitor who could have had one: count
 * the event, and show the pool's shared overflow number (recorded as a `shared` lease,
 * so a call to it can still find its most recent viewer) or else the business number.
 */
export function planExhaustion(db: Db, pool: Pool, sessionId: string, now: number): LeasePlan<LeaseOutcome> {
  const statements: Statement[] = [db.insert(poolExhaustions).values({ id: newId('ex'), poolId: pool.id, sessionId, at: now })];
  const endsAt = leaseEnd(now, pool.leaseMinutes);
  if (pool.overflowNumber) {
    const overflow = and(eq(trackingNumbers.poolId, pool.id), eq(trackingNumbers.role, 'overflow'));
    statements.push(historyFrom(db, overflow, newId('ls'), sessionId, 'shared', now, endsAt).returning({ id: leases.id }));
  }
  return {
    statements,
    read: (results) => {
      const shared = pool.overflowNumber !== null && (results[1] as { id: string }[]).length > 0;
      return shared
        ? { replace: pool.replaceNumber, number: pool.overflowNumber!, leased: false, endsAt }
        : businessNumber(pool);
    },
  };
}

/** A source-level pool shows its one static number to everyone its rule matches; each showing is recorded. */
function planSource(db: Db, pool: Pool, sessionId: string, now: number): LeasePlan<LeaseOutcome> {
  const leaseId = newId('ls');
  const endsAt = leaseEnd(now, pool.leaseMinutes);
  const fixed = and(eq(trackingNumbers.poolId, pool.id), eq(trackingNumbers.role, 'pool'));
  const number = sql<string>`(select ${trackingNumbers.number} from ${trackingNumbers} where ${trackingNumbers.id} = ${leases.numberId})`;
  return {
    statements: [historyFrom(db, fixed, leaseId, sessionId, 'source', now, endsAt).returning({ number })],
    read: (results) => {
      const row = (results[0] as { number: string }[])[0];
      return row ? { replace: pool.replaceNumber, number: row.number, leased: true, endsAt } : businessNumber(pool);
    },
  };
}

/**
 * The statements that give a session its number for `pool`; null read back means the
 * pool is exhausted (see `planExhaustion`). `mayLease` is false for bots and clients
 * over the rate limit: they are shown the business number and nothing is written.
 */
export function planLease(db: Db, pool: Pool, sessionId: string, now: number, mayLease: boolean): LeasePlan<LeaseOutcome | null> {
  if (!mayLease) return { statements: [], read: () => businessNumber(pool) };
  return pool.kind === 'source' ? planSource(db, pool, sessionId, now) : planExclusive(db, pool, sessionId, now);
}

export type SessionLease = { leaseId: string; numberId: string; number: string; replace: string; kind: string; endsAt: number; leaseMinutes: number };

/** The columns of a SessionLease; they need leases joined to tracking_numbers and pools. */
export const sessionLeaseFields = {
  leaseId: leases.id,
  numberId: leases.numberId,
  number: trackingNumbers.number,
  replace: pools.replaceNumber,
  kind: leases.kind,
  endsAt: leases.endsAt,
  leaseMinutes: pools.leaseMinutes,
};

/**
 * Statements that extend the leases a visit keeps alive: only those whose end no
 * longer guarantees the pool's lease time, so steady pings cost a read, not a write.
 * Moves `endsAt` of the extended leases in place.
 */
export function extensionStatements(db: Db, live: SessionLease[], now: number): Statement[] {
  return live
    .filter((l) => needsExtension(l.endsAt, now, l.leaseMinutes))
    .flatMap((l) => {
      l.endsAt = leaseEnd(now, l.leaseMinutes);
      const history = db.update(leases).set({ endsAt: l.endsAt }).where(eq(leases.id, l.leaseId));
      // The number's current state moves too, unless another lease took the number meanwhile (shared numbers never are).
      const current = db
        .update(trackingNumbers)
        .set({ leasedUntil: l.endsAt })
        .where(and(eq(trackingNumbers.id, l.numberId), eq(trackingNumbers.leaseId, l.leaseId)));
      return l.kind === 'exclusive' ? [history, current] : [history];
    });
}

/** Lease history of one number around a call time, for matching. */
export async function leasesAround(db: Db, numberId: string, callAt: number, matchWindowMs: number): Promise<LeaseRecord[]> {
  return db
    .select({ id: leases.id, sessionId: leases.sessionId, kind: leases.kind, startedAt: leases.startedAt, endsAt: leases.endsAt })
    .from(leases)
    .where(and(eq(leases.numberId, numberId), lte(leases.startedAt, callAt), gte(leases.endsAt, callAt - matchWindowMs)))
    .orderBy(desc(leases.startedAt))
    .limit(50);
}
