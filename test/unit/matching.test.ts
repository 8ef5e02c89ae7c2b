// A call is matched against the history of its number, never its current state.
import { describe, expect, it } from 'vitest';
import { matchCall, type LeaseRecord } from '../../collector/domain/call-matching';

const MIN = 60_000;
const T = Date.parse('2026-06-01T15:00:00Z');
const lease = (id: string, start: number, end: number, kind: LeaseRecord['kind'] = 'exclusive'): LeaseRecord => ({
  id,
  sessionId: `s_${id}`,
  kind,
  startedAt: T + start * MIN,
  endsAt: T + end * MIN,
});
const at = (m: number) => T + m * MIN;
const WINDOW = 60 * MIN;

describe('matchCall', () => {
  const a = lease('a', 0, 35);
  const b = lease('b', 50, 85); // the same number after a's lease and a 15-minute rest

  it('credits a covering lease exclusively, edges included', () => {
    expect(matchCall([a, b], at(0), WINDOW)).toEqual({ lease: a, confidence: 'exclusive' });
    expect(matchCall([a, b], at(35), WINDOW)).toEqual({ lease: a, confidence: 'exclusive' });
    expect(matchCall([a, b], at(60), WINDOW)).toEqual({ lease: b, confidence: 'exclusive' });
  });

  it('credits the last holder as late after its lease, until the next lease starts', () => {
    expect(matchCall([a, b], at(40), WINDOW)).toEqual({ lease: a, confidence: 'late' });
    expect(matchCall([a, b], at(49), WINDOW)).toEqual({ lease: a, confidence: 'late' });
  });

  it('credits nobody outside the match window or before any lease', () => {
    expect(matchCall([a], at(35 + 61), WINDOW)).toEqual({ lease: null, confidence: 'none' });
    expect(matchCall([a], at(-1), WINDOW)).toEqual({ lease: null, confidence: 'none' });
    expect(matchCall([], at(0), WINDOW)).toEqual({ lease: null, confidence: 'none' });
    expect(matchCall([a], at(36), 0)).toEqual({ lease: null, confidence: 'none' });
  });

  it('credits the newest viewer of a shared number, as shared, also when late', () => {
    const x = lease('x', 0, 35, 'shared');
    const y = lease('y', 10, 45, 'shared');
    expect(matchCall([x, y], at(20), WINDOW)).toEqual({ lease: y, confidence: 'shared' });
    expect(matchCall([x, y], at(50), WINDOW)).toEqual({ lease: y, confidence: 'shared' });
  });

  it('keeps source-level numbers source-level', () => {
    const s = lease('s', 0, 35, 'source');
    expect(matchCall([s], at(5), WINDOW).confidence).toBe('source');
    expect(matchCall([s], at(40), WINDOW).confidence).toBe('source');
  });
});
