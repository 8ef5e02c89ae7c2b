import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { matchCall, namesOneVisitor, type LeaseRecord } from '../domain/call-matching';
import type { Db } from '../db/client';
import { leasesAround } from '../db/leasing';
import { calls, leases, pools, sessions, trackingNumbers, type CallStatus } from '../db/schema';
import { callEvents } from '../domain/events/call-events';
import { isFinal } from '../domain/qualification';
import { newId } from '../ids';
import { callEventWrites } from './events/outbox';
import { judgement, qualifyCall, rejudgeLaterCalls } from './qualify-call';
import { publisherIdOf } from './reports/filters';

export type CallReport = {
  accountId: string;
  /** The carrier (`twilio`, `api` for calls posted to /v1/calls, …): call ids are unique within it. */
  provider: string;
  providerId: string;
  to: string;
  from: string | null;
  startedAt: number;
  durationS: number | null;
  status: CallStatus;
  recordingUrl?: string | null;
  callerCity?: string | null;
  callerState?: string | null;
  callerZip?: string | null;
  callerCountry?: string | null;
  /** The report settles the forwarded leg: the carrier reporting its end, or our own reject or hang-up. */
  forwardSettled?: boolean;
};

type CallRow = typeof calls.$inferSelect;

/** The account's tracking number `to`, with its pool; undefined for a number the account does not track. */
export async function trackingNumberOf(db: Db, accountId: string, to: string) {
  const [tn] = await db
    .select({ numberId: trackingNumbers.id, pool: pools })
    .from(trackingNumbers)
    .innerJoin(pools, eq(pools.id, trackingNumbers.poolId))
    .where(and(eq(trackingNumbers.number, to), eq(trackingNumbers.accountId, accountId)))
    .limit(1);
  return tn;
}

/** Finds the tracking number and session a call belongs to, as the columns a call row stores. */
async function attribute(db: Db, accountId: string, to: string, at: number) {
  const tn = await trackingNumberOf(db, accountId, to);
  if (!tn) return { confidence: 'none' as const };
  const history = await leasesAround(db, tn.numberId, at, tn.pool.matchWindowMinutes * 60_000);
  const { lease, confidence } = matchCall(history, at, tn.pool.matchWindowMinutes * 60_000);
  const base = { siteId: tn.pool.siteId, numberId: tn.numberId, poolId: tn.pool.id, forwardTo: tn.pool.forwardTo, confidence };
  if (!lease) return tn.pool.kind === 'source' ? { ...base, ...(await ruleCredit(db, accountId, tn.pool)) } : base;
  if (!namesOneVisitor(confidence)) return { ...base, ...(await sharedCredit(db, tn.numberId, lease, at)) };
  const [s] = await db.select().from(sessions).where(eq(sessions.id, lease.sessionId)).limit(1);
  if (!s) return base;
  return {
    ...base,
    leaseId: lease.id,
    sessionId: s.id,
    visitorId: s.visitorId,
    source: s.source,
    medium: s.medium,
    campaign: s.campaign,
    keyword: s.keyword,
    content: s.content,
    publisherId: s.publisherId,
    landingPage: s.landingPage,
    referrer: s.referrer,
    gclid: s.gclid,
    msclkid: s.msclkid,
    fbclid: s.fbclid,
    device: s.device,
    browser: s.browser,
    os: s.os,
  };
}

/**
 * A source-level number is the source even when no web visitor saw it lately (a radio
 * spot, a directory listing, a publisher's own number): its rule says what it stands for.
 */
async function ruleCredit(db: Db, accountId: string, pool: typeof pools.$inferSelect) {
  return {
    confidence: 'source' as const,
    source: pool.matchSource,
    medium: pool.matchMedium,
    campaign: pool.matchCampaign,
    publisherId: pool.matchPublisher ? ((await publisherIdOf(db, accountId, pool.matchPublisher)) ?? null) : null,
  };
}

/**
 * What a call to a number shown to many sessions at once can honestly say: the source,
 * medium, campaign and publisher that every session holding the number when it rang
 * agrees on (for a call after the last lease ended, that lease's session), and nothing
 * where they differ. No session, keyword or click id: DOMAIN.md's "no per-visitor detail".
 */
async function sharedCredit(db: Db, numberId: string, lease: LeaseRecord, at: number) {
  const covering = lease.startedAt <= at && at <= lease.endsAt;
  const holders = db
    .select({ sessionId: leases.sessionId })
    .from(leases)
    .where(covering ? and(eq(leases.numberId, numberId), lte(leases.startedAt, at), gte(leases.endsAt, at)) : eq(leases.id, lease.id));
  // One value when every holder has the same one (NULL counted as a value of its own).
  const agreed = (column: SQLiteColumn) =>
    sql<string | null>`case when count(distinct coalesce(${column}, char(0))) = 1 then max(${column}) end`;
  const [common] = await db
    .select({ source: agreed(sessions.source), medium: agreed(sessions.medium), campaign: agreed(sessions.campaign), publisherId: agreed(sessions.publisherId) })
    .from(sessions)
    .where(inArray(sessions.id, holders));
  return common ?? {};
}

/**
 * The facts of a report that may change a stored call. Two kinds of report never
 * overwrite a call's outcome: any report once the forwarded leg has settled it (only
 * the forwarded leg says whether the business answered, and the first settled outcome
 * is final: a replayed or edited request can add a recording, never lower a settled
 * duration), and a late or retried report of a call still ringing once the call is over.
 */
