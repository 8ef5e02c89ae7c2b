// deviceOf remembers describeDevice's answers; it must never answer differently.
import { describe, expect, it } from 'vitest';
import { describeDevice } from '../../collector/domain/device';
import { deviceOf } from '../../collector/services/device-memo';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('deviceOf', () => {
  it('answers what describeDevice answers, the first time and every time after', () => {
    for (const ua of [IPHONE, GOOGLEBOT, '', '   ', undefined, `${IPHONE} ${'x'.repeat(600)}`]) {
      expect(deviceOf(ua)).toEqual(describeDevice(ua));
      expect(deviceOf(ua)).toEqual(describeDevice(ua));
    }
  });

  it('still answers right once more User-Agents have come than it keeps', () => {
    const many = Array.from({ length: 1200 }, (_, i) => `Mozilla/5.0 (Linux; Android 14; Pixel ${i}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36`);
    for (const ua of many) deviceOf(ua);
    for (const ua of [many[0], many[1199], IPHONE]) expect(deviceOf(ua)).toEqual(describeDevice(ua));
  });
});
