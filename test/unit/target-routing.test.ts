import { describe, expect, it } from 'vitest';
import { converted, revenueOf } from '../../collector/domain/buyer-revenue';
import { eligibleTargets, orderTargets, periodStarts, type RoutableTarget } from '../../collector/domain/target-routing';

const target = (id: string, o: Partial<RoutableTarget> = {}): RoutableTarget => ({ id, schedule: null, allowedRegions: null, menuAnswers: null, priority: 0, weight: 1, ...o });
const call = { caller: '+14155550199', callerState: 'CA', callerZip: '94107', menuAnswer: null };
// Monday 2026-06-01 15:00 UTC = 11:00 in New York, 08:00 in Los Angeles.
const AT = Date.parse('2026-06-01T15:00:00Z');

describe('target eligibility', () => {
  it('skips a closed target, a region it does not take, a menu answer it does not take, and those already tried', () => {
    const ny = { timezone: 'America/New_York', mon: ['09:00', '17:00'] as const };
    const la = { timezone: 'America/Los_Angeles', mon: ['09:00', '17:00'] as const };
    const targets = [
      target('open', { schedule: ny }),
      target('closed', { schedule: la }),
      target('texas', { allowedRegions: ['TX'] }),
      target('zip', { allowedRegions: ['94107'] }),
      target('heating', { menuAnswers: ['heating'] }),
      target('tried'),
    ];
    const { eligible, skipped } = eligibleTargets(targets, call, AT, new Set(['tried']));
    expect(eligible.map((t) => t.id)).toEqual(['open', 'zip']);
    expect(skipped).toEqual([
      { target: 'closed', reason: 'closed' },
      { target: 'texas', reason: 'region' },
      { target: 'heating', reason: 'menu' },
    ]);
    expect(eligibleTargets(targets, { ...call, menuAnswer: 'heating' }, AT, new Set()).eligible.map((t) => t.id)).toContain('heating');
  });
});

describe('target order', () => {
  it('higher priority first, whatever the weights', () => {
    const order = orderTargets([target('low', { weight: 100 }), target('high', { priority: 5 })], () => 0.5);
    expect(order.map((t) => t.id)).toEqual(['high', 'low']);
  });

  it('within a priority, weight 3 goes first about three times as often as weight 1', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let heavyFirst = 0;
    for (let i = 0; i < 4000; i++) if (orderTargets([target('light'), target('heavy', { weight: 3 })], random)[0]!.id === 'heavy') heavyFirst++;
    expect(heavyFirst / 4000).toBeGreaterThan(0.7);
    expect(heavyFirst / 4000).toBeLessThan(0.8);
  });

  it('a sticky target goes first when eligible, and is ignored when not in the list', () => {
    const ts = [target('a', { priority: 9 }), target('b')];
    expect(orderTargets(ts, () => 0.5, 'b').map((t) => t.id)).toEqual(['b', 'a']);
    expect(orderTargets(ts, () => 0.5, 'gone').map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('cap periods', () => {
  it('hour, day and month start in the target zone', () => {
    const p = periodStarts('America/New_York', Date.parse('2026-06-03T15:25:00Z'));
    expect(new Date(p.hour).toISOString()).toBe('2026-06-03T15:00:00.000Z');
    expect(new Date(p.day).toISOString()).toBe('2026-06-03T04:00:00.000Z');
    expect(new Date(p.month).toISOString()).toBe('2026-06-01T04:00:00.000Z');
    expect(new Date(periodStarts('Asia/Kathmandu', Date.parse('2026-06-03T15:25:00Z')).hour).toISOString()).toBe('2026-06-03T15:15:00.000Z');
  });
});

describe('buyer revenue by convert-on rule', () => {
  const leg = { answered: true, durationS: 95, keys: ['1'], conversionPosted: false };
  it('min duration, keypress and posted conversion; nothing when unanswered', () => {
    expect(revenueOf({ convertOn: 'duration', convertMinDurationS: 90, revenueCents: 4000 }, leg)).toBe(4000);
    expect(revenueOf({ convertOn: 'duration', convertMinDurationS: 120, revenueCents: 4000 }, leg)).toBe(0);
    expect(converted({ convertOn: 'keypress', convertKey: '1', revenueCents: 1 }, leg)).toBe(true);
    expect(converted({ convertOn: 'keypress', convertKey: '2', revenueCents: 1 }, leg)).toBe(false);
    expect(converted({ convertOn: 'conversion', revenueCents: 1 }, leg)).toBe(false);
    expect(converted({ convertOn: 'conversion', revenueCents: 1 }, { ...leg, conversionPosted: true })).toBe(true);
    expect(converted({ convertOn: 'duration', convertMinDurationS: 0, revenueCents: 1 }, { ...leg, answered: false })).toBe(false);
  });
});
