// The recommended pool size: utilisation and Erlang B, from the measured peak hour.
import { describe, expect, it } from 'vitest';
import { holdMinutes, offeredLoad, recommendedSize, sizeForExhaustion, TARGET_UTILISATION } from '../../collector/domain/pool-sizing';

describe('sizeForExhaustion', () => {
  // Published Erlang B tables, 1 % blocking: 1 Erlang → 5 lines, 5 → 11, 10 → 18, 20 → 30, 50 → 64.
  it.each([
    [1, 5],
    [5, 11],
    [10, 18],
    [20, 30],
    [50, 64],
  ])('%d Erlangs need %d numbers', (load, size) => expect(sizeForExhaustion(load)).toBe(size));

  it('needs one number for no load, and more for a stricter target', () => {
    expect(sizeForExhaustion(0)).toBe(1);
    expect(sizeForExhaustion(10, 0.001)).toBeGreaterThan(sizeForExhaustion(10));
  });
});

describe('recommendedSize', () => {
  const facts = { peakHourDemand: 60, meanLeaseMinutes: 40, leaseMinutes: 30, restMinutes: 15 };

  it('holds a number for the measured lease plus the rest', () => {
    expect(holdMinutes(facts)).toBe(55);
    expect(offeredLoad(facts)).toBe(55);
  });

  it('falls back to the lease guarantee plus slack before any lease has ended', () => {
    expect(holdMinutes({ ...facts, meanLeaseMinutes: null })).toBe(30 + 5 + 15);
  });

  it('keeps utilisation under 75 % for large pools', () => {
    const size = recommendedSize(facts)!;
    expect(size).toBe(Math.ceil(55 / TARGET_UTILISATION)); // 74 numbers; Erlang B asks for 70
    expect(offeredLoad(facts) / size).toBeLessThanOrEqual(TARGET_UTILISATION);
  });

  it('lets Erlang B decide for small pools, where chance bunching dominates', () => {
    // 6 sessions an hour holding 50 minutes: 5 Erlangs; 75 % would say 7, Erlang B says 11.
    expect(recommendedSize({ peakHourDemand: 6, meanLeaseMinutes: null, leaseMinutes: 30, restMinutes: 15 })).toBe(11);
  });

  it('has nothing to say without demand', () => {
    expect(recommendedSize({ ...facts, peakHourDemand: 0 })).toBeNull();
  });
});
