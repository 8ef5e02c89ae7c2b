// The visitor's touches and what a session is credited to. Pure. See docs/attribution.md.
//
// - First touch: the visitor's first session, as it came (direct included); never changes.
// - Last touch: the visitor's latest session that named a source of its own (not direct).
//   A later direct visit does not wipe it.
// - A session is credited to its own touch; a direct session of a returning visitor is
//   credited to the visitor's last touch when that is at most LOOKBACK_MS old.
import { isDirect, type ClickIds, type Visit } from './attribution';

/** How long a returning direct visitor still carries an earlier source (Google Ads accepts click ids this long). */
export const LOOKBACK_MS = 90 * 24 * 60 * 60_000;

/** Where a visit came from, as kept on the visitor (first and last non-direct touch). */
export type Touch = {
  source: string;
  medium: string;
  campaign: string | null;
  keyword: string | null;
  content: string | null;
  publisherId: string | null;
  landingPage: string | null;
  referrer: string | null;
  at: number;
  /** The session the touch was made in; a direct session that inherits it names it. */
  sessionId: string;
  clickIds: ClickIds;
  tags: Record<string, string>;
};

/** What a session (and the calls matched to it) is credited to. */
export type Credit = Pick<Touch, 'source' | 'medium' | 'campaign' | 'keyword' | 'content' | 'publisherId' | 'clickIds' | 'tags'> & {
  /** The earlier session a direct session took its credit from; null when credited to itself. */
  inheritedFrom: string | null;
};

export function touchOf(visit: Visit, publisherId: string | null, sessionId: string, at: number): Touch {
  return {
    source: visit.source,
    medium: visit.medium,
    campaign: visit.campaign,
    keyword: visit.keyword,
    content: visit.content,
    publisherId,
    landingPage: visit.landingPage,
    referrer: visit.referrer,
    at,
    sessionId,
    clickIds: visit.clickIds,
    tags: visit.tags,
  };
}

/** The session's credit: its own touch, or the visitor's last touch for a direct return inside the lookback. */
export function creditFor(own: Touch, lastTouch: Touch | null | undefined, now: number): Credit {
  const inherit = isDirect(own) && lastTouch && !isDirect(lastTouch) && now - lastTouch.at <= LOOKBACK_MS;
  const from = inherit ? lastTouch : own;
  return {
    source: from.source,
    medium: from.medium,
    campaign: from.campaign,
    keyword: from.keyword,
    content: from.content,
    publisherId: from.publisherId,
    clickIds: from.clickIds,
    tags: from.tags,
    inheritedFrom: inherit ? lastTouch.sessionId : null,
  };
}

/** The visitor's touches after a session with touch `own`: the first stays, the last moves only for a non-direct touch. */
export function nextTouches(visitor: { firstTouch: Touch | null; lastTouch: Touch | null } | null, own: Touch): { firstTouch: Touch; lastTouch: Touch | null } {
  const last = visitor?.lastTouch ?? null;
  return { firstTouch: visitor?.firstTouch ?? own, lastTouch: isDirect(own) ? last : own };
}
