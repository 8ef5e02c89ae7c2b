// The date range every page reports on. Days are the business's days: a range's
// dates are turned into instants in the report's time zone (the chosen site's, else
// the account's first site's), the same rule the server uses for date bounds.
import { localDate, resolveBound } from '../../../collector/domain/report-time';

export type Preset = 'today' | '7d' | '30d' | '90d' | 'custom';
export type DateRange = { preset: Preset; from: string; to: string };

export const presets: { id: Exclude<Preset, 'custom'>; label: string; days: number }[] = [
  { id: 'today', label: 'Today', days: 1 },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
];

/** YYYY-MM-DD of a calendar date held in a Date's UTC fields. */
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A preset's dates, ending today in `zone`: "Today" on a Los Angeles site is Los
 * Angeles's today, whatever the browser's zone.
 */
export function presetRange(preset: Exclude<Preset, 'custom'>, zone: string, now = Date.now()): DateRange {
  const days = presets.find((p) => p.id === preset)!.days;
  const today = localDate(zone, now);
  const date = (back: number) => isoDate(new Date(Date.UTC(today.year, today.month - 1, today.day - back)));
  return { preset, from: date(days - 1), to: date(0) };
}

/** The range as shown: a preset's dates follow `zone`'s today; custom dates stay as chosen. */
export function effectiveRange(range: DateRange, zone: string): DateRange {
  return range.preset === 'custom' ? range : presetRange(range.preset, zone);
}

/** The range as the instants the API takes: `from` at the start of its day, `to` at the end of its day. */
export function rangeInstants(range: DateRange, zone: string): { from: string; to: string } {
  return {
    from: new Date(resolveBound(range.from, zone, false)).toISOString(),
    to: new Date(resolveBound(range.to, zone, true)).toISOString(),
  };
}

/** Hours for a range of a day or two, days otherwise. */
export function intervalFor(range: DateRange): 'hour' | 'day' {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1;
  return days <= 2 ? 'hour' : 'day';
}

const STORE = 'dni.range';

export function loadRange(): DateRange {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE) ?? 'null') as DateRange | null;
    if (saved?.preset === 'custom' && saved.from && saved.to) return saved;
    if (saved && saved.preset !== 'custom' && presets.some((p) => p.id === saved.preset)) return presetRange(saved.preset, 'UTC');
  } catch {
    // A damaged value falls back to the default below.
  }
  // Dates of a preset are placeholders until the report zone is known (effectiveRange).
  return presetRange('30d', 'UTC');
}

export function saveRange(range: DateRange) {
  sessionStorage.setItem(STORE, JSON.stringify(range));
}
