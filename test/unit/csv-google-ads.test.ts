import { describe, expect, it } from 'vitest';
import { majorUnits } from '../../collector/domain/money';
import { googleAdsTime } from '../../collector/services/reports/google-ads';

describe('Google Ads values', () => {
  it('writes times as yyyy-MM-dd HH:mm:ss in UTC', () => {
    expect(googleAdsTime(Date.parse('2026-06-02T09:05:09.999-04:00'))).toBe('2026-06-02 13:05:09');
  });

  it('writes money with the currency\'s own decimals', () => {
    expect(majorUnits(123456, 'USD')).toBe('1234.56');
    expect(majorUnits(5, 'EUR')).toBe('0.05');
    expect(majorUnits(1500, 'JPY')).toBe('1500');
    expect(majorUnits(1234, 'KWD')).toBe('1.234');
  });
});
