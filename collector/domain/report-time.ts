// Calendar arithmetic in a site's time zone for reports: "June 3rd" is the business's
// June 3rd, not UTC's. SQLite knows no time zones, so bucket edges are computed here
// as UTC milliseconds and handed to SQL as plain numbers.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Date.UTC for any year: Date.UTC reads years 0–99 as 1900–1999. */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.setUTCHours(hour, minute, second, 0);
}

/** The zone's offset from UTC at `instant`, in ms (New York in June: −4 h). */
export function zoneOffset(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = utc(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (instant - (instant % 1000));
}

/** `instant` as the wall clock in `zone` shows it, `YYYY-MM-DD HH:MM:SS` (no offset: the zone is said beside it). */
export function localDateTime(zone: string, instant: number): string {
  return new Date(instant + zoneOffset(zone, instant)).toISOString().slice(0, 19).replace('T', ' ');
}

/** The calendar date (year, month 1–12, day) at `instant` in `zone`. */
export function localDate(zone: string, instant: number): { year: number; month: number; day: number } {
  const d = new Date(instant + zoneOffset(zone, instant));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The instant a calendar day starts in `zone`. Where a DST change skips midnight the
 * day starts at the first moment that exists.
 */
export function startOfLocalDay(zone: string, year: number, month: number, day: number): number {
  const wall = utc(year, month - 1, day);
  let guess = wall - zoneOffset(zone, wall);
  // A second pass corrects a guess that landed on the other side of a DST change.
  guess = wall - zoneOffset(zone, guess);
  const seen = localDate(zone, guess);
  // Midnight skipped: the guess fell back into the previous day; the day starts an hour on.
  if (utc(seen.year, seen.month - 1, seen.day) < wall) guess += HOUR;
  return guess;
}

/** A calendar date, `2026-06-03`. */
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A report bound: an instant as given, or for a date the start of that day in `zone`
 * (`endOfDay` moves a `to` date past its own day, so `to=2026-06-03` includes the 3rd).
 */
export function resolveBound(value: string, zone: string, endOfDay: boolean): number {
  const m = DATE_ONLY.exec(value);
  if (!m) return Date.parse(value);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return endOfDay ? startOfLocalDay(zone, year, month, day + 1) : startOfLocalDay(zone, year, month, day);
}

export type Interval = 'hour' | 'day';

/** A bucket of a time series: `t` is its nominal start; `from`/`to` are clipped to the report range. */
type Bucket = { t: number; from: number; to: number };

/**
 * The buckets covering [from, to): local days in `zone`, or hours aligned to the zone's
 * offset at `from` (every real offset is a multiple of 15 minutes, so hours stay whole
 * hours across DST in all zones with whole-hour offsets).
 */
export function buckets(zone: string, interval: Interval, from: number, to: number): Bucket[] {
  const out: Bucket[] = [];
  if (interval === 'day') {
    let { year, month, day } = localDate(zone, from);
    let start = startOfLocalDay(zone, year, month, day);
    while (start < to) {
      const next = startOfLocalDay(zone, year, month, ++day);
      out.push({ t: start, from: Math.max(start, from), to: Math.min(next, to) });
      start = next;
      ({ year, month, day } = localDate(zone, next));
    }
    return out;
  }
  const shift = ((from + zoneOffset(zone, from)) % HOUR + HOUR) % HOUR;
  for (let start = from - shift; start < to; start += HOUR) {
    out.push({ t: start, from: Math.max(start, from), to: Math.min(start + HOUR, to) });
  }
  return out;
}

/** How many buckets a range makes, without making them: used to refuse huge series. */
export function bucketCount(interval: Interval, from: number, to: number): number {
  return Math.ceil((to - from) / (interval === 'day' ? DAY : HOUR)) + 1;
}

/** The local days of `zone` that lie wholly inside [from, to), as [start, end) instants, in order. */
export function wholeDays(zone: string, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let { year, month, day } = localDate(zone, from);
  let start = startOfLocalDay(zone, year, month, day);
  if (start < from) start = startOfLocalDay(zone, year, month, ++day);
  for (;;) {
    ({ year, month, day } = localDate(zone, start));
    const end = startOfLocalDay(zone, year, month, day + 1);
    if (end > to) return out;
    out.push({ start, end });
    start = end;
  }
}
