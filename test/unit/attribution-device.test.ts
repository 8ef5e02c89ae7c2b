// Device, browser and OS from real User-Agents; bots and HTTP clients are told apart.
import { describe, expect, it } from 'vitest';
import { describeDevice } from '../../collector/domain/device';

const cases: [string, string, ReturnType<typeof describeDevice>][] = [
  ['iPhone Safari', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    { device: 'mobile', browser: 'Mobile Safari', os: 'iOS', bot: false }],
  ['Android Chrome', 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    { device: 'mobile', browser: 'Chrome', os: 'Android', bot: false }],
  ['iPad', 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
    { device: 'tablet', browser: 'Mobile Safari', os: 'iOS', bot: false }],
  ['Windows Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
    { device: 'desktop', browser: 'Edge', os: 'Windows', bot: false }],
  ['macOS Firefox', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0', { device: 'desktop', browser: 'Firefox', os: 'Mac OS', bot: false }],
  ['Facebook in-app browser', 'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/460.0.0.36.105;]',
    { device: 'mobile', browser: 'Facebook', os: 'Android', bot: false }],
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { device: 'desktop', browser: null, os: null, bot: true }],
  ['Bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', { device: 'desktop', browser: null, os: null, bot: true }],
  ['Headless Chrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
    { device: 'desktop', browser: 'Chrome Headless', os: 'Linux', bot: true }],
  ['curl', 'curl/8.4.0', { device: 'desktop', browser: null, os: null, bot: true }],
  ["Node's fetch", 'node', { device: 'desktop', browser: null, os: null, bot: true }],
];

describe('describeDevice', () => {
  it.each(cases)('%s', (_name, ua, expected) => expect(describeDevice(ua)).toEqual(expected));

  it('takes a request without a User-Agent for a script: no browser sends none', () => {
    expect(describeDevice(undefined)).toEqual({ device: null, browser: null, os: null, bot: true });
    expect(describeDevice('  ')).toEqual({ device: null, browser: null, os: null, bot: true });
  });
});
