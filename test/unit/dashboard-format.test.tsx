// @vitest-environment happy-dom
import { defaultTimeZone, timeZones } from '../../dashboard/src/lib/zones';
import { describe, expect, it } from 'vitest';
import { amountExample, amountText, parseAmount } from '../../dashboard/src/lib/amount';
import { ago, callRate, clockTime, counted, dateTime, dimensionValue, duration, fullDateTime, money, percent, phone, roi } from '../../dashboard/src/lib/format';
import { effectiveRange, intervalFor, presetRange, rangeInstants } from '../../dashboard/src/lib/range';
import { parseHash, href } from '../../dashboard/src/lib/router';

describe('dashboard formats', () => {
  it('writes money, rates, ROI and durations the way people read them, a dash for no data', () => {
    // Always the currency's decimals, so $850.00 and $25.00 read alike in one column.
    expect([money(450000, 'USD'), money(4500, 'USD'), money(12345, 'USD'), money(null, 'USD')]).toEqual(['$4,500.00', '$45.00', '$123.45', '—']);
    expect([money(1500, 'JPY'), money(450000, 'EUR'), money(1234, 'KWD')]).toEqual(['¥1,500', '€4,500.00', 'KWD\u00a01.234']);
    expect([counted(1, 'duplicate'), counted(0, 'duplicate'), counted(1200, 'row')]).toEqual(['1 duplicate', '0 duplicates', '1,200 rows']);
    expect([percent(0.6667), percent(0.05), percent(0), percent(null)]).toEqual(['67%', '5.0%', '0%', '—']);
    expect([duration(95), duration(40), duration(null)]).toEqual(['1m 35s', '40s', '—']);
  });

  it('shows ROI, (revenue − cost) ÷ cost, as a percentage, never as a multiple', () => {
    expect([roi(1.5), roi(-0.5), roi(0), roi(9), roi(123.45), roi(0.055), roi(-1), roi(null)]).toEqual(['150%', '−50%', '0%', '900%', '12,345%', '5.5%', '−100%', '—']);
  });

  it('shows a call rate as a share only up to 100%, and as calls per session above', () => {
    expect([callRate(0.1167), callRate(1), callRate(3.5), callRate(null)]).toEqual(['12%', '100%', '3.5 calls per session', '—']);
  });

  it('shows phone numbers in local format and masked ones as their last four digits', () => {
    expect(phone('+14155550199')).toBe('(415) 555-0199');
    expect(phone('********0199')).toBe('••• 0199');
    expect(phone('+442079460000')).toBe('+442079460000');
    expect(phone(null)).toBe('Unknown caller');
  });

  it('names empty dimension values and says how long ago', () => {
    expect([dimensionValue(null), dimensionValue(''), dimensionValue('google')]).toEqual(['(none)', '(none)', 'google']);
    const now = Date.parse('2026-06-10T12:00:00Z');
    expect(ago('2026-06-10T11:57:00Z', now)).toBe('3 minutes ago');
    expect(ago('2026-06-09T11:00:00Z', now)).toBe('1 day ago');
    expect(ago(null, now)).toBe('never');
  });

  it('reads typed amounts into cents and refuses what is not an amount', () => {
    expect([parseAmount('850', 'USD'), parseAmount('1,250.5', 'USD'), parseAmount('$25.05', 'USD'), parseAmount('0.99', 'USD')]).toEqual([85_000, 125_050, 2_505, 99]);
    expect([parseAmount('', 'USD'), parseAmount('ten', 'USD'), parseAmount('1.234', 'USD'), parseAmount('-5', 'USD')]).toEqual([null, null, null, null]);
    // A decimal comma is refused rather than read as thousands.
    expect([parseAmount('12,50', 'EUR'), parseAmount('1,2', 'USD'), parseAmount('1250,00', 'USD'), parseAmount('12,500', 'USD'), parseAmount('1,250,000.5', 'USD')]).toEqual([null, null, null, 1_250_000, 125_000_050]);
  });

  it("reads and shows amounts in the currency's own decimals: 2500 yen is 2500, not 250000", () => {
    expect([parseAmount('2500', 'JPY'), parseAmount('¥2,500', 'JPY'), parseAmount('2500.00', 'JPY'), parseAmount('2500.5', 'JPY')]).toEqual([2500, 2500, 2500, null]);
    expect([parseAmount('1.234', 'KWD'), parseAmount('1.5', 'KWD'), parseAmount('€12.50', 'EUR')]).toEqual([1234, 1500, 1250]);
    expect([amountText(2500, 'JPY'), amountText(4500, 'USD'), amountText(1234, 'KWD')]).toEqual(['2500', '45.00', '1.234']);
    expect([amountExample('USD'), amountExample('JPY')]).toEqual(['250 or 1,250.50', '2,500']);
  });

  it("writes a time in the zone it is given, naming the zone when asked or when it is not the viewer's", () => {
    const at = '2026-06-02T14:10:00.000Z';
    expect(dateTime(at, { zone: 'America/Los_Angeles' })).toBe('Jun 2, 7:10 AM');
    expect(dateTime(at, { zone: 'America/Los_Angeles', showZone: true })).toBe('Jun 2, 7:10 AM PDT');
    expect(fullDateTime(at, { zone: 'Asia/Tokyo', showZone: true })).toBe('Jun 2, 2026, 11:10 PM GMT+9');
    expect(clockTime(at, { zone: 'America/New_York' })).toBe('10:10 AM');
    // A zone no one's clock is in (UTC+14) is named; the viewer's own is not.
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(dateTime(at, { zone: 'Pacific/Kiritimati', showZone: 'when-not-local' })).toBe('Jun 3, 4:10 AM GMT+14');
    expect(dateTime(at, { zone: local, showZone: 'when-not-local' })).toBe(dateTime(at));
  });
});

