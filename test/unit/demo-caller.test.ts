import { describe, expect, it } from 'vitest';
import { demoCaller } from '../../collector/domain/demo-caller';
import { toE164 } from '../../collector/domain/phone';

describe('the demo caller', () => {
  it('is a different fictional 555-01xx number for each of 800 calls, then starts over', () => {
    const callers = Array.from({ length: 800 }, (_, n) => demoCaller(n));
    expect(new Set(callers).size).toBe(800);
    for (const c of callers) {
      expect(c).toMatch(/^\+1\d{3}55501\d\d$/);
      expect(toE164(c)).toBe(c);
    }
    expect(demoCaller(800)).toBe(demoCaller(0));
  });
});
