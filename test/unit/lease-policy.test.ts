// Lease ends, when a ping must write, and when a released number is free again.
import { describe, expect, it } from 'vitest';
import { LEASE_SLACK_MS, leaseEnd, needsExtension, restCutoff } from '../../collector/domain/lease-policy';

const NOW = Date.parse('2026-06-01T15:00:00Z');
const MIN = 60_000;

describe('lease policy', () => {
  it('writes a lease past the guarantee by the slack', () => {
    expect(leaseEnd(NOW, 30)).toBe(NOW + 30 * MIN + LEASE_SLACK_MS);
  });

  it('extends only when the stored end no longer guarantees the lease time', () => {
    const end = leaseEnd(NOW, 30);
    expect(needsExtension(end, NOW + LEASE_SLACK_MS - 1, 30)).toBe(false);
    expect(needsExtension(end, NOW + LEASE_SLACK_MS, 30)).toBe(false);
    expect(needsExtension(end, NOW + LEASE_SLACK_MS + 1, 30)).toBe(true);
  });

  it('writes at most once per slack for a page that pings every minute', () => {
    let end = leaseEnd(NOW, 30);
    let writes = 0;
    for (let m = 1; m <= 60; m++) {
      const t = NOW + m * MIN;
      if (needsExtension(end, t, 30)) {
        end = leaseEnd(t, 30);
        writes++;
      }
      // The guarantee holds after every ping, written or not.
      expect(end).toBeGreaterThanOrEqual(t + 30 * MIN);
    }
    expect(writes).toBe(10);
  });

  it('frees a number once it has rested', () => {
    expect(restCutoff(NOW, 15)).toBe(NOW - 15 * MIN);
    expect(restCutoff(NOW, 0)).toBe(NOW);
  });
});