describe('dashboard range and routes', () => {
  it('turns presets into dates and dates into instants in the report zone', () => {
    expect(presetRange('7d', 'UTC', Date.parse('2026-06-30T12:00:00Z'))).toEqual({ preset: '7d', from: '2026-06-24', to: '2026-06-30' });
    // 03:00 UTC on March 1st is still February 28th in Los Angeles: its "today" ends there.
    const lateEvening = Date.parse('2026-03-01T03:00:00Z');
    expect(presetRange('today', 'America/Los_Angeles', lateEvening)).toEqual({ preset: 'today', from: '2026-02-28', to: '2026-02-28' });
    expect(presetRange('7d', 'Asia/Tokyo', lateEvening)).toEqual({ preset: '7d', from: '2026-02-23', to: '2026-03-01' });
    expect(effectiveRange({ preset: 'today', from: '2000-01-01', to: '2000-01-01' }, 'UTC').from).not.toBe('2000-01-01');
    expect(effectiveRange({ preset: 'custom', from: '2026-06-01', to: '2026-06-03' }, 'Asia/Tokyo')).toEqual({ preset: 'custom', from: '2026-06-01', to: '2026-06-03' });
    expect(rangeInstants({ preset: 'custom', from: '2026-06-01', to: '2026-06-30' }, 'America/New_York')).toEqual({
      from: '2026-06-01T04:00:00.000Z',
      to: '2026-07-01T04:00:00.000Z',
    });
    expect(intervalFor(presetRange('today', 'UTC'))).toBe('hour');
    expect(intervalFor(presetRange('30d', 'UTC'))).toBe('day');
  });

  it('reads and writes hash routes with their filters', () => {
    const route = parseHash('#/calls/c%2F1?keyword=emergency+plumber&source=google');
    expect(route.path).toEqual(['calls', 'c/1']);
    expect(route.query.get('keyword')).toBe('emergency plumber');
    expect(href('attribution', { source: 'google', campaign: '', keyword: undefined })).toBe('#/attribution?source=google&campaign=');
    expect(parseHash('').path).toEqual([]);
  });
});

describe('the time zone a new site starts on', () => {
  it("is the browser's zone, or UTC when the browser says UTC or a zone the list lacks; never the list's first entry", () => {
    expect(timeZones[0]).toBe('UTC');
    expect(defaultTimeZone('America/New_York')).toBe('America/New_York');
    expect(defaultTimeZone('UTC')).toBe('UTC');
    expect(defaultTimeZone('Etc/Unknown')).toBe('UTC');
  });
});
