// How numbers read on screen. A missing value (a rate over nothing) shows as a dash.

const DASH = '—';

const integer = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return integer.format(n);
}

export function money(cents: number | null, currency = 'USD'): string {
  if (cents === null) return DASH;
  const f = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  const value = cents / 10 ** digits;
  // Whole amounts read faster without ".00"; small ones keep their cents.
  const whole = Number.isInteger(value) && Math.abs(value) >= 100;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, ...(whole ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}) }).format(value);
}

export function percent(rate: number | null): string {
  if (rate === null) return DASH;
  return `${(rate * 100).toFixed(rate >= 0.1 || rate === 0 ? 0 : 1)}%`;
}

/** ROI as the multiple people say: "3.2×" means revenue minus cost is 3.2 times the cost. */
export function roi(value: number | null): string {
  if (value === null) return DASH;
  return `${value >= 0 ? '' : '−'}${Math.abs(value).toFixed(Math.abs(value) >= 10 ? 0 : 1)}×`;
}

export function duration(seconds: number | null): string {
  if (seconds === null) return DASH;
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function dateTime(iso: string | null): string {
  if (!iso) return DASH;
  return new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

export function fullDateTime(iso: string | null): string {
  if (!iso) return DASH;
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
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
