import { and, eq } from 'drizzle-orm';
import { parseVisit } from '../domain/attribution';
import { choosePools } from '../domain/pool-choice';
import type { Db } from '../db/client';
import { extendLeases, leaseFreeNumber, liveLeases, recordSharedLease, type LiveLease } from '../db/leasing';
import { pageViews, poolExhaustions, pools, sessions, sites, trackingNumbers, visitors } from '../db/schema';
import { newId } from '../ids';
import { sql } from 'drizzle-orm';

type Site = typeof sites.$inferSelect;
type Pool = typeof pools.$inferSelect;

export type SessionRequest = { url: string; referrer?: string | null; title?: string | null; visitor?: string; session?: string };
export type NumberSwap = { replace: string; number: string; leased: boolean };
export type SessionAnswer = { visitor: string; session: string; expires_at: string; ping_s: number; numbers: NumberSwap[] };

export const PING_SECONDS = 60;
const SESSION_IDLE_MS = 30 * 60_000;

async function sitePools(db: Db, siteId: string): Promise<Pool[]> {
  return db.select().from(pools).where(eq(pools.siteId, siteId));
}

/** The number a visitor sees when no exclusive lease is possible: the pool's overflow, else the business number. */
async function fallbackNumber(db: Db, pool: Pool, sessionId: string, now: number): Promise<NumberSwap> {
  if (pool.overflowNumber) {
    const [overflow] = await db
      .select({ id: trackingNumbers.id, number: trackingNumbers.number })
      .from(trackingNumbers)
      .where(and(eq(trackingNumbers.poolId, pool.id), eq(trackingNumbers.role, 'overflow')))
      .limit(1);
    if (overflow) {
      await recordSharedLease(db, pool, overflow, sessionId, 'shared', now);
      return { replace: pool.replaceNumber, number: overflow.number, leased: false };
    }
  }
  return { replace: pool.replaceNumber, number: pool.replaceNumber, leased: false };
}

async function leaseFor(db: Db, pool: Pool, sessionId: string, now: number, mayLease: boolean): Promise<{ swap: NumberSwap; endsAt: number | null }> {
  if (pool.kind === 'source') {
    const [fixed] = await db
      .select({ id: trackingNumbers.id, number: trackingNumbers.number })
      .from(trackingNumbers)
      .where(and(eq(trackingNumbers.poolId, pool.id), eq(trackingNumbers.role, 'pool')))
      .limit(1);
    if (!fixed) return { swap: { replace: pool.replaceNumber, number: pool.replaceNumber, leased: false }, endsAt: null };
    const lease = await recordSharedLease(db, pool, fixed, sessionId, 'source', now);
    return { swap: { replace: pool.replaceNumber, number: fixed.number, leased: true }, endsAt: lease.endsAt };
  }
  if (mayLease) {
    const lease = await leaseFreeNumber(db, pool, sessionId, now);
    if (lease) return { swap: { replace: pool.replaceNumber, number: lease.number, leased: true }, endsAt: lease.endsAt };
    await db.batch([
      db.insert(poolExhaustions).values({ id: newId('ex'), poolId: pool.id, sessionId, at: now }),
      db.update(pools).set({ exhaustionCount: sql`${pools.exhaustionCount} + 1` }).where(eq(pools.id, pool.id)),
    ]);
  }
  return { swap: await fallbackNumber(db, pool, sessionId, now), endsAt: null };
}

const swapOf = (l: LiveLease): NumberSwap => ({ replace: l.replace, number: l.number, leased: l.kind !== 'shared' });

/**
 * Opens a session (or resumes a live one) and gives it one number per business
 * number of the site. `mayLease` is false for bots and clients over the rate limit:
 * they see a number that spends no pool lease.
 */
