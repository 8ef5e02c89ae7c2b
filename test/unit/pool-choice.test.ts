// Which pool serves a session, per business number.
import { describe, expect, it } from 'vitest';
import { choosePools, type PoolRule } from '../../collector/domain/pool-choice';

const R1 = '+18005550100';
const R2 = '+18005550111';
let n = 0;
const pool = (over: Partial<PoolRule>): PoolRule => ({
  id: `p${n++}`,
  replaceNumber: R1,
  kind: 'session',
  priority: 0,
  matchSource: null,
  matchMedium: null,
  matchCampaign: null,
  matchPublisher: null,
  ...over,
});
const traits = (over: Partial<{ source: string; medium: string; campaign: string | null; publisherCode: string | null }> = {}) => ({
  source: '(direct)',
  medium: '(none)',
  campaign: null,
  publisherCode: null,
  ...over,
});
const ids = (pools: PoolRule[]) => pools.map((p) => p.id).sort();

describe('choosePools', () => {
  const fallback = pool({ id: 'default' });
  const google = pool({ id: 'google', matchSource: 'google' });
  const googleCpc = pool({ id: 'google-cpc', matchSource: 'google', matchMedium: 'cpc' });
  const brand = pool({ id: 'brand', matchCampaign: 'Brand', priority: 5 });
  const acme = pool({ id: 'acme', matchPublisher: 'acme', priority: 9 });
  const fbSource = pool({ id: 'fb-source', kind: 'source', matchSource: 'facebook' });
  const fbSession = pool({ id: 'fb-session', matchSource: 'facebook' });
  const second = pool({ id: 'second-line', replaceNumber: R2 });
  const all = [fallback, google, googleCpc, brand, acme, fbSource, fbSession, second];

  it('falls back to the default pool, one per business number', () => {
    expect(ids(choosePools(all, traits()))).toEqual(['default', 'second-line']);
  });
  it('prefers the more specific rule at equal priority', () => {
    expect(ids(choosePools(all, traits({ source: 'google', medium: 'cpc' })))).toEqual(['google-cpc', 'second-line']);
    expect(ids(choosePools(all, traits({ source: 'google', medium: 'organic' })))).toEqual(['google', 'second-line']);
  });
  it('lets priority beat specificity', () => {
    expect(ids(choosePools(all, traits({ source: 'google', medium: 'cpc', campaign: 'brand' })))).toEqual(['brand', 'second-line']);
    expect(ids(choosePools(all, traits({ source: 'google', medium: 'cpc', campaign: 'brand', publisherCode: 'acme' })))).toEqual(['acme', 'second-line']);
  });
  it('matches case-insensitively and needs every stated condition', () => {
    expect(ids(choosePools(all, traits({ source: 'GOOGLE', medium: 'CPC' })))).toEqual(['google-cpc', 'second-line']);
    expect(ids(choosePools([googleCpc], traits({ source: 'google' })))).toEqual([]);
    expect(ids(choosePools([acme], traits({ publisherCode: null })))).toEqual([]);
  });
  it('prefers a source-level number to a session pool on the same rule', () => {
    expect(ids(choosePools(all, traits({ source: 'facebook', medium: 'social' })))).toEqual(['fb-source', 'second-line']);
  });
  it('breaks a full tie by id, so every server picks the same pool', () => {
    const a = pool({ id: 'a' });
    const b = pool({ id: 'b' });
    expect(ids(choosePools([b, a], traits()))).toEqual(['a']);
    expect(ids(choosePools([a, b], traits()))).toEqual(['a']);
  });
  it('serves nothing when no pool matches', () => {
    expect(choosePools([google], traits())).toEqual([]);
  });
});
