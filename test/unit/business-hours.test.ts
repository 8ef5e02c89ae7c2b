import { describe, expect, it } from 'vitest';
import { isOpen, localTime, type BusinessHours } from '../../collector/domain/business-hours';

const at = (iso: string) => Date.parse(iso);
const ny: BusinessHours = { timezone: 'America/New_York', mon: ['09:00', '17:00'], tue: ['09:00', '17:00'], sat: null };

describe('localTime', () => {
  it('reads the weekday and minute in the zone, across the date line', () => {
    expect(localTime(at('2026-06-01T15:00:00Z'), 'America/New_York')).toEqual({ day: 'mon', minute: 11 * 60 });
    expect(localTime(at('2026-06-01T15:00:00Z'), 'Asia/Tokyo')).toEqual({ day: 'tue', minute: 0 });
    expect(localTime(at('2026-06-01T00:30:00Z'), 'UTC')).toEqual({ day: 'mon', minute: 30 });
  });
});

describe('isOpen', () => {
  it('null hours are always open', () => {
    expect(isOpen(null, at('2026-05-31T03:00:00Z'))).toBe(true);
  });

  it('opens at the opening minute and closes at the closing minute', () => {
    expect(isOpen(ny, at('2026-06-01T12:59:59Z'))).toBe(false); // 08:59 EDT
    expect(isOpen(ny, at('2026-06-01T13:00:00Z'))).toBe(true); // 09:00
    expect(isOpen(ny, at('2026-06-01T20:59:00Z'))).toBe(true); // 16:59
    expect(isOpen(ny, at('2026-06-01T21:00:00Z'))).toBe(false); // 17:00
  });

  it('a missing day and a null day are closed', () => {
    expect(isOpen(ny, at('2026-06-03T15:00:00Z'))).toBe(false); // Wednesday: missing
    expect(isOpen(ny, at('2026-06-06T15:00:00Z'))).toBe(false); // Saturday: null
  });

  it('follows daylight saving time', () => {
    // US clocks went forward on Sunday 8 March 2026: 13:30 UTC is 08:30 EST on the
    // Monday before and 09:30 EDT on the Monday after.
    expect(isOpen(ny, at('2026-03-02T13:30:00Z'))).toBe(false);
    expect(isOpen(ny, at('2026-03-09T13:30:00Z'))).toBe(true);
  });

  it('a range that closes before it opens runs past midnight into the next day', () => {
    const night: BusinessHours = { timezone: 'UTC', fri: ['22:00', '02:00'] };
    expect(isOpen(night, at('2026-06-05T21:59:00Z'))).toBe(false); // Friday 21:59
    expect(isOpen(night, at('2026-06-05T23:00:00Z'))).toBe(true); // Friday 23:00
    expect(isOpen(night, at('2026-06-06T01:59:00Z'))).toBe(true); // Saturday 01:59
    expect(isOpen(night, at('2026-06-06T02:00:00Z'))).toBe(false); // Saturday 02:00
    expect(isOpen(night, at('2026-06-04T23:00:00Z'))).toBe(false); // Thursday 23:00
  });

  it('24:00 closes at midnight, so 00:00–24:00 is the whole day', () => {
    const allDay: BusinessHours = { timezone: 'Europe/Berlin', sun: ['00:00', '24:00'] };
    expect(isOpen(allDay, at('2026-05-30T22:00:00Z'))).toBe(true); // Sunday 00:00 CEST
    expect(isOpen(allDay, at('2026-05-31T21:59:00Z'))).toBe(true); // Sunday 23:59
    expect(isOpen(allDay, at('2026-05-31T22:00:00Z'))).toBe(false); // Monday 00:00
  });
});
