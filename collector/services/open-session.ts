// Opening, resuming and pinging sessions: the snippet's hot path. Every visit reads
// what it needs, then writes once: one batch, one transaction (a second one only when
// a pool turns out to be exhausted); a new session's rate-limit count goes in that
// batch too. A ping that changes nothing writes nothing.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  businessNumber,
  extensionStatements,
  isLive,
  planLease,
  planRefusal,
  runBatch,
  staticNumberOf,
  type LeaseLimits,
  type LeaseOutcome,
  type NotLeasedReason,
  type Pool,
  type Refusal,
  type SessionLease,
  type Statement,
} from '../db/leasing';
import { pageViews, sessions, sites, visitors } from '../db/schema';
import { countUnstoredVisit } from './unstored-visits';
import { findPublisher, findSession, findVisitor, publisherCodeOf, sessionForPing, sessionLeases } from '../db/session-queries';
import { newAdIds, type AdIds, type AdIdsSeen } from '../domain/ad-ids';
import { parseVisit, type Visit } from '../domain/attribution';
import { choosePools } from '../domain/pool-choice';
import { canResume, isNewCampaign, lastSeenIsStale, sessionExpiry } from '../domain/session-policy';
import { creditFor, nextTouches, touchOf } from '../domain/touch';
import { DEFAULT_KEEP_PARAMS, storedPageUrl, storedTitle } from '../domain/url-privacy';
import { newId } from '../ids';
import { deviceOf } from './device-memo';
import { countAlone, type Count, type WriteBudget } from './rate-limit';

type Site = typeof sites.$inferSelect;
type SessionRow = typeof sessions.$inferSelect;

/** A page's visit; with the ad platforms' browser ids its cookies hold (domain/ad-ids.ts), checked already. */
export type SessionRequest = AdIdsSeen & { url: string; referrer?: string | null; title?: string | null; visitor?: string; session?: string };
export type NumberSwap = { replace: string; number: string; leased: boolean; reason?: NotLeasedReason };
export type SessionAnswer = { visitor: string; session: string; expires_at: string; ping_s: number; numbers: NumberSwap[] };

export type OpenOptions = {
  now: number;
  userAgent: string | undefined;
  /**
   * Asked once, only when a visit is about to spend pool numbers: the rate limit's count
   * of this visit, which commits with the visit and lets its claims take a number only
   * within the limit (over it, the visit is shown the business numbers); null when the
   * client is not limited.
   */
  countLease: () => Count | null;
  /** The client cap and the longest lease life. */
  limits: LeaseLimits;
  /** The client's write budget: checked before a visit writes, charged in its batch. */
  budget: WriteBudget;
};

const PING_SECONDS = 60;

const iso = (ms: number) => new Date(ms).toISOString();
const swapOf = (o: NumberSwap): NumberSwap => ({ replace: o.replace, number: o.number, leased: o.leased, ...(o.reason ? { reason: o.reason } : {}) });
const recorded = (outcomes: LeaseOutcome[]) => outcomes.flatMap((o) => (o.endsAt === null ? [] : [{ replace: o.replace, endsAt: o.endsAt }]));
// A shared lease is the overflow number an exhausted pool showed this session.
const liveSwap = (l: SessionLease): NumberSwap =>
  l.kind === 'shared' ? { replace: l.replace, number: l.number, leased: false, reason: 'exhausted' } : { replace: l.replace, number: l.number, leased: true };

/**
 * Only a session-level number is spent by a visit; a source-level number is everyone's,
 * so the rate limit never keeps it from a visitor (nor counts a visit that needs no other).
 */
const spendsPoolNumber = (pool: Pool) => pool.kind === 'session';

/**
 * Commits `writes` together with one lease per pool, in one batch; pools found exhausted
 * get their fallback in a second batch. Outcomes come back in pool order. `mayLease`
 * false (a bot) claims nothing. `limit` is the rate limit's count, committed in the same
 * batch and tested by the session-level claims, or its outcome when it was counted
 * already (a resumed visit); over it, session-level pools show the business number.
 */
