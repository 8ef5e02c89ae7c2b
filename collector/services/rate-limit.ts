// Fixed one-minute windows counted in the database, so the limit holds across Node
// processes and Workers isolates alike: one upsert per counted event. A new session
// counts inside its own write batch (`newSessionCount`), so the count costs no commit
// of its own: on the Node entry every commit waits for the disk.
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { runBatch, type Statement } from '../db/leasing';
import { rateCounters } from '../db/schema';
import { RateLimited } from '../http/errors';
import { clientNetwork } from '../domain/client-network';

const WINDOW_MS = 60_000;
const PRUNE_EVERY_MS = 10 * WINDOW_MS;

/** Start of the fixed window `now` falls in. */
export const windowStart = (now: number) => now - (now % WINDOW_MS);

/** Whole seconds until the window `now` falls in ends: a refused client's `Retry-After`. */
export const retryAfterS = (now: number) => Math.max(1, Math.ceil((windowStart(now) + WINDOW_MS - now) / 1000));

/**
 * One event counted for a key, to run in a batch. `withinLimit` is a condition that the
 * batch's later statements can test (it reads the count the statement wrote); `settle`
 * reads the statement's result and answers whether the event was within the limit.
 */
export type Count = { statement: Statement; withinLimit: SQL; settle: (result: unknown) => Promise<boolean> };

/**
 * The upsert restarts the count when the stored window is an older one (SQLite
 * evaluates every SET expression against the old row, so `count` sees the old window),
 * and returns the new count: one statement, no read-then-write race.
 */
export function planCount(db: Db, key: string, limit: number, now: number): Count {
  const start = windowStart(now);
  return {
    statement: db
      .insert(rateCounters)
      .values({ key, windowStart: start, count: 1 })
      .onConflictDoUpdate({
        target: rateCounters.key,
        set: {
          count: sql`case when ${rateCounters.windowStart} = excluded.window_start then ${rateCounters.count} + 1 else 1 end`,
          windowStart: sql`excluded.window_start`,
        },
      })
      .returning({ count: rateCounters.count }),
    withinLimit: sql`(select ${rateCounters.count} from ${rateCounters} where ${rateCounters.key} = ${key}) <= ${limit}`,
    settle: async (result) => {
      const count = (result as { count: number }[])[0]!.count;
      // Quiet keys are cleared in the first window of every PRUNE_EVERY_MS, by each key's
      // first event there: the first delete does the work, the rest find nothing (an index probe).
      if (count === 1 && start % PRUNE_EVERY_MS === 0) await pruneRateCounters(db, now);
      return count <= limit;
    },
  };
}

/** Runs a count in a batch of its own and answers whether it is within the limit; no count (not limited) is. */
export async function countAlone(db: Db, count: Count | null): Promise<boolean> {
  if (!count) return true;
  const [result] = await runBatch(db, [count.statement]);
  return count.settle(result);
}

/** Deletes counters whose window ended before the current one. */
async function pruneRateCounters(db: Db, now: number): Promise<void> {
  await db.delete(rateCounters).where(lt(rateCounters.windowStart, windowStart(now)));
}

/**
 * Counts one more new session of this client on this site this minute; null when the
 * client is not limited: `limit` 0 turns the limit off, and a runtime that cannot tell
 * the client's address is not limited (one shared bucket would throttle every visitor at
 * once). A counter holds the address until it is pruned, at most about PRUNE_EVERY_MS
 * after its last use.
 */
export function newSessionCount(db: Db, siteId: string, clientIp: string | undefined, limit: number, now: number): Count | null {
  if (limit <= 0 || !clientIp) return null;
  return planCount(db, `session:${siteId}:${clientNetwork(clientIp).slice(0, 64)}`, limit, now);
}

/** How many events `key` has counted in the current window (0 when none). */
export async function currentCount(db: Db, key: string, now: number): Promise<number> {
  const [row] = await db
    .select({ count: rateCounters.count })
    .from(rateCounters)
    .where(and(eq(rateCounters.key, key), eq(rateCounters.windowStart, windowStart(now))))
    .limit(1);
  return row?.count ?? 0;
}

/** The counter of failed authentications of one client; null when the client cannot be told apart. */
export const authFailureKey = (clientIp: string | undefined): string | null => (clientIp ? `auth:${clientNetwork(clientIp).slice(0, 64)}` : null);

/**
 * A client's write budget for the public endpoints: `check` answers 429 when the client
 * has used up this minute's writes (a session opened or resumed, a ping that writes),
 * before anything is written; `charge` counts this write and commits in the write's own
 * batch, so the budget costs a read, not a commit. Concurrent requests may pass the
 * check together and overshoot the budget by as many: it bounds growth, not exactly.
 */
export type WriteBudget = { check: () => Promise<void>; charge: Statement[] };

const UNLIMITED: WriteBudget = { check: async () => {}, charge: [] };

/** The budget of one client (IPv6 by /64); unlimited when `limit` is 0 or the address is unknown. */
export function writeBudget(db: Db, clientIp: string | undefined, limit: number, now: number): WriteBudget {
  if (limit <= 0 || !clientIp) return UNLIMITED;
  const key = `write:${clientNetwork(clientIp).slice(0, 64)}`;
  return {
    check: async () => {
      const used = await currentCount(db, key, now);
      if (used >= limit) throw new RateLimited('This address has made too many requests this minute; nothing was stored', retryAfterS(now));
      if (used === 0 && windowStart(now) % PRUNE_EVERY_MS === 0) await pruneRateCounters(db, now);
    },
    charge: [planCount(db, key, limit, now).statement],
  };
}
