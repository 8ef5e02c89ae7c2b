import { describe, expect, it } from 'vitest';
import type { calls } from '../../collector/db/schema';
import { GIVE_UP_AFTER_MS, nextAttempt } from '../../collector/domain/events/backoff';
import { callEvents } from '../../collector/domain/events/call-events';
import { destinationUrlProblem } from '../../collector/domain/events/destination-url';
import { fillPostbackUrl, unknownMacros, type PostbackFacts } from '../../collector/domain/events/postback-url';

type CallRow = typeof calls.$inferSelect;
const T0 = Date.parse('2026-06-01T15:00:00Z');

describe('backoff', () => {
  it('doubles from 30 s to a 6 h cap, with the jitter between half and all of the wait', () => {
    expect(nextAttempt(1, T0, T0, 0)).toEqual({ status: 'pending', at: T0 + 15_000 });
    expect(nextAttempt(1, T0, T0, 1)).toEqual({ status: 'pending', at: T0 + 30_000 });
    expect(nextAttempt(2, T0, T0, 1)).toEqual({ status: 'pending', at: T0 + 60_000 });
    expect(nextAttempt(5, T0, T0, 1)).toEqual({ status: 'pending', at: T0 + 480_000 });
    expect(nextAttempt(30, T0, T0, 1)).toEqual({ status: 'pending', at: T0 + 6 * 3_600_000 });
    expect(nextAttempt(30, T0, T0, 0)).toEqual({ status: 'pending', at: T0 + 3 * 3_600_000 });
  });

  it('never schedules past 72 h after the event, and gives up at 72 h', () => {
    const late = T0 + GIVE_UP_AFTER_MS - 60_000;
    expect(nextAttempt(20, T0, late, 1)).toEqual({ status: 'pending', at: T0 + GIVE_UP_AFTER_MS });
    expect(nextAttempt(20, T0, T0 + GIVE_UP_AFTER_MS, 0)).toEqual({ status: 'failed' });
    expect(GIVE_UP_AFTER_MS).toBe(72 * 3_600_000);
  });
});

const call = (o: Partial<CallRow> = {}): CallRow =>
  ({
    id: 'call_1', accountId: 'acc', siteId: 'site', provider: 'api', providerId: 'p1', trackingNumber: '+14155550101', numberId: null, poolId: null,
    caller: '+14155550199', callerCity: null, callerState: 'CA', callerZip: null, callerCountry: null, startedAt: T0, durationS: null,
    status: 'ringing', recordingUrl: null, forwardTo: null, forwardSettled: false, confidence: 'none', leaseId: null, sessionId: null,
    visitorId: null, source: null, medium: null, campaign: null, keyword: null, content: null, publisherId: null, landingPage: null,
    referrer: null, gclid: null, msclkid: null, fbclid: null, device: null, browser: null, os: null, qualified: null, reasons: [],
    duplicate: false, payoutCents: 0, currency: 'USD', judgedAt: null, fraudSignals: [], conversionValueCents: null,
    conversionCurrency: null, convertedAt: null, createdAt: T0, updatedAt: T0, ...o,
  }) as CallRow;
const types = (before: CallRow | undefined, after: CallRow) => callEvents(before, after).map((e) => e.type);

