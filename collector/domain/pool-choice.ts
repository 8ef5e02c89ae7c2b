// Which pool serves a session, per business number: the highest-priority pool whose
// every stated condition matches; a pool with no condition is the default.

export type PoolRule = {
  id: string;
  replaceNumber: string;
  kind: 'session' | 'source';
  priority: number;
  matchSource: string | null;
  matchMedium: string | null;
  matchCampaign: string | null;
  matchPublisher: string | null;
};

export type SessionTraits = { source: string; medium: string; campaign: string | null; publisherCode: string | null };

const same = (want: string | null, have: string | null) => want === null || (have !== null && want.toLowerCase() === have.toLowerCase());

export function poolMatches(pool: PoolRule, s: SessionTraits): boolean {
  return (
    same(pool.matchSource, s.source) &&
    same(pool.matchMedium, s.medium) &&
    same(pool.matchCampaign, s.campaign) &&
    same(pool.matchPublisher, s.publisherCode)
  );
}

const specificity = (p: PoolRule) => [p.matchSource, p.matchMedium, p.matchCampaign, p.matchPublisher].filter((x) => x !== null).length;

/** One pool per business number: priority first, then the more specific rule, then source-level over session-level. */
export function choosePools<P extends PoolRule>(pools: P[], s: SessionTraits): P[] {
  const best = new Map<string, P>();
  const rank = (p: P) => [p.priority, specificity(p), p.kind === 'source' ? 1 : 0];
  const better = (a: P, b: P) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
    return a.id < b.id;
  };
  for (const p of pools) {
    if (!poolMatches(p, s)) continue;
    const current = best.get(p.replaceNumber);
    if (!current || better(p, current)) best.set(p.replaceNumber, p);
  }
  return [...best.values()];
}
