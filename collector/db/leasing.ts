// The lease queries. Each builder returns statements for one `db.batch` (one
// transaction on libSQL and D1) plus a reader for their results, so that opening a
// session — session row, page view and one lease per business number — commits once
// (twice when a pool is exhausted).
import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { LeaseRecord } from '../domain/call-matching';
import { EXHAUSTION_BURST, extendedEnd, leaseEnd, restCutoff } from '../domain/lease-policy';
import { newId } from '../ids';
import type { Db } from './client';
import { leases, poolExhaustions, pools, rateCounters, trackingNumbers } from './schema';

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
  /** Why a session-level pool gave no number of its own; absent when it did. */
  reason?: 'rate_limited';
};

/**
 * Why a session-level claim took nothing: every number was leased or resting, or this
 * client already holds as many live numbers of the pool as it may (`ClientCap`).
 */
export type Refusal = 'exhausted' | 'client_cap';

/** Who is claiming, and how many live numbers of one pool that client may hold. */
export type ClientCap = { holder: string; cap: number };

export type LeasePlan<T> = { statements: Statement[]; read: (results: unknown[]) => T };

export const businessNumber = (pool: Pool): LeaseOutcome => ({ replace: pool.replaceNumber, number: pool.replaceNumber, leased: false, endsAt: null });

// The claim and its history are written as the SQL they are (docs/pools.md shows it):
// they run on every new session, and building them with the query builder cost about
// three times as much JavaScript (docs/benchmarks.md, "The lease path under load").
const tn = trackingNumbers;

/** The pool's numbers of one role. */
const inPool = (pool: Pool, role: 'pool' | 'overflow') => sql`${tn.poolId} = ${pool.id} and ${tn.role} = ${role}`;

/** Copies one number matching `where` into the history, as one lease row (the columns in the table's order). */
function historyFrom(db: Db, where: SQL, leaseId: string, sessionId: string, kind: 'exclusive' | 'shared' | 'source', now: number, endsAt: number) {
  return db
    .insert(leases)
    .select(sql`select ${leaseId}, ${tn.accountId}, ${tn.id}, ${tn.poolId}, ${sessionId}, ${kind}, ${now}, ${endsAt} from ${tn} where ${where} limit 1`);
}

/**
 * Whether a visit may spend pool numbers: false (a bot: nothing is claimed or written),
 * true, or a condition that the claim tests in the same batch (the rate limit's count:
 * over the limit, the claim takes nothing).
 */
export type LeaseGate = boolean | SQL;

/** The pool's numbers the client holds live at `now`: what the client cap counts (the holder index serves it). */
const heldBy = (pool: Pool, holder: string, now: number) =>
  sql`${tn.poolId} = ${pool.id} and ${tn.holder} = ${holder} and ${tn.leasedUntil} > ${now} and ${tn.role} = 'pool'`;

/**
 * Leases the least recently used free number of a session-level pool. The UPDATE picks
 * and claims the number in one statement, so two concurrent visitors can never claim
 * the same one; the INSERT copies the claim into the history. With a client cap the
 * claim also requires that the client holds fewer live numbers of the pool than the
 * cap, tested in the same statement (so concurrent claims of one client cannot pass it
 * together), and records the client as the holder; a last read tells a capped client
 * from an exhausted pool. Nothing else is written (the pool report derives peaks from
 * the history). Reads the refusal when nothing was claimed: then `planRefusal` decides
 * what the visitor sees.
 */
function planExclusive(db: Db, pool: Pool, sessionId: string, now: number, gate: SQL | undefined, client: ClientCap | null, maxLifeMs: number): LeasePlan<LeaseOutcome | Refusal> {
  const leaseId = newId('ls');
  const endsAt = Math.min(leaseEnd(now, pool.leaseMinutes), now + maxLifeMs);
  const underCap = client ? sql`(select count(*) from ${tn} where ${heldBy(pool, client.holder, now)}) < ${client.cap}` : undefined;
  const free = and(sql`${inPool(pool, 'pool')} and (${tn.leasedUntil} is null or ${tn.leasedUntil} <= ${restCutoff(now, pool.restMinutes)})`, gate, underCap);
  return {
    statements: [
      db
        .update(tn)
        .set({ leaseId, sessionId, leasedUntil: endsAt, holder: client?.holder ?? null })
        // Least recently used first (never used, NULL, sorts before all): the longest-rested
        // number is the least likely to get a late call. Ordering by the indexed column alone
        // lets SQLite walk the (pool, role, leased_until) index and stop at the first row.
        .where(sql`${tn.id} in (select ${tn.id} from ${tn} where ${free} order by ${tn.leasedUntil} limit 1)`)
        .returning({ number: tn.number }),
      // lease_id has no index: the claimed row is reached through that same index instead
      // (it now sits at leased_until = endsAt), so the copy costs the same in any pool.
      historyFrom(db, sql`${inPool(pool, 'pool')} and ${tn.leasedUntil} = ${endsAt} and ${tn.leaseId} = ${leaseId}`, leaseId, sessionId, 'exclusive', now, endsAt),
      ...(client ? [db.select({ held: count() }).from(tn).where(heldBy(pool, client.holder, now))] : []),
    ],
    read: (results) => {
      const claimed = (results[0] as { number: string }[])[0];
      if (claimed) return { replace: pool.replaceNumber, number: claimed.number, leased: true, endsAt };
      const held = client ? Number((results[2] as { held: number }[])[0]?.held ?? 0) : 0;
      return client && held >= client.cap ? 'client_cap' : 'exhausted';
    },
  };
}

