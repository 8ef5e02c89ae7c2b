// The weekly open hours editor shared by a site's qualification rules and a target's
// schedule: a time zone and, per weekday, closed or open from–to.
import { weekdays, type BusinessHours, type Weekday } from '../lib/types';

const dayNames: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** Weekdays 09:00–17:00 in `zone`: where a new schedule starts. */
export const officeHours = (zone: string): BusinessHours => ({
  timezone: zone,
  mon: ['09:00', '17:00'],
  tue: ['09:00', '17:00'],
  wed: ['09:00', '17:00'],
  thu: ['09:00', '17:00'],
  fri: ['09:00', '17:00'],
  sat: null,
  sun: null,
});

export function WeeklyHours({ hours, onChange }: { hours: BusinessHours; onChange: (hours: BusinessHours) => void }) {
  const setDay = (day: Weekday, value: [string, string] | null) => onChange({ ...hours, [day]: value });
  return (
    <>
      <label class="field">
        <span>Time zone</span>
        <input value={hours.timezone} onInput={(e) => onChange({ ...hours, timezone: e.currentTarget.value })} required />
      </label>
      <div class="hours-days">
        {weekdays.map((day) => {
          const open = hours[day] ?? null;
          return (
            <div class="hours-day" key={day}>
              <label class="check">
                <input type="checkbox" checked={open !== null} onChange={(e) => setDay(day, e.currentTarget.checked ? ['09:00', '17:00'] : null)} />
                {dayNames[day]}
              </label>
              {open ? (
                <span class="hours-times">
                  <label>
                    <span class="sr-only">{dayNames[day]} opens</span>
                    <input type="time" value={open[0]} required onInput={(e) => setDay(day, [e.currentTarget.value, open[1]])} />
                  </label>
                  <span aria-hidden="true">–</span>
                  <label>
                    <span class="sr-only">{dayNames[day]} closes</span>
                    <input type="time" value={open[1]} required onInput={(e) => setDay(day, [open[0], e.currentTarget.value])} />
                  </label>
                </span>
              ) : (
                <span class="muted small">Closed</span>
              )}
            </div>
          );
        })}
      </div>
    </>
  );
}