async function commitWithLeases(
  db: Db,
  writes: Statement[],
  chosen: Pool[],
  sessionId: string,
  now: number,
  mayLease: boolean,
  limit: Count | boolean,
  limits: LeaseLimits,
): Promise<LeaseOutcome[]> {
  const count = typeof limit === 'boolean' ? null : limit;
  const gate = (pool: Pool) => mayLease && (!spendsPoolNumber(pool) || (count ? count.withinLimit : (limit as boolean)));
  const plans = chosen.map((pool) => planLease(db, pool, sessionId, now, gate(pool), limits));
  const counted = count ? [count.statement] : [];
  const results = await runBatch(db, [...writes, ...counted, ...plans.flatMap((p) => p.statements)]);
  const within = count ? await count.settle(results[writes.length]) : limit !== false;
  let at = writes.length + counted.length;
  const outcomes: (LeaseOutcome | Refusal)[] = plans.map((p, i) => {
    const pool = chosen[i]!;
    const rows = results.slice(at, (at += p.statements.length));
    if (!mayLease) return businessNumber(pool, 'bot');
    // Over the rate limit the claim took nothing, which is no exhaustion: the business number.
    return !within && spendsPoolNumber(pool) ? businessNumber(pool, 'rate_limited') : p.read(rows);
  });
  const refused = chosen.flatMap((pool, i) => {
    const o = outcomes[i]!;
    return typeof o === 'string' ? [{ i, plan: planRefusal(db, pool, sessionId, now, o) }] : [];
  });
  if (refused.length > 0) {
    const more = await runBatch(db, refused.flatMap((e) => e.plan.statements));
    at = 0;
    for (const e of refused) outcomes[e.i] = e.plan.read(more.slice(at, (at += e.plan.statements.length)));
  }
  return outcomes as LeaseOutcome[];
}

/** A page as stored: the URL reduced to what the site keeps (domain/url-privacy.ts), the title capped. */
type StoredPage = { url: string; title: string | null };
const storedPage = (keepParams: string[] | null, url: string | undefined, title: string | null | undefined): StoredPage | undefined =>
  url === undefined ? undefined : { url: storedPageUrl(url, keepParams ?? DEFAULT_KEEP_PARAMS) ?? '', title: storedTitle(title) };

/**
 * The answer to a visit that is stored as nothing but a count (a bot, or a client over
 * the rate limit): ids that name no row, and the business numbers. A client over the
 * limit still sees a source-level pool's static number: it spends nothing, and a call
 * to it is credited by the pool's rule without a recorded showing. A later ping for the
 * session is a 404, which tells the snippet to ask again.
 */
async function unstoredVisit(db: Db, site: Site, chosen: Pool[], req: SessionRequest, now: number, kind: 'bots' | 'refused'): Promise<SessionAnswer> {
  await countUnstoredVisit(db, site.id, kind, now);
  const numbers = await Promise.all(
    chosen.map(async (pool): Promise<NumberSwap> => {
      const shown = kind === 'refused' && !spendsPoolNumber(pool) ? await staticNumberOf(db, pool) : null;
      return shown ? { replace: pool.replaceNumber, number: shown, leased: true } : swapOf(businessNumber(pool, kind === 'bots' ? 'bot' : 'rate_limited'));
    }),
  );
  return { visitor: req.visitor ?? newId('v'), session: newId('s'), expires_at: iso(sessionExpiry([], now)), ping_s: PING_SECONDS, numbers };
}

/** Pool rules only need the publisher's code when some pool matches on publisher. */
const needsPublisher = (candidates: Pool[]) => candidates.some((p) => p.matchPublisher !== null);

/**
 * Opens a session, or resumes the live one the page sent back, and gives it one number
 * per business number of the site. See docs/attribution.md for when a session resumes.
 */
export async function openSession(db: Db, site: Site, sitePools: Pool[], req: SessionRequest, opts: OpenOptions): Promise<SessionAnswer> {
  // Over its write budget a client is refused before anything is read or written.
  await opts.budget.check();
  const visit = parseVisit({ url: req.url, referrer: req.referrer, siteDomains: site.domains });
  // A bot is never stored: it only needs the business numbers, whatever session it names.
  if (deviceOf(opts.userAgent).bot) {
    const chosen = choosePools(sitePools, { source: visit.source, medium: visit.medium, campaign: visit.campaign, publisherCode: visit.publisherCandidates[0] ?? null });
    return unstoredVisit(db, site, chosen, req, opts.now, 'bots');
  }
  const previous = await findSession(db, site.id, req.session);
  if (previous) {
    const held = await sessionLeases(db, previous.id);
    const live = held.filter((l) => isLive(l, opts.now));
    if (canResume(previous.lastSeenAt, live.length > 0, opts.now) && !isNewCampaign(visit, previous)) {
      return resumeSession(db, site, sitePools, previous, held, live, req, opts);
    }
  }
  return startSession(db, site, sitePools, visit, req.visitor ?? previous?.visitorId, req, opts);
}