function changedFacts(existing: CallRow | undefined, report: CallReport, now: number) {
  const keepOutcome = existing !== undefined && (existing.forwardSettled || (isFinal(existing.status) && !isFinal(report.status)));
  return {
    ...(keepOutcome
      ? {}
      : { status: report.status, durationS: report.durationS, forwardSettled: (existing?.forwardSettled ?? false) || (report.forwardSettled ?? false) }),
    ...(report.recordingUrl !== undefined ? { recordingUrl: report.recordingUrl } : {}),
    ...(report.callerCity ? { callerCity: report.callerCity } : {}),
    ...(report.callerState ? { callerState: report.callerState } : {}),
    ...(report.callerZip ? { callerZip: report.callerZip } : {}),
    ...(report.callerCountry ? { callerCountry: report.callerCountry } : {}),
    updatedAt: now,
  };
}

/**
 * A call is judged when it is over, and judged again only when a later report changes
 * its outcome (a Dial action correcting a status callback, a carrier re-posting a
 * corrected duration). Retries that change nothing keep the stored judgement, and so
 * does a change of the site's rules.
 */
async function judgeIfDue(db: Db, before: CallRow | undefined, call: CallRow, now: number): Promise<CallRow> {
  if (!isFinal(call.status)) return call;
  const outcomeChanged = !before || before.status !== call.status || before.durationS !== call.durationS;
  if (!outcomeChanged && before.judgedAt !== null) return call;
  const judged = await qualifyCall(db, call, now);
  if (before?.judgedAt == null || before.qualified !== judged.qualified) await rejudgeLaterCalls(db, judged, now);
  return judged;
}

/** A new call's row as the insert will store it (the columns' defaults filled in). */
function blankCall(values: Partial<CallRow> & Pick<CallRow, 'id' | 'accountId' | 'provider' | 'providerId' | 'trackingNumber' | 'startedAt' | 'status' | 'confidence' | 'createdAt' | 'updatedAt'>): CallRow {
  const defaults = {
    siteId: null, numberId: null, poolId: null, caller: null, callerCity: null, callerState: null, callerZip: null, callerCountry: null,
    durationS: null, recordingUrl: null, forwardTo: null, forwardSettled: false, leaseId: null, sessionId: null, visitorId: null,
    source: null, medium: null, campaign: null, keyword: null, content: null, publisherId: null, landingPage: null, referrer: null,
    gclid: null, msclkid: null, fbclid: null, device: null, browser: null, os: null, qualified: null, reasons: [], duplicate: false,
    payoutCents: 0, currency: 'USD', judgedAt: null, payoutTerms: null, fraudSignals: [], conversionValueCents: null, conversionCurrency: null, convertedAt: null,
    flowId: null, flowState: null, menuAnswer: null, buyerId: null, targetId: null, revenueCents: 0,
  } satisfies Omit<CallRow, 'id' | 'accountId' | 'provider' | 'providerId' | 'trackingNumber' | 'startedAt' | 'status' | 'confidence' | 'createdAt' | 'updatedAt'>;
  return { ...defaults, ...values };
}

/**
 * Stores a call, idempotent on the provider's call id: a retry or a later status
 * update changes the same row. Attribution is decided once, when the call is first
 * seen, from the lease history at the call's start time. A call that is over is judged.
 */
export async function recordCall(db: Db, report: CallReport, now: number): Promise<{ call: CallRow; created: boolean }> {
  const [existing] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.accountId, report.accountId), eq(calls.provider, report.provider), eq(calls.providerId, report.providerId)))
    .limit(1);
  if (existing) {
    const facts = changedFacts(existing, report, now);
    const events = callEvents(existing, { ...existing, ...facts });
    const [[call]] = await db.batch([
      db.update(calls).set(facts).where(eq(calls.id, existing.id)).returning(),
      ...(await callEventWrites(db, existing, events, now)),
    ]);
    return { call: await judgeIfDue(db, existing, call!, now), created: false };
  }
  const facts = changedFacts(undefined, report, now);
  const attribution = await attribute(db, report.accountId, report.to, report.startedAt);
  const id = newId('call');
  const values = {
    id,
    accountId: report.accountId,
    provider: report.provider,
    providerId: report.providerId,
    trackingNumber: report.to,
    caller: report.from,
    startedAt: report.startedAt,
    createdAt: now,
    status: report.status,
    ...facts,
    ...attribution,
  };
  // A call that is over is stored already judged, with the events of both steps (as if
  // stored, then judged), in one write: one transaction on the call path, not two.
  const unjudged = blankCall(values);
  const verdict = isFinal(unjudged.status) ? await judgement(db, unjudged, now) : {};
  const events = [...callEvents(undefined, unjudged), ...callEvents(unjudged, { ...unjudged, ...verdict })];
  const [[call]] = await db.batch([
    db
      .insert(calls)
      .values({ ...values, ...verdict })
      // Two deliveries of one new call racing each other: the second becomes an update.
      .onConflictDoUpdate({ target: [calls.accountId, calls.provider, calls.providerId], set: facts })
      .returning(),
    // Written only if this insert is the one that made the row.
    ...(await callEventWrites(db, { id, accountId: report.accountId }, events, now)),
  ]);
  // The row keeps the id of whichever delivery inserted it: only that one created the call.
  if (call!.id !== id) return { call: await judgeIfDue(db, undefined, call!, now), created: false };
  if (isFinal(call!.status)) await rejudgeLaterCalls(db, call!, now);
  return { call: call!, created: true };
}
