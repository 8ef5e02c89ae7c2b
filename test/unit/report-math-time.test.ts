import { describe, expect, it } from 'vitest';
import { buckets, bucketCount, localDate, resolveBound, startOfLocalDay, wholeDays, zoneOffset } from '../../collector/domain/report-time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('report time zones', () => {
  it('knows a zone\'s offset at an instant, DST included', () => {
    expect(zoneOffset('America/New_York', Date.parse('2026-06-01T12:00:00Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffset('America/New_York', Date.parse('2026-01-01T12:00:00Z'))).toBe(-5 * 3_600_000);
    expect(zoneOffset('Asia/Kolkata', Date.parse('2026-01-01T12:00:00Z'))).toBe(5.5 * 3_600_000);
    expect(zoneOffset('UTC', Date.parse('2026-01-01T12:00:00.123Z'))).toBe(0);
  });

  it('finds the local date and the start of a local day', () => {
    expect(localDate('America/New_York', Date.parse('2026-06-05T03:00:00Z'))).toEqual({ year: 2026, month: 6, day: 4 });
    expect(iso(startOfLocalDay('America/New_York', 2026, 6, 4))).toBe('2026-06-04T04:00:00.000Z');
    expect(iso(startOfLocalDay('Pacific/Auckland', 2026, 1, 1))).toBe('2025-12-31T11:00:00.000Z');
    // The day DST starts, the day after it, and a month that rolls over.
    expect(iso(startOfLocalDay('America/New_York', 2026, 3, 8))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(startOfLocalDay('America/New_York', 2026, 3, 9))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(startOfLocalDay('UTC', 2026, 1, 32))).toBe('2026-02-01T00:00:00.000Z');
  });

  it('starts a day at the first moment that exists when DST skips midnight', () => {
    // Chile moves clocks from 00:00 to 01:00 on 6 September 2026.
    expect(iso(startOfLocalDay('America/Santiago', 2026, 9, 6))).toBe('2026-09-06T04:00:00.000Z');
  });

  it('reads dates in the zone (to inclusive) and instants as given', () => {
    expect(iso(resolveBound('2026-06-01', 'America/New_York', false))).toBe('2026-06-01T04:00:00.000Z');
    expect(iso(resolveBound('2026-06-30', 'America/New_York', true))).toBe('2026-07-01T04:00:00.000Z');
    expect(iso(resolveBound('2026-06-01T10:00:00+02:00', 'America/New_York', false))).toBe('2026-06-01T08:00:00.000Z');
    // Years under 100 are years, not 1900 + year; month ends roll over in the right year.
    expect(iso(resolveBound('0001-01-01', 'UTC', false))).toBe('0001-01-01T00:00:00.000Z');
    expect(iso(resolveBound('2023-02-28', 'UTC', true))).toBe('2023-03-01T00:00:00.000Z');
    expect(iso(resolveBound('2024-02-28', 'UTC', true))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(resolveBound('2026-12-31', 'Asia/Tokyo', true))).toBe('2026-12-31T15:00:00.000Z');
  });

  it('makes local days of 23 and 25 hours across DST', () => {
    const days = buckets('America/New_York', 'day', startOfLocalDay('America/New_York', 2026, 3, 7), startOfLocalDay('America/New_York', 2026, 3, 10));
    expect(days.map((b) => iso(b.t))).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(days.map((b) => (b.to - b.from) / 3_600_000)).toEqual([24, 23, 24]);
    const fall = buckets('America/New_York', 'day', Date.parse('2026-11-01T04:00:00Z'), Date.parse('2026-11-02T05:00:00Z'));
    expect(fall.map((b) => (b.to - b.from) / 3_600_000)).toEqual([25]);
  });

  it('clips the first and last bucket to the range', () => {
    const days = buckets('UTC', 'day', Date.parse('2026-06-01T12:00:00Z'), Date.parse('2026-06-02T06:00:00Z'));
    expect(days).toEqual([
      { t: Date.parse('2026-06-01T00:00:00Z'), from: Date.parse('2026-06-01T12:00:00Z'), to: Date.parse('2026-06-02T00:00:00Z') },
      { t: Date.parse('2026-06-02T00:00:00Z'), from: Date.parse('2026-06-02T00:00:00Z'), to: Date.parse('2026-06-02T06:00:00Z') },
    ]);
  });

  it('aligns hours to the zone, half-hour zones included', () => {
    const hours = buckets('Asia/Kolkata', 'hour', Date.parse('2026-06-01T00:10:00Z'), Date.parse('2026-06-01T02:00:00Z'));
    expect(hours.map((b) => iso(b.t))).toEqual(['2026-05-31T23:30:00.000Z', '2026-06-01T00:30:00.000Z', '2026-06-01T01:30:00.000Z']);
    expect(bucketCount('hour', 0, 3 * 3_600_000)).toBeGreaterThanOrEqual(3);
  });
});

describe('whole local days', () => {
  it('lists the days wholly inside a range, none for a range shorter than a day', () => {
    const ny = 'America/New_York';
    const days = wholeDays(ny, Date.parse('2026-06-01T10:00:00Z'), Date.parse('2026-06-04T04:00:00Z'));
    expect(days.map((d) => [iso(d.start), iso(d.end)])).toEqual([
      ['2026-06-02T04:00:00.000Z', '2026-06-03T04:00:00.000Z'],
      ['2026-06-03T04:00:00.000Z', '2026-06-04T04:00:00.000Z'],
    ]);
    expect(wholeDays(ny, Date.parse('2026-06-01T04:00:00Z'), Date.parse('2026-06-02T03:59:59Z'))).toEqual([]);
    // The day clocks go forward is 23 hours long and still one whole day.
    const dst = wholeDays(ny, startOfLocalDay(ny, 2026, 3, 8), startOfLocalDay(ny, 2026, 3, 9));
    expect(dst.map((d) => (d.end - d.start) / 3_600_000)).toEqual([23]);
  });
});