async function startSession(db: Db, site: Site, sitePools: Pool[], visit: Visit, visitorId: string | undefined, req: SessionRequest, opts: OpenOptions): Promise<SessionAnswer> {
  const { now } = opts;
  const device = deviceOf(opts.userAgent);
  const [visitor, publisher] = await Promise.all([
    findVisitor(db, site.id, visitorId),
    findPublisher(db, site.accountId, visit.publisherCandidates, now),
  ]);
  const sessionId = newId('s');
  const own = touchOf(visit, publisher?.id ?? null, sessionId, now);
  const credit = creditFor(own, visitor?.lastTouch, now);
  const publisherCode =
    credit.publisherId === (publisher?.id ?? null) ? (publisher?.code ?? null) : needsPublisher(sitePools) ? await publisherCodeOf(db, credit.publisherId) : null;
  const chosen = choosePools(sitePools, { source: credit.source, medium: credit.medium, campaign: credit.campaign, publisherCode });
  // The rate limit is spent only by visits that would spend a pool number. A client
  // already over it is stored as a count only; one that crosses it in a concurrent
  // burst is stored and shown the business numbers (its claims test the count).
  const mayLease = chosen.length > 0;
  const count = mayLease && chosen.some(spendsPoolNumber) ? opts.countLease() : null;
  if (count && (await count.isFull())) return unstoredVisit(db, site, chosen, req, now, 'refused');
  const page = storedPage(site.keepParams, req.url, req.title)!;

  const id = visitor?.id ?? newId('v');
  const touches = nextTouches(visitor, own);
  const writes: Statement[] = [
    visitor
      ? db.update(visitors).set({ lastSeenAt: now, lastTouch: touches.lastTouch }).where(eq(visitors.id, id))
      : db.insert(visitors).values({ id, accountId: site.accountId, siteId: site.id, ...touches, createdAt: now, lastSeenAt: now }),
    db.insert(sessions).values({
      id: sessionId,
      accountId: site.accountId,
      siteId: site.id,
      visitorId: id,
      startedAt: now,
      lastSeenAt: now,
      landingPage: visit.landingPage,
      referrer: visit.referrer,
      referrerClass: visit.referrerClass,
      source: credit.source,
      medium: credit.medium,
      campaign: credit.campaign,
      keyword: credit.keyword,
      content: credit.content,
      publisherId: credit.publisherId,
      gclid: credit.clickIds.gclid ?? null,
      gbraid: credit.clickIds.gbraid ?? null,
      wbraid: credit.clickIds.wbraid ?? null,
      msclkid: credit.clickIds.msclkid ?? null,
      fbclid: credit.clickIds.fbclid ?? null,
      ttclid: credit.clickIds.ttclid ?? null,
      gaClientId: req.ga ?? null,
      fbp: req.fbp ?? null,
      fbc: req.fbc ?? null,
      tags: Object.keys(credit.tags).length > 0 ? credit.tags : null,
      device: device.device,
      browser: device.browser,
      os: device.os,
      isBot: false,
      inheritedFrom: credit.inheritedFrom,
      title: page.title,
      lastUrl: page.url,
    }),
    db.insert(pageViews).values({ id: newId('pv'), sessionId, url: page.url, title: page.title, at: now }),
    ...opts.budget.charge,
  ];
  const outcomes = await commitWithLeases(db, writes, chosen, sessionId, now, mayLease, count ?? true, opts.limits);
  const expires = sessionExpiry(recorded(outcomes), now);
  return { visitor: id, session: sessionId, expires_at: iso(expires), ping_s: PING_SECONDS, numbers: outcomes.map(swapOf) };
}

