// Device type, browser and OS from a User-Agent, and whether it is a bot. Pure.
import { isbot } from 'isbot';
import UAParser from 'ua-parser-js';

export type DeviceInfo = {
  /** `desktop`, `mobile`, `tablet`, `smarttv`, `console`, `wearable`, `embedded`, or null without a User-Agent. */
  device: string | null;
  browser: string | null;
  os: string | null;
  /** Crawlers, headless browsers, HTTP libraries and requests without a User-Agent: they are shown the business number and spend no lease. */
  bot: boolean;
};

export function describeDevice(userAgent: string | null | undefined): DeviceInfo {
  const ua = userAgent?.trim() ?? '';
  // Every browser sends one; a request without is a script's, and must not spend a lease.
  if (ua === '') return { device: null, browser: null, os: null, bot: true };
  const parsed = new UAParser(ua).getResult();
  return {
    // ua-parser-js names no type for desktops; anything else it names explicitly.
    device: parsed.device.type ?? 'desktop',
    browser: parsed.browser.name ?? null,
    os: parsed.os.name ?? null,
    bot: isbot(ua),
  };
}
