import { describe, expect, it, vi } from 'vitest';
import { runScheduledJobs, type JobDeps } from '../../collector/jobs/scheduled';

const deps = { now: Date.parse('2026-06-01T00:00:00Z') } as JobDeps;

describe('runScheduledJobs', () => {
  it('runs every job in order with the same clock, and one that throws does not stop the rest', async () => {
    const seen: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const outcomes = await runScheduledJobs(deps, [
      { name: 'first', run: async (d) => seen.push(`first@${d.now}`) },
      { name: 'broken', run: async () => Promise.reject(new Error('database is locked')) },
      { name: 'last', run: async (d) => (seen.push(`last@${d.now}`), { deleted: 3 }) },
    ]);
    expect(seen).toEqual([`first@${deps.now}`, `last@${deps.now}`]);
    expect(outcomes).toEqual([
      { name: 'first', ok: true, result: 1 },
      { name: 'broken', ok: false, error: 'database is locked' },
      { name: 'last', ok: true, result: { deleted: 3 } },
    ]);
    expect(error).toHaveBeenCalledWith('scheduled job broken failed: database is locked');
    error.mockRestore();
  });
});
