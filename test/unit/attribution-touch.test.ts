// First touch, last non-direct touch, and what a session is credited to.
import { describe, expect, it } from 'vitest';
import type { Touch } from '../../collector/domain/touch';
import { parseVisit } from '../../collector/domain/attribution';
import { creditFor, LOOKBACK_MS, nextTouches, touchOf } from '../../collector/domain/touch';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const touch = (url: string, referrer: string | null, sessionId: string, at: number, publisherId: string | null = null): Touch =>
  touchOf(parseVisit({ url, referrer, siteDomains: ['shop.example'] }), publisherId, sessionId, at);

const paid = touch('https://shop.example/?gclid=G&utm_campaign=brand&utm_term=plumber&sub1=a', null, 's_paid', T0, 'pub_1');
const direct = (at: number) => touch('https://shop.example/', null, 's_direct', at);

describe('touchOf', () => {
  it('records the visit, its click ids, tags, publisher and session', () => {
    expect(paid).toEqual({
      source: 'google',
      medium: 'cpc',
      campaign: 'brand',
      keyword: 'plumber',
      content: null,
      publisherId: 'pub_1',
      landingPage: 'https://shop.example/',
      referrer: null,
      at: T0,
      sessionId: 's_paid',
      clickIds: { gclid: 'G' },
      tags: { sub1: 'a' },
    });
  });
});

describe('creditFor', () => {
  it('credits a session with a source of its own to itself', () => {
    const organic = touch('https://shop.example/', 'https://www.bing.com/', 's_org', T0 + DAY);
    expect(creditFor(organic, paid, T0 + DAY)).toMatchObject({ source: 'bing', medium: 'organic', inheritedFrom: null, clickIds: {} });
  });

  it('credits a direct return to the last touch, click ids, publisher and tags included', () => {
    expect(creditFor(direct(T0 + DAY), paid, T0 + DAY)).toEqual({
      source: 'google',
      medium: 'cpc',
      campaign: 'brand',
      keyword: 'plumber',
      content: null,
      publisherId: 'pub_1',
      clickIds: { gclid: 'G' },
      tags: { sub1: 'a' },
      inheritedFrom: 's_paid',
    });
  });

  it('inherits up to the lookback and not a moment after', () => {
    expect(creditFor(direct(T0 + LOOKBACK_MS), paid, T0 + LOOKBACK_MS).inheritedFrom).toBe('s_paid');
    expect(creditFor(direct(T0 + LOOKBACK_MS + 1), paid, T0 + LOOKBACK_MS + 1)).toMatchObject({ source: '(direct)', inheritedFrom: null });
  });

  it('leaves a first visit direct, and never inherits a direct touch', () => {
    expect(creditFor(direct(T0), null, T0)).toMatchObject({ source: '(direct)', medium: '(none)', inheritedFrom: null });
    expect(creditFor(direct(T0 + 1), direct(T0), T0 + 1)).toMatchObject({ source: '(direct)', inheritedFrom: null });
  });
});

describe('nextTouches', () => {
  it('sets both touches on a new visitor, the last only when it is not direct', () => {
    expect(nextTouches(null, paid)).toEqual({ firstTouch: paid, lastTouch: paid });
    const d = direct(T0);
    expect(nextTouches(null, d)).toEqual({ firstTouch: d, lastTouch: null });
  });

  it('keeps the first touch and lets only a non-direct touch move the last', () => {
    const first = direct(T0);
    const after = nextTouches({ firstTouch: first, lastTouch: null }, paid);
    expect(after).toEqual({ firstTouch: first, lastTouch: paid });
    expect(nextTouches(after, direct(T0 + DAY))).toEqual(after);
    const social = touch('https://shop.example/', 'https://t.co/x', 's_tw', T0 + 2 * DAY);
    expect(nextTouches(after, social)).toEqual({ firstTouch: first, lastTouch: social });
  });
});
