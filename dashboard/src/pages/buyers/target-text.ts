// How a target's terms read in a list: its destination, hours, caps and what it pays.
import { count, counted, money, phone } from '../../lib/format';
import { weekdays, type BusinessHours, type CapUnit, type Target } from '../../lib/types';

/** A phone number as people write it; a SIP URI as it is. */
export const destinationText = (d: string) => (d.startsWith('+') ? phone(d) : d);

const shortDay: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "Always open", or the open days with their hours and the zone: "Mon–Fri 08:00–18:00 (America/Chicago)". */
export function hoursText(schedule: BusinessHours | null): string {
  if (!schedule) return 'Always open';
  // Consecutive days with the same hours read as one run.
  const runs: { from: string; to: string; hours: string }[] = [];
  for (const day of weekdays) {
    const open = schedule[day];
    const hours = open ? `${open[0]}–${open[1]}` : '';
    const last = runs[runs.length - 1];
    if (hours && last?.hours === hours && last.to === weekdays[weekdays.indexOf(day) - 1]) last.to = day;
    else if (hours) runs.push({ from: day, to: day, hours });
  }
  if (runs.length === 0) return `Closed every day (${schedule.timezone})`;
  const days = runs.map((r) => `${shortDay[r.from]}${r.to === r.from ? '' : `–${shortDay[r.to]}`} ${r.hours}`);
  return `${days.join(', ')} (${schedule.timezone})`;
}

/** A cap's amount in its unit: "20 calls", "$500.00". */
export function capAmount(n: number, unit: CapUnit, currency: string): string {
  return unit === 'revenue' ? money(n, currency) : counted(n, 'call');
}

/** Every cap the target has: "2 at once · 20 calls a day"; "No caps". */
export function capsText(t: Target, currency: string): string {
  const parts = [
    t.concurrency_cap === null ? null : `${count(t.concurrency_cap)} at once`,
    t.hourly_cap === null ? null : `${capAmount(t.hourly_cap, t.cap_unit, currency)} an hour`,
    t.daily_cap === null ? null : `${capAmount(t.daily_cap, t.cap_unit, currency)} a day`,
    t.monthly_cap === null ? null : `${capAmount(t.monthly_cap, t.cap_unit, currency)} a month`,
  ].filter((p) => p !== null);
  return parts.length ? parts.join(' · ') : 'No caps';
}

/** What a call earns and when: "$45.00 for 90 s or more", "$25.00 on a conversion". */
export function revenueText(t: Target, currency: string): string {
  const amount = money(t.revenue_cents, currency);
  if (t.convert_on === 'keypress') return `${amount} when the caller presses ${t.convert_key}`;
  if (t.convert_on === 'conversion') return `${amount} on a conversion`;
  return `${amount} for ${count(t.convert_min_duration_s)} s or more`;
}