describe('callEvents', () => {
  it('a new ringing call rings; its end completes it; a retry that changes nothing says nothing', () => {
    expect(types(undefined, call())).toEqual(['call.ringing']);
    const done = call({ status: 'completed', durationS: 90 });
    expect(types(call(), done)).toEqual(['call.completed']);
    expect(types(done, done)).toEqual([]);
    expect(types(undefined, call({ status: 'no-answer', durationS: 0 }))).toEqual(['call.completed']);
  });

  it('a judgement qualifies and pays; a re-judgement reverses both; the same verdict again says nothing', () => {
    const done = call({ status: 'completed', durationS: 90 });
    const qualified = call({ status: 'completed', durationS: 90, qualified: true, judgedAt: T0, payoutCents: 2500 });
    expect(types(done, qualified)).toEqual(['call.qualified', 'payout.changed']);
    const reversed = call({ ...qualified, durationS: 10, qualified: false, reasons: ['too_short'], payoutCents: 0 });
    const events = callEvents(qualified, reversed);
    expect(events.map((e) => e.type)).toEqual(['call.disqualified', 'payout.changed']);
    expect(events[0]!.payload).toMatchObject({ reversal: true, previous_qualified: true });
    expect(events[1]!.payload).toMatchObject({ payout_cents: 0, previous_payout_cents: 2500 });
    expect(types(qualified, { ...qualified, judgedAt: T0 + 1 })).toEqual([]);
    expect(types(done, call({ ...done, qualified: false, judgedAt: T0 }))).toEqual(['call.disqualified']);
  });

  it('a conversion converts; a restated value converts again; the same value does not', () => {
    const done = call({ status: 'completed', durationS: 90, qualified: true, judgedAt: T0 });
    const sold = { ...done, convertedAt: T0, conversionValueCents: 4000, conversionCurrency: 'USD' };
    expect(callEvents(done, sold)).toMatchObject([{ type: 'call.converted', payload: { value_cents: 4000, previous_value_cents: null } }]);
    expect(callEvents(sold, { ...sold, conversionValueCents: 4500 })).toMatchObject([{ type: 'call.converted', payload: { previous_value_cents: 4000 } }]);
    expect(types(sold, { ...sold, convertedAt: T0 + 1 })).toEqual([]);
  });
});

describe('postback URL', () => {
  const facts: PostbackFacts = {
    event: 'call.qualified', callId: 'call_1', status: 'completed', qualified: true, payoutCents: 1250, currency: 'USD', durationS: 95,
    callerState: 'NY', clickIds: { gclid: 'G-1' }, tags: { clickid: 'a b&c=d', sub1: 'x/y?z', sub3: 'é' },
  };
  it('fills every macro, URL-encoded, and unknown or empty ones as empty', () => {
    expect(fillPostbackUrl('https://t.example/p?c={click_id}&s1={sub1}&s2={sub2}&s3={SUB3}&p={payout}&d={duration}&st={status}&e={event}', facts)).toBe(
      'https://t.example/p?c=a%20b%26c%3Dd&s1=x%2Fy%3Fz&s2=&s3=%C3%A9&p=12.50&d=95&st=qualified&e=call.qualified',
    );
    expect(fillPostbackUrl('https://t.example/{caller}', facts)).toBe('https://t.example/');
  });
  it('gives {payout} in the currency\'s own decimals: 2500 yen is 2500, not 25.00', () => {
    expect(fillPostbackUrl('{payout} {currency}', { ...facts, payoutCents: 2500, currency: 'JPY' })).toBe('2500 JPY');
  });
  it('takes the publisher click id first, then the ad platforms’ ones', () => {
    expect(fillPostbackUrl('{click_id}', { ...facts, tags: {} })).toBe('G-1');
    expect(fillPostbackUrl('{click_id}', { ...facts, tags: {}, clickIds: { msclkid: 'M' } })).toBe('M');
    expect(fillPostbackUrl('{click_id}', { ...facts, tags: {}, clickIds: {} })).toBe('');
  });
  it('names the macros it does not know, so a template with one is refused', () => {
    expect(unknownMacros('https://t.example/?a={call_id}&b={caller}&c={Phone}')).toEqual(['caller', 'phone']);
  });
});

describe('destination URLs', () => {
  it('https anywhere, http only on this machine, no credentials', () => {
    expect(destinationUrlProblem('https://crm.example/hook')).toBeNull();
    expect(destinationUrlProblem('http://localhost:3000/hook')).toBeNull();
    expect(destinationUrlProblem('http://127.0.0.1/hook')).toBeNull();
    expect(destinationUrlProblem('http://[::1]:8080/hook')).toBeNull();
    expect(destinationUrlProblem('http://crm.example/hook')).toMatch(/https/);
    expect(destinationUrlProblem('http://127.0.0.1.nip.io/hook')).toMatch(/https/);
    expect(destinationUrlProblem('https://u:p@crm.example/')).toMatch(/credentials/);
    expect(destinationUrlProblem('nope')).toBe('not a URL');
  });
});
