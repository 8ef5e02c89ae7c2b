import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { LeaseRecord } from '../domain/call-matching';
import { leaseEnd, needsExtension } from '../domain/lease-policy';
import { newId } from '../ids';
import type { Db } from './client';
import { leases, pools, trackingNumbers } from './schema';

type Pool = typeof pools.$inferSelect;

export type Lease = { leaseId: string; numberId: string; number: string; endsAt: number };

/**
 * Leases the least recently used free number of a session-level pool in one atomic
 * batch: the UPDATE picks and claims the number, the INSERT copies the claim into the
 * history. Two concurrent visitors can never claim the same number.
 */
export async function leaseFreeNumber(db: Db, pool: Pool, sessionId: string, now: number): Promise<Lease | null> {
  const leaseId = newId('ls');
  const endsAt = leaseEnd(now, pool.leaseMinutes);
  const restMs = pool.restMinutes * 60_000;
  const free = db
    .select({ id: trackingNumbers.id })
    .from(trackingNumbers)
    .where(
      and(
        eq(trackingNumbers.poolId, pool.id),
        eq(trackingNumbers.role, 'pool'),
        or(isNull(trackingNumbers.leasedUntil), lte(trackingNumbers.leasedUntil, now - restMs)),
      ),
    )
    .orderBy(sql`coalesce(${trackingNumbers.leasedUntil}, 0)`, asc(trackingNumbers.id))
    .limit(1);
  const [claimed] = await db.batch([
    db
      .update(trackingNumbers)
      .set({ leaseId, sessionId, leasedUntil: endsAt })
      .where(inArray(trackingNumbers.id, free))
      .returning({ id: trackingNumbers.id, number: trackingNumbers.number }),
    db.insert(leases).select(
      db
        .select({
          id: sql<string>`${leaseId}`.as('id'),
          accountId: trackingNumbers.accountId,
          numberId: trackingNumbers.id,
          poolId: trackingNumbers.poolId,
          sessionId: sql<string>`${sessionId}`.as('session_id'),
          kind: sql<'exclusive'>`'exclusive'`.as('kind'),
          startedAt: sql<number>`${now}`.as('started_at'),
          endsAt: sql<number>`${endsAt}`.as('ends_at'),
        })
        .from(trackingNumbers)
        .where(eq(trackingNumbers.leaseId, leaseId)),
    ),
  ]);
  const row = claimed[0];
  return row ? { leaseId, numberId: row.id, number: row.number, endsAt } : null;
}

/** Records that a session was shown a number it shares with others (overflow or source-level). */
export async function recordSharedLease(
  db: Db,
  pool: Pool,
  number: { id: string; number: string },
  sessionId: string,
  kind: 'shared' | 'source',
  now: number,
): Promise<Lease> {
  const leaseId = newId('ls');
  const endsAt = leaseEnd(now, pool.leaseMinutes);
  await db.insert(leases).values({
    id: leaseId,
    accountId: pool.accountId,
    numberId: number.id,
    poolId: pool.id,
    sessionId,
    kind,
    startedAt: now,
    endsAt,
  });
  return { leaseId, numberId: number.id, number: number.number, endsAt };
}

export type LiveLease = { leaseId: string; numberId: string; number: string; replace: string; kind: string; endsAt: number; leaseMinutes: number };

/** The session's leases that have not ended, with the number each replaces. */
export async function liveLeases(db: Db, sessionId: string, now: number): Promise<LiveLease[]> {
  return db
    .select({
      leaseId: leases.id,
      numberId: leases.numberId,
      number: trackingNumbers.number,
      replace: pools.replaceNumber,
      kind: leases.kind,
      endsAt: leases.endsAt,
      leaseMinutes: pools.leaseMinutes,
    })
    .from(leases)
    .innerJoin(trackingNumbers, eq(trackingNumbers.id, leases.numberId))
    .innerJoin(pools, eq(pools.id, leases.poolId))
    .where(and(eq(leases.sessionId, sessionId), gte(leases.endsAt, now)));
}

/**
 * Extends the leases a ping keeps alive, writing only those whose end no longer
 * guarantees the pool's lease time. Returns the latest end.
 */
export async function extendLeases(db: Db, live: LiveLease[], now: number): Promise<number> {
  const stale = live.filter((l) => needsExtension(l.endsAt, now, l.leaseMinutes));
  if (stale.length > 0) {
    const updates = stale.flatMap((l) => {
      const endsAt = leaseEnd(now, l.leaseMinutes);
      l.endsAt = endsAt;
      const history = db.update(leases).set({ endsAt }).where(eq(leases.id, l.leaseId));
      const current = db
        .update(trackingNumbers)
        .set({ leasedUntil: endsAt })
        .where(and(eq(trackingNumbers.id, l.numberId), eq(trackingNumbers.leaseId, l.leaseId)));
      return l.kind === 'exclusive' ? [history, current] : [history];
    });
    await db.batch(updates as [(typeof updates)[number], ...typeof updates]);
  }
  return Math.max(...live.map((l) => l.endsAt));
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
