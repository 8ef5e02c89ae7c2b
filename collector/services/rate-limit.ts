// Fixed one-minute windows counted in the database, so the limit holds across Node
// processes and Workers isolates alike: one upsert per counted event.
import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rateCounters } from '../db/schema';

export const WINDOW_MS = 60_000;
const PRUNE_EVERY_MS = 10 * WINDOW_MS;

/** Start of the fixed window `now` falls in. */
export const windowStart = (now: number) => now - (now % WINDOW_MS);

/**
 * Counts one event for `key` in the current window and answers whether it is within
 * `limit`. The upsert restarts the count when the stored window is an older one
 * (SQLite evaluates every SET expression against the old row, so `count` sees the old
 * window), and returns the new count: one statement, no read-then-write race.
 */
export async function countAndCheck(db: Db, key: string, limit: number, now: number): Promise<boolean> {
  const start = windowStart(now);
  const [row] = await db
    .insert(rateCounters)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: rateCounters.key,
      set: {
        count: sql`case when ${rateCounters.windowStart} = excluded.window_start then ${rateCounters.count} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ count: rateCounters.count });
  // Quiet keys are cleared in the first window of every PRUNE_EVERY_MS, by each key's
  // first event there: the first delete does the work, the rest find nothing (an index probe).
  if (row!.count === 1 && start % PRUNE_EVERY_MS === 0) await pruneRateCounters(db, now);
  return row!.count <= limit;
}

/** Deletes counters whose window ended before the current one. */
export async function pruneRateCounters(db: Db, now: number): Promise<void> {
  await db.delete(rateCounters).where(lt(rateCounters.windowStart, windowStart(now)));
}

/**
 * May this client open one more session on this site this minute? `limit` 0 turns the
 * limit off; a runtime that cannot tell the client's address is not limited (one shared
 * bucket would throttle every visitor at once). A counter holds the address until it is
 * pruned, at most about PRUNE_EVERY_MS after its last use.
 */
export async function allowNewSession(db: Db, siteId: string, clientIp: string | undefined, limit: number, now: number): Promise<boolean> {
  if (limit <= 0 || !clientIp) return true;
  return countAndCheck(db, `session:${siteId}:${clientIp.slice(0, 64)}`, limit, now);
}
