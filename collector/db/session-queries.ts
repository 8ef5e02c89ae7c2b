// The reads on the snippet's hot path, prepared once per database: building a drizzle
// query (and mapping wide rows) costs more than SQLite takes to run it, and these run
// on every page view and every ping. Measured in docs/benchmarks.md.
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from './client';
import { cachedConfig } from './config-cache';
import { type SessionLease, sessionLeaseFields } from './leasing';
import { leases, pools, publishers, sessions, sites, trackingNumbers, visitors } from './schema';

type Site = typeof sites.$inferSelect;
type Pool = typeof pools.$inferSelect;

const arg = (name: string) => sql.placeholder(name);

// What a ping needs of its session: liveness, the last page, the campaign (a new one ends it) and the ad platform ids (new ones are written).
const pingedSession = {
  id: sessions.id,
  lastSeenAt: sessions.lastSeenAt,
  lastUrl: sessions.lastUrl,
  source: sessions.source,
  medium: sessions.medium,
  campaign: sessions.campaign,
  keyword: sessions.keyword,
  content: sessions.content,
  gclid: sessions.gclid,
  gbraid: sessions.gbraid,
  wbraid: sessions.wbraid,
  msclkid: sessions.msclkid,
  fbclid: sessions.fbclid,
  ttclid: sessions.ttclid,
  gaClientId: sessions.gaClientId,
  fbp: sessions.fbp,
  fbc: sessions.fbc,
};

function prepare(db: Db) {
  return {
    siteWithPools: db
      .select({ site: sites, pool: pools })
      .from(sites)
      .leftJoin(pools, and(eq(pools.siteId, sites.id), isNull(pools.archivedAt)))
      .where(or(eq(sites.publicKey, arg('key')), eq(sites.id, arg('key'))))
      .prepare(),
    session: db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, arg('id')), eq(sessions.siteId, arg('site'))))
      .prepare(),
    sessionLeases: db
      .select(sessionLeaseFields)
      .from(leases)
      .innerJoin(trackingNumbers, eq(trackingNumbers.id, leases.numberId))
      .innerJoin(pools, eq(pools.id, leases.poolId))
      .where(eq(leases.sessionId, arg('id')))
      .prepare(),
    sessionForPing: db
      .select({ session: pingedSession, domains: sites.domains, keepParams: sites.keepParams, lease: sessionLeaseFields })
      .from(sessions)
      .innerJoin(sites, eq(sites.id, sessions.siteId))
      .leftJoin(leases, eq(leases.sessionId, sessions.id))
      .leftJoin(trackingNumbers, eq(trackingNumbers.id, leases.numberId))
      .leftJoin(pools, eq(pools.id, leases.poolId))
      .where(eq(sessions.id, arg('id')))
      .prepare(),
    visitor: db
      .select()
      .from(visitors)
      .where(and(eq(visitors.id, arg('id')), eq(visitors.siteId, arg('site'))))
      .prepare(),
    // A visit names at most two candidate codes (pub= and utm_source).
    publishersByCode: db
      .select({ id: publishers.id, code: publishers.code })
      .from(publishers)
      .where(and(eq(publishers.accountId, arg('account')), or(eq(publishers.code, arg('a')), eq(publishers.code, arg('b')))))
      .prepare(),
    publisherCode: db.select({ code: publishers.code }).from(publishers).where(eq(publishers.id, arg('id'))).prepare(),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
function queries(db: Db) {
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = prepare(db)));
  return q;
}

/**
 * The site a snippet names by its public key (or its id), with its active pools: kept for a few
 * seconds (config-cache.ts), so treat it as read-only. An unknown key is asked every time.
 */
export function findSiteWithPools(db: Db, publicKey: string, now: number): Promise<{ site: Site; pools: Pool[] } | null> {
  return cachedConfig(db, JSON.stringify(['site', publicKey]), now, () => loadSiteWithPools(db, publicKey), (found) => found !== null);
}

async function loadSiteWithPools(db: Db, publicKey: string) {
  const rows = await queries(db).siteWithPools.all({ key: publicKey });
  if (rows.length === 0) return null;
  return { site: rows[0]!.site, pools: rows.flatMap((r) => (r.pool ? [r.pool] : [])) };
}

export async function findSession(db: Db, siteId: string, sessionId: string | undefined) {
  if (!sessionId) return null;
  return (await queries(db).session.get({ id: sessionId, site: siteId })) ?? null;
}

/** Every lease the session has held, with the number each replaces (a session holds a handful). */
export async function sessionLeases(db: Db, sessionId: string): Promise<SessionLease[]> {
  return queries(db).sessionLeases.all({ id: sessionId });
}

/** A session, its site's domains and every lease it has held, in one query: what a ping needs. Null for an unknown session. */
export async function sessionForPing(db: Db, sessionId: string) {
  const rows = await queries(db).sessionForPing.all({ id: sessionId });
  const first = rows[0];
  if (!first) return null;
  // A left join gives a session without leases one row of nulls.
  const held = rows.flatMap((r) => (r.lease.leaseId === null ? [] : [r.lease as SessionLease]));
  return { ...first.session, siteDomains: first.domains, keepParams: first.keepParams, held };
}

export async function findVisitor(db: Db, siteId: string, visitorId: string | undefined) {
  if (!visitorId) return null;
  return (await queries(db).visitor.get({ id: visitorId, site: siteId })) ?? null;
}

/**
 * The first of the candidate codes (best first) that is a publisher of the account.
 * Kept for a few seconds like the site (config-cache.ts), misses too: most visits name
 * a source such as google that is no publisher.
 */
export async function findPublisher(db: Db, accountId: string, candidates: string[], now: number) {
  if (candidates.length === 0) return null;
  return cachedConfig(db, JSON.stringify(['publisher', accountId, ...candidates]), now, async () => {
    const found = await queries(db).publishersByCode.all({ account: accountId, a: candidates[0]!, b: candidates[1] ?? candidates[0]! });
    return candidates.map((c) => found.find((p) => p.code === c)).find((p) => p !== undefined) ?? null;
  });
}

export async function publisherCodeOf(db: Db, publisherId: string | null): Promise<string | null> {
  if (!publisherId) return null;
  return (await queries(db).publisherCode.get({ id: publisherId }))?.code ?? null;
}
