// When a returning page keeps its session, and when a session must write that it is
// still alive. Pure. Sessions end like analytics sessions: after 30 idle minutes, or
// when the visitor arrives again through a different campaign.
import type { ClickIds, Visit } from './attribution';
import { clickIdNames, NOT_SET } from './attribution';

const MINUTE = 60_000;
/** A session with no live lease ends this long after it was last seen. */
export const SESSION_IDLE_MS = 30 * MINUTE;
/**
 * `last_seen_at` is written at most this often: pings that change nothing write nothing,
 * so the stored time may lag by up to this much (far inside SESSION_IDLE_MS).
 */
export const LAST_SEEN_GRACE_MS = 5 * MINUTE;

/** A session may be resumed while it holds a live lease (its number is on the page) or was seen recently. */
export function canResume(lastSeenAt: number, holdsLiveLease: boolean, now: number): boolean {
  return holdsLiveLease || now - lastSeenAt < SESSION_IDLE_MS;
}

/**
 * The `expires_at` a page is told: until then it may keep showing its numbers without
 * asking again. For each business number the session was shown a number for, its
 * newest lease's end; the earliest of those (a number shown past its lease could be
 * someone else's by now, so a lapsed lease makes the answer lie in the past). Without
 * any lease, the end of the idle time.
 */
export function sessionExpiry(leases: { replace: string; endsAt: number }[], lastSeenAt: number): number {
  if (leases.length === 0) return lastSeenAt + SESSION_IDLE_MS;
  const newest = new Map<string, number>();
  for (const l of leases) newest.set(l.replace, Math.max(newest.get(l.replace) ?? l.endsAt, l.endsAt));
  return Math.min(...newest.values());
}

/** True when the stored `last_seen_at` lags enough that a ping must write it. */
export function lastSeenIsStale(lastSeenAt: number, now: number): boolean {
  return now - lastSeenAt >= LAST_SEEN_GRACE_MS;
}

type SessionCredit = { source: string; medium: string; campaign: string | null; keyword: string | null; content: string | null } & {
  [K in keyof Required<ClickIds>]: string | null;
};

/**
 * A landing URL with campaign parameters that differ from the live session's starts a
 * new session (as analytics tools do): the visitor clicked a different ad or link, and
 * a call after it belongs to that click. The same tagged URL again (a reload) does not.
 * Only what the visit says is compared: a ping carries no referrer, so a session whose
 * source or keyword came from one (`?utm_campaign=launch` from LinkedIn, a Bing search's
 * terms) must not look like a new campaign when its own URL comes back.
 */
export function isNewCampaign(visit: Visit, session: SessionCredit): boolean {
  if (!visit.tagged) return false;
  const differs = (said: string | null | undefined, held: string | null) => said != null && said !== NOT_SET && said !== held;
  return (
    differs(visit.source, session.source) ||
    differs(visit.medium, session.medium) ||
    differs(visit.campaign, session.campaign) ||
    differs(visit.keyword, session.keyword) ||
    differs(visit.content, session.content) ||
    clickIdNames.some((n) => differs(visit.clickIds[n], session[n]))
  );
}
