import { describe, expect, it } from 'vitest';
import { fraudSignals, justOverMargin, type FraudFacts } from '../../collector/domain/fraud-signals';

const clean: FraudFacts = {
  callerWithheld: false,
  earlierCallsInRepeatWindow: 0,
  earlierCallsInBurstWindow: 0,
  status: 'completed',
  durationS: 200,
  minDurationS: 60,
  poolKind: 'session',
  confidence: 'exclusive',
};

describe('fraudSignals', () => {
  it('finds nothing in an ordinary call', () => {
    expect(fraudSignals(clean)).toEqual([]);
  });

  it('repeat_caller from the second earlier call in the week', () => {
    expect(fraudSignals({ ...clean, earlierCallsInRepeatWindow: 1 })).toEqual([]);
    expect(fraudSignals({ ...clean, earlierCallsInRepeatWindow: 2 })).toEqual(['repeat_caller']);
  });

  it('burst from the second earlier call in 15 minutes', () => {
    expect(fraudSignals({ ...clean, earlierCallsInBurstWindow: 1 })).toEqual([]);
    expect(fraudSignals({ ...clean, earlierCallsInBurstWindow: 2 })).toEqual(['burst']);
  });

  it('just_over_minimum within 10 % (at least 5 s) above the minimum, for answered calls only', () => {
    expect(justOverMargin(60)).toBe(6);
    expect(justOverMargin(30)).toBe(5);
    expect(justOverMargin(120)).toBe(12);
    expect(fraudSignals({ ...clean, durationS: 125, minDurationS: 120 })).toEqual(['just_over_minimum']);
    expect(fraudSignals({ ...clean, durationS: 132, minDurationS: 120 })).toEqual([]);
    expect(fraudSignals({ ...clean, durationS: 119, minDurationS: 120 })).toEqual([]);
    expect(fraudSignals({ ...clean, durationS: 0, minDurationS: 0 })).toEqual([]);
    expect(fraudSignals({ ...clean, durationS: 60, status: 'no-answer' })).toEqual([]);
    expect(fraudSignals({ ...clean, durationS: 60, minDurationS: null })).toEqual([]);
  });

  it('no_lease only for session-level numbers', () => {
    expect(fraudSignals({ ...clean, confidence: 'none' })).toEqual(['no_lease']);
    expect(fraudSignals({ ...clean, confidence: 'none', poolKind: 'source' })).toEqual([]);
    expect(fraudSignals({ ...clean, confidence: 'none', poolKind: null })).toEqual([]);
    expect(fraudSignals({ ...clean, confidence: 'late' })).toEqual([]);
  });

  it('withheld_caller, and several signals at once in a fixed order', () => {
    expect(fraudSignals({ ...clean, callerWithheld: true })).toEqual(['withheld_caller']);
    expect(
      fraudSignals({ ...clean, callerWithheld: true, confidence: 'none', durationS: 61, earlierCallsInBurstWindow: 3, earlierCallsInRepeatWindow: 3 }),
    ).toEqual(['repeat_caller', 'burst', 'just_over_minimum', 'no_lease', 'withheld_caller']);
  });
});
