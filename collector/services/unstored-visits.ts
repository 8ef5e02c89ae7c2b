// Bots and visits over the rate limit leave no session, page view or visitor: only a
// per-site, per-day count. Counting in the database on every such request would cost a
// commit each (the very write load a flood is made of), so each process or Workers
// isolate tallies in memory and adds its tally to the table at most once a FLUSH_MS,
// on the next counted visit or the scheduled job. The counts are approximate: an
// isolate that is evicted loses up to a minute of its tally.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { unstoredVisitCounts } from '../db/schema';
import type { ScheduledJob } from '../jobs/scheduled';

const DAY_MS = 86_400_000;
const FLUSH_MS = 60_000;

type Kind = 'bots' | 'refused';
type Tally = { since: number; sites: Map<string, Record<Kind, number>> };
const tallies = new WeakMap<Db, Tally>();

/** Counts one unstored visit of a site; writes the tally when it is a minute old (or the clock went back). */
export async function countUnstoredVisit(db: Db, siteId: string, kind: Kind, now: number): Promise<void> {
  let tally = tallies.get(db);
  if (!tally) tallies.set(db, (tally = { since: now, sites: new Map() }));
  const site = tally.sites.get(siteId) ?? { bots: 0, refused: 0 };
  site[kind] += 1;
  tally.sites.set(siteId, site);
  if (now - tally.since >= FLUSH_MS || now < tally.since) await flushUnstoredVisits(db, now);
}

/** Adds this process's tally to the day `now` falls in, in one batch, and starts a new one. */
export async function flushUnstoredVisits(db: Db, now: number): Promise<number> {
  const tally = tallies.get(db);
  if (!tally || tally.sites.size === 0) return 0;
  tallies.set(db, { since: now, sites: new Map() });
  const day = now - (now % DAY_MS);
  const upserts = [...tally.sites].map(([siteId, n]) =>
    db
      .insert(unstoredVisitCounts)
      .values({ siteId, day, ...n })
      .onConflictDoUpdate({
        target: [unstoredVisitCounts.siteId, unstoredVisitCounts.day],
        set: { bots: sql`${unstoredVisitCounts.bots} + ${n.bots}`, refused: sql`${unstoredVisitCounts.refused} + ${n.refused}` },
      }),
  );
  await db.batch(upserts as [(typeof upserts)[number], ...(typeof upserts)[number][]]);
  return upserts.length;
}

/** Writes this process's tally even when no visit comes to do it. */
export const unstoredVisitsJob: ScheduledJob = { name: 'unstored-visit-counts', run: ({ db, now }) => flushUnstoredVisits(db, now) };
