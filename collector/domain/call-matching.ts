// Matches a call to the lease that held its number when it rang. History, not current
// state: a call after the number moved on still finds the right session.
import type { Confidence } from '../db/schema';

export type LeaseRecord = {
  id: string;
  sessionId: string;
  kind: 'exclusive' | 'shared' | 'source';
  startedAt: number;
  endsAt: number;
};

export type Match = { lease: LeaseRecord | null; confidence: Confidence };

/**
 * The lease a call at `callAt` belongs to. A lease covering the call wins (the newest
 * if several, which only shared and source numbers allow); else the lease that ended
 * most recently within `matchWindowMs` before the call, as `late`.
 */
export function matchCall(leases: LeaseRecord[], callAt: number, matchWindowMs: number): Match {
  const covering = leases.filter((l) => l.startedAt <= callAt && callAt <= l.endsAt).sort((a, b) => b.startedAt - a.startedAt);
  const active = covering[0];
  if (active) return { lease: active, confidence: active.kind };
  const recent = leases
    .filter((l) => l.endsAt < callAt && callAt <= l.endsAt + matchWindowMs)
    .sort((a, b) => b.endsAt - a.endsAt)[0];
  if (!recent) return { lease: null, confidence: 'none' };
  return { lease: recent, confidence: recent.kind === 'exclusive' ? 'late' : recent.kind };
}

/**
 * Whether a match names one visitor. Only then does a call take that visitor's session,
 * keyword, landing page and click ids; an overflow or source-level number was shown to
 * many visitors at once, so picking one of them would invent detail (and feed a guessed
 * click id to Google Ads).
 */
export const namesOneVisitor = (confidence: Confidence) => confidence === 'exclusive' || confidence === 'late';
