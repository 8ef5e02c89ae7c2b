import { and, eq } from 'drizzle-orm';
import { matchCall } from '../domain/call-matching';
import type { Db } from '../db/client';
import { leasesAround } from '../db/leasing';
import { calls, pools, sessions, trackingNumbers, type CallStatus } from '../db/schema';
import { newId } from '../ids';

export type CallReport = {
  accountId: string;
  provider: 'twilio' | 'api' | 'csv';
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
};

type CallRow = typeof calls.$inferSelect;

/** Finds the tracking number and session a call belongs to, as the columns a call row stores. */
async function attribute(db: Db, accountId: string, to: string, at: number) {
  const [tn] = await db
    .select({ numberId: trackingNumbers.id, pool: pools })
    .from(trackingNumbers)
    .innerJoin(pools, eq(pools.id, trackingNumbers.poolId))
    .where(and(eq(trackingNumbers.number, to), eq(trackingNumbers.accountId, accountId)))
    .limit(1);
  if (!tn) return { confidence: 'none' as const };
  const history = await leasesAround(db, tn.numberId, at, tn.pool.matchWindowMinutes * 60_000);
  const { lease, confidence } = matchCall(history, at, tn.pool.matchWindowMinutes * 60_000);
  const base = { siteId: tn.pool.siteId, numberId: tn.numberId, poolId: tn.pool.id, forwardTo: tn.pool.forwardTo, confidence };
  if (!lease) return base;
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
 * Stores a call, idempotent on the provider's call id: a retry or a later status
 * update changes the same row. Attribution is decided once, when the call is first
 * seen, from the lease history at the call's start time.
 */
export async function recordCall(db: Db, report: CallReport, now: number): Promise<{ call: CallRow; created: boolean }> {
  const [existing] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.accountId, report.accountId), eq(calls.providerId, report.providerId)))
    .limit(1);
  const facts = {
    status: report.status,
    durationS: report.durationS,
    ...(report.recordingUrl !== undefined ? { recordingUrl: report.recordingUrl } : {}),
    ...(report.callerCity ? { callerCity: report.callerCity } : {}),
    ...(report.callerState ? { callerState: report.callerState } : {}),
    ...(report.callerZip ? { callerZip: report.callerZip } : {}),
    ...(report.callerCountry ? { callerCountry: report.callerCountry } : {}),
    updatedAt: now,
  };
  if (existing) {
    const [call] = await db.update(calls).set(facts).where(eq(calls.id, existing.id)).returning();
    return { call: call!, created: false };
  }
  const attribution = await attribute(db, report.accountId, report.to, report.startedAt);
  const [call] = await db
    .insert(calls)
    .values({
      id: newId('call'),
      accountId: report.accountId,
      provider: report.provider,
      providerId: report.providerId,
      trackingNumber: report.to,
      caller: report.from,
      startedAt: report.startedAt,
      createdAt: now,
      ...facts,
      ...attribution,
    })
    // Two deliveries of one new call racing each other: the second becomes an update.
    .onConflictDoUpdate({ target: [calls.accountId, calls.providerId], set: facts })
    .returning();
  return { call: call!, created: true };
}