/**
 * A session-level claim took nothing for a visitor who could have had a number: show
 * the pool's shared overflow number (recorded as a `shared` lease, so a call to it can
 * still find its most recent viewer) or else the business number. An exhausted pool
 * counts the event, and the pool's exhaustions this minute: the one that reaches
 * EXHAUSTION_BURST logs a line. A capped client is no exhaustion: the pool had numbers.
 */
export function planRefusal(db: Db, pool: Pool, sessionId: string, now: number, refusal: Refusal): LeasePlan<LeaseOutcome> {
  const statements: Statement[] = [];
  if (refusal === 'exhausted') {
    const minute = now - (now % 60_000);
    statements.push(
      db.insert(poolExhaustions).values({ id: newId('ex'), poolId: pool.id, sessionId, at: now }),
      // The rate limits' counter table, pruned with them: one row per pool that ran out lately.
      db
        .insert(rateCounters)
        .values({ key: `exhausted:${pool.id}`, windowStart: minute, count: 1 })
        .onConflictDoUpdate({
          target: rateCounters.key,
          set: {
            count: sql`case when ${rateCounters.windowStart} = excluded.window_start then ${rateCounters.count} + 1 else 1 end`,
            windowStart: sql`excluded.window_start`,
          },
        })
        .returning({ count: rateCounters.count }),
    );
  }
  const endsAt = leaseEnd(now, pool.leaseMinutes);
  if (pool.overflowNumber) {
    statements.push(historyFrom(db, inPool(pool, 'overflow'), newId('ls'), sessionId, 'shared', now, endsAt).returning({ id: leases.id }));
  }
  const reason = refusal === 'client_cap' ? { reason: 'rate_limited' as const } : {};
  return {
    statements,
    read: (results) => {
      if (refusal === 'exhausted' && (results[1] as { count: number }[])[0]?.count === EXHAUSTION_BURST) {
        console.warn(JSON.stringify({ event: 'pool_exhaustion_burst', pool: pool.id, exhaustions: EXHAUSTION_BURST, minute: new Date(now - (now % 60_000)).toISOString() }));
      }
      const shared = pool.overflowNumber !== null && (results[results.length - 1] as { id: string }[]).length > 0;
      return shared
        ? { replace: pool.replaceNumber, number: pool.overflowNumber!, leased: false, endsAt, ...reason }
        : { ...businessNumber(pool), ...reason };
    },
  };
}

/** A source-level pool shows its one static number to everyone its rule matches; each showing is recorded. */
function planSource(db: Db, pool: Pool, sessionId: string, now: number, gate: SQL | undefined): LeasePlan<LeaseOutcome> {
  const leaseId = newId('ls');
  const endsAt = leaseEnd(now, pool.leaseMinutes);
  const number = sql<string>`(select ${tn.number} from ${tn} where ${tn.id} = ${leases.numberId})`;
  return {
    statements: [historyFrom(db, and(inPool(pool, 'pool'), gate)!, leaseId, sessionId, 'source', now, endsAt).returning({ number })],
    read: (results) => {
      const row = (results[0] as { number: string }[])[0];
      return row ? { replace: pool.replaceNumber, number: row.number, leased: true, endsAt } : businessNumber(pool);
    },
  };
}

/** How a visit may lease: who the client is (null: not capped) and the longest a lease may live. */
export type LeaseLimits = { client: ClientCap | null; maxLifeMs: number };

/**
 * The statements that give a session its number for `pool`; a refusal read back means
 * the claim took nothing (see `planRefusal`), unless a condition `gate` refused the
 * claim: the caller, which knows the condition's outcome, reads nothing then.
 */
export function planLease(db: Db, pool: Pool, sessionId: string, now: number, gate: LeaseGate, limits: LeaseLimits): LeasePlan<LeaseOutcome | Refusal> {
  if (gate === false) return { statements: [], read: () => businessNumber(pool) };
  const condition = gate === true ? undefined : gate;
  return pool.kind === 'source'
    ? planSource(db, pool, sessionId, now, condition)
    : planExclusive(db, pool, sessionId, now, condition, limits.client, limits.maxLifeMs);
}

export type SessionLease = { leaseId: string; numberId: string; number: string; replace: string; kind: string; startedAt: number; endsAt: number; leaseMinutes: number };

/** The columns of a SessionLease; they need leases joined to tracking_numbers and pools. */
export const sessionLeaseFields = {
  leaseId: leases.id,
  numberId: leases.numberId,
  number: trackingNumbers.number,
  replace: pools.replaceNumber,
  kind: leases.kind,
  startedAt: leases.startedAt,
  endsAt: leases.endsAt,
  leaseMinutes: pools.leaseMinutes,
};

/**
 * Statements that extend the leases a visit keeps alive: only those whose end no
 * longer guarantees the pool's lease time, so steady pings cost a read, not a write,
 * and never past a lease's longest life (`maxLifeMs` after it began). Moves `endsAt`
 * of the extended leases in place.
 */
export function extensionStatements(db: Db, live: SessionLease[], now: number, maxLifeMs: number): Statement[] {
  return live.flatMap((l) => {
    const end = extendedEnd(l, now, l.leaseMinutes, maxLifeMs);
    if (end === null) return [];
    l.endsAt = end;
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
