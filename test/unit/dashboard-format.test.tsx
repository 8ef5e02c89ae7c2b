// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../dashboard/src/lib/amount';
import { ago, dimensionValue, duration, money, percent, phone, roi } from '../../dashboard/src/lib/format';
import { effectiveRange, intervalFor, presetRange, rangeInstants } from '../../dashboard/src/lib/range';
import { parseHash, href } from '../../dashboard/src/lib/router';

describe('dashboard formats', () => {
  it('writes money, rates, ROI and durations the way people read them, a dash for no data', () => {
    expect([money(450000), money(4500), money(12345), money(null)]).toEqual(['$4,500', '$45.00', '$123.45', '—']);
    expect(money(1500, 'JPY')).toBe('¥1,500');
    expect([percent(0.6667), percent(0.05), percent(0), percent(null)]).toEqual(['67%', '5.0%', '0%', '—']);
    expect([roi(9), roi(2.345), roi(-0.5), roi(null)]).toEqual(['9.0×', '2.3×', '−0.5×', '—']);
    expect([duration(95), duration(40), duration(null)]).toEqual(['1m 35s', '40s', '—']);
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
    expect([parseAmount('850'), parseAmount('1,250.5'), parseAmount('$25.05'), parseAmount('0.99')]).toEqual([85_000, 125_050, 2_505, 99]);
    expect([parseAmount(''), parseAmount('ten'), parseAmount('1.234'), parseAmount('-5')]).toEqual([null, null, null, null]);
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
