// When a returning page keeps its session, what expires_at it is told, and when a ping writes.
import { describe, expect, it } from 'vitest';
import { parseVisit } from '../../collector/domain/attribution';
import { canResume, isNewCampaign, LAST_SEEN_GRACE_MS, lastSeenIsStale, SESSION_IDLE_MS, sessionExpiry } from '../../collector/domain/session-policy';

const NOW = Date.parse('2026-06-01T15:00:00Z');
const MIN = 60_000;
const visit = (url: string, referrer: string | null = null) => parseVisit({ url, referrer, siteDomains: ['shop.example'] });
const session = {
  source: 'google',
  medium: 'cpc',
  campaign: 'spring',
  keyword: 'plumber',
  content: null,
  gclid: 'G1',
  gbraid: null,
  wbraid: null,
  msclkid: null,
  fbclid: null,
  ttclid: null,
};

describe('canResume', () => {
  it('resumes while a lease lives, however long ago the session was seen', () => {
    expect(canResume(NOW - 3 * 60 * MIN, true, NOW)).toBe(true);
  });
  it('resumes without a lease only inside the idle time', () => {
    expect(canResume(NOW - SESSION_IDLE_MS + 1, false, NOW)).toBe(true);
    expect(canResume(NOW - SESSION_IDLE_MS, false, NOW)).toBe(false);
  });
});

describe('isNewCampaign', () => {
  it('is false for an untagged page, whatever its referrer', () => {
    expect(isNewCampaign(visit('https://shop.example/about', 'https://www.bing.com/'), session)).toBe(false);
  });
  it('is false for the same tagged URL again', () => {
    expect(isNewCampaign(visit('https://shop.example/?gclid=G1&utm_campaign=spring&utm_term=plumber'), session)).toBe(false);
  });
  it('is true for a different campaign, keyword or click id', () => {
    expect(isNewCampaign(visit('https://shop.example/?gclid=G1&utm_campaign=summer&utm_term=plumber'), session)).toBe(true);
    expect(isNewCampaign(visit('https://shop.example/?gclid=G1&utm_campaign=spring&utm_term=drains'), session)).toBe(true);
    expect(isNewCampaign(visit('https://shop.example/?gclid=G2&utm_campaign=spring&utm_term=plumber'), session)).toBe(true);
    expect(isNewCampaign(visit('https://shop.example/?pub=acme'), session)).toBe(true);
  });
  it('compares only what the URL says: a ping without the referrer keeps a session credited from one', () => {
    const linkedin = { ...session, source: 'linkedin', medium: 'social', campaign: 'launch', keyword: null, gclid: null };
    expect(isNewCampaign(visit('https://shop.example/?utm_campaign=launch'), linkedin)).toBe(false);
    expect(isNewCampaign(visit('https://shop.example/?utm_campaign=relaunch'), linkedin)).toBe(true);
    const gmail = { ...linkedin, source: 'mail.google.com', medium: 'email', campaign: null };
    expect(isNewCampaign(visit('https://shop.example/?utm_medium=email'), gmail)).toBe(false);
    expect(isNewCampaign(visit('https://shop.example/?utm_medium=sms'), gmail)).toBe(true);
    const bing = { ...linkedin, source: 'bing', medium: 'cpc', campaign: null, keyword: 'emergency plumber', msclkid: 'M1' };
    expect(isNewCampaign(visit('https://shop.example/?msclkid=M1'), bing)).toBe(false);
    expect(isNewCampaign(visit('https://shop.example/?msclkid=M2'), bing)).toBe(true);
  });
});

describe('sessionExpiry', () => {
  it('is the idle end without leases', () => {
    expect(sessionExpiry([], NOW)).toBe(NOW + SESSION_IDLE_MS);
  });
  it('is the earliest end among the newest lease of each business number', () => {
    const leases = [
      { replace: '+18005550100', endsAt: NOW + 10 * MIN },
      { replace: '+18005550100', endsAt: NOW - 50 * MIN }, // an older lease of the same business number
      { replace: '+18005550111', endsAt: NOW + 30 * MIN },
    ];
    expect(sessionExpiry(leases, NOW)).toBe(NOW + 10 * MIN);
  });
  it('lies in the past when a shown number has lapsed, so the page asks again', () => {
    expect(sessionExpiry([{ replace: 'a', endsAt: NOW - MIN }, { replace: 'b', endsAt: NOW + MIN }], NOW)).toBe(NOW - MIN);
  });
});

describe('lastSeenIsStale', () => {
  it('asks for a write only after the grace period', () => {
    expect(lastSeenIsStale(NOW - LAST_SEEN_GRACE_MS + 1, NOW)).toBe(false);
    expect(lastSeenIsStale(NOW - LAST_SEEN_GRACE_MS, NOW)).toBe(true);
  });
});
