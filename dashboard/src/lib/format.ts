// How numbers read on screen. A missing value (a rate over nothing) shows as a dash.

const DASH = '—';

const integer = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return integer.format(n);
}

/** "1 duplicate", "2 duplicates": a count with its noun. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/**
 * An amount in minor units, always in `currency`'s own decimals (¥2,500, $850.00, $25.00),
 * so amounts in one column line up and read alike. There is no default currency: each
 * caller says whose money it is (the account's for reports, the call's for a call), so
 * nothing falls back to dollars by accident.
 */
export function money(cents: number | null, currency: string): string {
  if (cents === null) return DASH;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 10 ** currencyDigits(currency));
}

/** How many decimals `currency` has (USD 2, JPY 0, KWD 3): its minor units per major unit. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // A code Intl cannot read (someone mid-way through typing one): two decimals, as most currencies have.
    return 2;
  }
}

export function percent(rate: number | null): string {
  if (rate === null) return DASH;
  return `${(rate * 100).toFixed(rate >= 0.1 || rate === 0 ? 0 : 1)}%`;
}

const wholePercent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const finePercent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/**
 * ROI as a percentage: the API's roi is (revenue − cost) ÷ cost, so 1.5 reads "150%" and
 * −0.5 "−50%". Not "1.5×": people read a multiple as revenue ÷ cost, which is one more.
 */
export function roi(value: number | null): string {
  if (value === null) return DASH;
  const size = Math.abs(value);
  return `${value < 0 ? '−' : ''}${(size >= 0.1 || size === 0 ? wholePercent : finePercent).format(size)}`;
}

/**
 * Calls ÷ sessions. Up to 100% it is the share of sessions that called; above, calls
 * without a visit (or several from one) outnumber sessions, and a share would mislead,
 * so it reads as calls per session.
 */
export function callRate(rate: number | null): string {
  if (rate === null) return DASH;
  return rate <= 1 ? percent(rate) : `${rate.toFixed(1)} calls per session`;
}

export function duration(seconds: number | null): string {
  if (seconds === null) return DASH;
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Where a time is read: `zone` (IANA) or, without one, the browser's. `showZone` adds the
 * zone's abbreviation ("EDT", "GMT+2"); 'when-not-local' adds it only when the time would
 * read differently on the viewer's own clock, so a time without one is always their time.
 */
export type TimeOptions = { zone?: string; showZone?: boolean | 'when-not-local' };

function formatTime(iso: string | null, fields: Intl.DateTimeFormatOptions, { zone, showZone = false }: TimeOptions): string {
  if (!iso) return DASH;
  const at = new Date(iso);
  const plain = at.toLocaleString('en-US', { ...fields, timeZone: zone });
  const withZone = showZone === 'when-not-local' ? plain !== at.toLocaleString('en-US', fields) : showZone;
  return withZone ? at.toLocaleString('en-US', { ...fields, timeZone: zone, timeZoneName: 'short' }) : plain;
}

/** "Jun 2, 10:10 AM": a time in a list. */
export function dateTime(iso: string | null, options: TimeOptions = {}): string {
  return formatTime(iso, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }, options);
}

/** "Jun 2, 2026, 10:10 AM": a time on its own. */
export function fullDateTime(iso: string | null, options: TimeOptions = {}): string {
  return formatTime(iso, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }, options);
}

/** "10:10 AM": a time of day, for steps within one visit. */
export function clockTime(iso: string | null, options: TimeOptions = {}): string {
  return formatTime(iso, { hour: 'numeric', minute: '2-digit' }, options);
}

/** "10:10:05 AM": when a view that refreshes itself was last brought up to date. */
export function clockSeconds(iso: string | null, options: TimeOptions = {}): string {
  return formatTime(iso, { hour: 'numeric', minute: '2-digit', second: '2-digit' }, options);
}

/** "3 minutes ago", for how recently something happened. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** (415) 555-0199 for a North American number; a masked one as its last four digits. */
export function phone(e164: string | null): string {
  if (!e164) return 'Unknown caller';
  if (e164.startsWith('*')) return `••• ${e164.replace(/^\*+/, '')}`;
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** A dimension's value as people read it; an empty one says so. */
export function dimensionValue(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '(none)' : value;
}
