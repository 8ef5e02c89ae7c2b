// The overview chart's series: a buyer counts no sessions, so its chart has no sessions
// line nor axis (it would always read 0), and its data has no sessions column.
import { describe, expect, it } from 'vitest';
import { columns, options } from '../../dashboard/src/components/time-chart';

const points = [
  { t: '2026-06-01T00:00:00Z', calls: 3, qualified_calls: 2, sessions: 40 },
  { t: '2026-06-02T00:00:00Z', calls: 5, qualified_calls: 4, sessions: 60 },
] as Parameters<typeof columns>[0];

describe('time chart', () => {
  it('draws sessions on their own axis for the network', () => {
    const o = options(600, 'day', 'UTC', true);
    expect(o.series.map((s) => s.label)).toEqual(['Day', 'Calls', 'Qualified calls', 'Sessions']);
    expect(o.axes!.map((a) => a.scale ?? 'x')).toEqual(['x', 'calls', 'sessions']);
    expect(columns(points, true)[3]).toEqual([40, 60]);
  });

  it('leaves sessions out for a buyer', () => {
    const o = options(600, 'day', 'UTC', false);
    expect(o.series.map((s) => s.label)).toEqual(['Day', 'Calls', 'Qualified calls']);
    expect(o.axes!.map((a) => a.scale ?? 'x')).toEqual(['x', 'calls']);
    expect(columns(points, false)).toEqual([[1780272000, 1780358400], [3, 5], [2, 4]]);
  });
});
