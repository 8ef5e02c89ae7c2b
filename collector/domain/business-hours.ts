// Whether a moment falls inside an advertiser's hours of operation, in the advertiser's
// own time zone. Intl does the zone math, so it runs unchanged on Node and Workers and
// follows daylight-saving changes without a zone table of our own.

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** `{"timezone":"America/New_York","mon":["09:00","17:00"],…}`: a missing or null day is closed. */
export type BusinessHours = { timezone: string } & Partial<Record<Weekday, readonly [string, string] | null>>;

/** "HH:MM" from 00:00 to 24:00 (24:00 only as a closing time). */
export const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The weekday and minute of the day that a wall clock in `timeZone` shows at `at`. */
export function localTime(at: number, timeZone: string): { day: Weekday; minute: number } {
  const parts = formatter(timeZone).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').slice(0, 3).toLowerCase() as Weekday;
  return { day, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

const previousDay = (day: Weekday): Weekday => weekdays[(weekdays.indexOf(day) + 6) % 7]!;

/**
 * True when `at` is inside the hours; null hours means always open. A range whose
 * closing time is not after its opening time runs past midnight: `"fri":["22:00","02:00"]`
 * covers Friday 22:00 to Saturday 02:00. The opening minute is inside, the closing one is not.
 */
export function isOpen(hours: BusinessHours | null, at: number): boolean {
  if (!hours) return true;
  const { day, minute } = localTime(at, hours.timezone);
  const today = hours[day];
  if (today) {
    const open = minutesOfDay(today[0]);
    const close = minutesOfDay(today[1]);
    if (close > open ? minute >= open && minute < close : minute >= open) return true;
  }
  const yesterday = hours[previousDay(day)];
  if (yesterday) {
    const open = minutesOfDay(yesterday[0]);
    const close = minutesOfDay(yesterday[1]);
    if (close <= open && minute < close) return true;
  }
  return false;
}