async function resumeSession(
  db: Db,
  site: Site,
  sitePools: Pool[],
  session: SessionRow,
  held: SessionLease[],
  live: SessionLease[],
  req: SessionRequest,
  opts: OpenOptions,
): Promise<SessionAnswer> {
  const { now } = opts;
  const covered = new Set(live.map((l) => l.replace));
  const publisherCode = needsPublisher(sitePools) ? await publisherCodeOf(db, session.publisherId) : null;
  const missing = choosePools(sitePools, { source: session.source, medium: session.medium, campaign: session.campaign, publisherCode }).filter(
    (p) => !covered.has(p.replaceNumber),
  );
  // A number for a business number the session lacks (its pool was exhausted, or is new) is a lease like a new session's.
  // Counted on its own, first: a refused visit then writes only what a visit without a lease would.
  const mayLease = !session.isBot && missing.length > 0;
  const within = mayLease && missing.some(spendsPoolNumber) ? await countAlone(db, opts.countLease()) : true;
  const leasing = mayLease && (within || !missing.every(spendsPoolNumber));
  const extensions = extensionStatements(db, live, now, opts.limits.maxLifeMs);
  const visitWrites = [
    ...extensions,
    ...pageAndSeen(db, session, storedPage(site.keepParams, req.url, req.title), newAdIds(session, req), now, extensions.length > 0 || leasing),
  ];
  const writes = visitWrites.length > 0 ? [...visitWrites, ...opts.budget.charge] : [];
  const outcomes = await commitWithLeases(db, writes, missing, session.id, now, mayLease, within, opts.limits);
  const seen = writes.length > 0 ? now : session.lastSeenAt;
  return {
    visitor: session.visitorId,
    session: session.id,
    expires_at: iso(sessionExpiry([...held, ...recorded(outcomes)], seen)),
    ping_s: PING_SECONDS,
    numbers: [...live.map(liveSwap), ...outcomes.map(swapOf)],
  };
}

/**
 * The page view and `last_seen_at` writes of a visit or ping: a page view when the URL
 * changed, ad platform ids the session did not hold, and `last_seen_at` whenever
 * something is written anyway or the stored time has grown stale. Nothing changed:
 * nothing written.
 */
function pageAndSeen(
  db: Db,
  session: Pick<SessionRow, 'id' | 'lastSeenAt' | 'lastUrl'>,
  page: StoredPage | undefined,
  adIds: Partial<AdIds>,
  now: number,
  writing: boolean,
): Statement[] {
  const newPage = page !== undefined && page.url !== session.lastUrl;
  const newIds = Object.keys(adIds).length > 0;
  if (!newPage && !newIds && !writing && !lastSeenIsStale(session.lastSeenAt, now)) return [];
  return [
    ...(newPage ? [db.insert(pageViews).values({ id: newId('pv'), sessionId: session.id, url: page.url, title: page.title, at: now })] : []),
    db
      .update(sessions)
      .set({ lastSeenAt: now, ...adIds, ...(newPage ? { lastUrl: page.url } : {}) })
      .where(eq(sessions.id, session.id)),
  ];
}

/**
 * Keeps a session's leases alive and records a page view when the URL changed. A
 * session that has ended (no live lease, idle past SESSION_IDLE_MS) is not revived:
 * the answer's `expires_at` lies in the past and nothing is written, which tells the
 * page to open a new session. So does a page whose URL carries a different campaign
 * (the snippet pings, rather than asks for a session, on a returning visitor's page
 * load): that visit starts a new session, as it would through POST /v1/sessions.
 * Extensions never pass a lease's longest life (docs/pools.md, "Draining"). Null for an
 * unknown session.
 */
export async function pingSession(
  db: Db,
  sessionId: string,
  body: AdIdsSeen & { url?: string; title?: string | null },
  now: number,
  /** Throws when the request may not touch a session of a site on these domains; called before anything is written. */
  checkOrigin: (siteDomains: string[]) => void,
  opts: { maxLifeMs: number; budget: WriteBudget },
): Promise<{ expires_at: string } | null> {
  const session = await sessionForPing(db, sessionId);
  if (!session) return null;
  checkOrigin(session.siteDomains);
  const { held } = session;
  const live = held.filter((l) => isLive(l, now));
  if (!canResume(session.lastSeenAt, live.length > 0, now)) return { expires_at: iso(sessionExpiry(held, session.lastSeenAt)) };
  const page = storedPage(session.keepParams, body.url, body.title);
  const newPage = page !== undefined && page.url !== session.lastUrl;
  // Answered with a fixed past time (the session's last-seen), so that a page whose clock runs behind still sees it as past.
  if (newPage && isNewCampaign(parseVisit({ url: body.url!, siteDomains: [] }), session)) return { expires_at: iso(session.lastSeenAt) };
  const extensions = extensionStatements(db, live, now, opts.maxLifeMs);
  const writes = pageAndSeen(db, session, page, newAdIds(session, body), now, extensions.length > 0);
  if (extensions.length + writes.length > 0) {
    await opts.budget.check();
    await runBatch(db, [...extensions, ...writes, ...opts.budget.charge]);
  }
  const seen = writes.length > 0 ? now : session.lastSeenAt;
  return { expires_at: iso(sessionExpiry(held, seen)) };
}
