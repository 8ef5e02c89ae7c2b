import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Point } from '../lib/types';

// Calls and qualified calls on the left axis, sessions (far more of them) on the right,
// so both stay readable; a buyer, who counts no sessions (the traffic is the network's),
// gets no sessions line. uPlot loads with the first chart, not with the dashboard.

const COLORS = { calls: '#2563eb', qualified: '#059669', sessions: '#94a3b8' };

// Both axes start at zero with some headroom, so a quiet range is not blown up to fill the chart.
const fromZero: uPlot.Range.Function = (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))];

export function options(width: number, interval: 'hour' | 'day', zone: string, sessions: boolean): uPlot.Options {
  const axisFont = '12px system-ui, sans-serif';
  const grid = { stroke: '#eef0f3', width: 1 };
  const ticks = { stroke: '#e2e5ea', width: 1 };
  const dateFormat = new Intl.DateTimeFormat('en-US', interval === 'day' ? { month: 'short', day: 'numeric', timeZone: zone } : { hour: 'numeric', timeZone: zone });
  return {
    width,
    height: 260,
    padding: [12, 8, 0, 4],
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: false },
    scales: { x: { time: true }, calls: { range: fromZero }, ...(sessions ? { sessions: { range: fromZero } } : {}) },
    axes: [
      { font: axisFont, stroke: '#6b7280', grid: { show: false }, ticks, values: (_u, splits) => splits.map((s) => dateFormat.format(s * 1000)) },
      { scale: 'calls', font: axisFont, stroke: '#6b7280', grid, ticks, size: 44, values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')) },
      ...(sessions ? [{ scale: 'sessions', side: 1, font: axisFont, stroke: '#9ca3af', grid: { show: false }, ticks, size: 52 }] : []),
    ],
    series: [
      { label: interval === 'day' ? 'Day' : 'Hour', value: (_u, v) => (v == null ? '' : dateFormat.format(v * 1000)) },
      { label: 'Calls', scale: 'calls', stroke: COLORS.calls, width: 2, fill: 'rgba(37, 99, 235, 0.06)', points: { size: 5 } },
      { label: 'Qualified calls', scale: 'calls', stroke: COLORS.qualified, width: 2, points: { size: 5 } },
      ...(sessions ? [{ label: 'Sessions', scale: 'sessions', stroke: COLORS.sessions, width: 1.5, dash: [4, 4], points: { show: false } }] : []),
    ],
  };
}

export function columns(points: Point[], sessions: boolean): uPlot.AlignedData {
  const times = points.map((p) => Date.parse(p.t) / 1000);
  const calls = [points.map((p) => p.calls), points.map((p) => p.qualified_calls)];
  return [times, ...calls, ...(sessions ? [points.map((p) => p.sessions)] : [])];
}

export function TimeChart({ points, interval, zone, sessions = true }: { points: Point[]; interval: 'hour' | 'day'; zone: string; sessions?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let resize: ResizeObserver | undefined;
    Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')])
      .then(([{ default: UPlot }]) => {
        const el = box.current;
        if (disposed || !el) return;
        chart.current?.destroy();
        chart.current = new UPlot(options(el.clientWidth || 600, interval, zone, sessions), columns(points, sessions), el);
        resize = new ResizeObserver(() => chart.current?.setSize({ width: el.clientWidth, height: 260 }));
        resize.observe(el);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      resize?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [points, interval, zone, sessions]);

  const label = sessions ? `Calls, qualified calls and sessions per ${interval}` : `Calls and qualified calls per ${interval}`;
  if (failed) return <p class="muted">The chart could not load.</p>;
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