export async function openSession(db: Db, site: Site, req: SessionRequest, opts: { now: number; mayLease: boolean }): Promise<SessionAnswer> {
  const { now } = opts;
  const sitePoolList = await sitePools(db, site.id);

  if (req.session) {
    const [existing] = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, req.session), eq(sessions.siteId, site.id)))
      .limit(1);
    if (existing && now - existing.lastSeenAt < SESSION_IDLE_MS) {
      const live = await liveLeases(db, existing.id, now);
      const covered = new Set(live.map((l) => l.replace));
      const endsAt = live.length ? await extendLeases(db, live, now) : now + SESSION_IDLE_MS;
      const numbers = live.map(swapOf);
      const traits = { source: existing.source, medium: existing.medium, campaign: existing.campaign, publisherCode: null };
      for (const pool of choosePools(sitePoolList, traits)) {
        if (covered.has(pool.replaceNumber)) continue;
        numbers.push((await leaseFor(db, pool, existing.id, now, opts.mayLease)).swap);
      }
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, existing.id));
      return { visitor: existing.visitorId, session: existing.id, expires_at: new Date(endsAt).toISOString(), ping_s: PING_SECONDS, numbers };
    }
  }

  const visit = parseVisit({ url: req.url, referrer: req.referrer, siteDomains: site.domains });
  let visitorId = req.visitor;
  if (visitorId) {
    const [known] = await db
      .select({ id: visitors.id })
      .from(visitors)
      .where(and(eq(visitors.id, visitorId), eq(visitors.siteId, site.id)))
      .limit(1);
    if (!known) visitorId = undefined;
  }
  const sessionId = newId('s');
  const touch = {
    source: visit.source,
    medium: visit.medium,
    campaign: visit.campaign,
    keyword: visit.keyword,
    content: visit.content,
    publisherId: null,
    landingPage: visit.landingPage,
    referrer: visit.referrer,
    at: now,
  };
  const visitorWrite = visitorId
    ? db.update(visitors).set({ lastSeenAt: now }).where(eq(visitors.id, visitorId))
    : db.insert(visitors).values({
        id: (visitorId = newId('v')),
        accountId: site.accountId,
        siteId: site.id,
        firstTouch: touch,
        lastTouch: touch,
        createdAt: now,
        lastSeenAt: now,
      });
  await db.batch([
    visitorWrite,
    db.insert(sessions).values({
      id: sessionId,
      accountId: site.accountId,
      siteId: site.id,
      visitorId: visitorId!,
      startedAt: now,
      lastSeenAt: now,
      landingPage: visit.landingPage,
      referrer: visit.referrer,
      referrerClass: visit.referrerClass,
      source: visit.source,
      medium: visit.medium,
      campaign: visit.campaign,
      keyword: visit.keyword,
      content: visit.content,
      gclid: visit.clickIds.gclid ?? null,
      msclkid: visit.clickIds.msclkid ?? null,
      fbclid: visit.clickIds.fbclid ?? null,
      title: req.title ?? null,
    }),
    db.insert(pageViews).values({ id: newId('pv'), sessionId, url: req.url, title: req.title ?? null, at: now }),
    db.update(sites).set({ lastSeenAt: now }).where(eq(sites.id, site.id)),
  ]);

  const numbers: NumberSwap[] = [];
  let endsAt = now + SESSION_IDLE_MS;
  for (const pool of choosePools(sitePoolList, visit)) {
    const { swap, endsAt: leaseEndsAt } = await leaseFor(db, pool, sessionId, now, opts.mayLease);
    numbers.push(swap);
    if (leaseEndsAt) endsAt = Math.max(endsAt, leaseEndsAt);
  }
  return { visitor: visitorId!, session: sessionId, expires_at: new Date(endsAt).toISOString(), ping_s: PING_SECONDS, numbers };
}

/** Keeps a session's leases alive and records a page view when the URL changed. */
export async function pingSession(db: Db, sessionId: string, body: { url?: string; title?: string }, now: number): Promise<{ expires_at: string } | null> {
  const [session] = await db.select({ id: sessions.id, lastSeenAt: sessions.lastSeenAt }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
  if (!session) return null;
  const live = await liveLeases(db, sessionId, now);
  const endsAt = live.length ? await extendLeases(db, live, now) : session.lastSeenAt + SESSION_IDLE_MS;
  if (body.url) {
    const [last] = await db
      .select({ url: pageViews.url })
      .from(pageViews)
      .where(eq(pageViews.sessionId, sessionId))
      .orderBy(sql`${pageViews.at} desc`)
      .limit(1);
    if (last?.url !== body.url) {
      await db.batch([
        db.insert(pageViews).values({ id: newId('pv'), sessionId, url: body.url, title: body.title ?? null, at: now }),
        db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)),
      ]);
    }
  }
  return { expires_at: new Date(endsAt).toISOString() };
}
