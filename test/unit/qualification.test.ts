import { describe, expect, it } from 'vitest';
import { areaCodeOf, regionsOfAreaCode } from '../../collector/domain/area-codes';
import { callerNumber } from '../../collector/domain/caller-id';
import { callerRegions, conversionPayout, isFinal, judgeCall, regionAllowed, type CallFacts, type QualificationRules } from '../../collector/domain/qualification';

const rules: QualificationRules = {
  minDurationS: 60,
  dedupeDays: 30,
  businessHours: null,
  allowedRegions: null,
  blockedCallers: [],
  payoutCents: 2500,
  currency: 'USD',
  payoutOn: 'qualified',
  payoutPercentBp: null,
};
const call: CallFacts = {
  status: 'completed',
  durationS: 95,
  startedAt: Date.parse('2026-06-01T15:00:00Z'),
  caller: '+14155550199',
  callerState: 'CA',
  callerZip: '94107',
  conversionValueCents: null,
};

describe('judgeCall', () => {
  it('qualifies and pays the site payout, or the publisher’s when it has one (even 0)', () => {
    expect(judgeCall(rules, call, false, null)).toEqual({ qualified: true, reasons: [], duplicate: false, payoutCents: 2500, currency: 'USD', payoutTerms: null });
    expect(judgeCall(rules, call, false, 4000).payoutCents).toBe(4000);
    expect(judgeCall(rules, call, false, 0).payoutCents).toBe(0);
  });

  it('each rule on its own', () => {
    expect(judgeCall(rules, { ...call, durationS: 59 }, false, null).reasons).toEqual(['too_short']);
    expect(judgeCall(rules, { ...call, durationS: null }, false, null).reasons).toEqual(['too_short']);
    expect(judgeCall(rules, call, true, null)).toMatchObject({ reasons: ['duplicate'], duplicate: true, payoutCents: 0 });
    expect(judgeCall({ ...rules, businessHours: { timezone: 'UTC', tue: ['09:00', '17:00'] } }, call, false, null).reasons).toEqual(['outside_hours']);
    expect(judgeCall({ ...rules, allowedRegions: ['NY'] }, call, false, null).reasons).toEqual(['region']);
    expect(judgeCall({ ...rules, blockedCallers: [call.caller!] }, call, false, null).reasons).toEqual(['blocked']);
    expect(judgeCall(rules, { ...call, status: 'busy' }, false, null).reasons).toEqual(['not_answered']);
  });

  it('no duplicates with a 0-day window or a withheld caller', () => {
    expect(judgeCall({ ...rules, dedupeDays: 0 }, call, true, null).duplicate).toBe(false);
    expect(judgeCall(rules, { ...call, caller: null }, true, null).duplicate).toBe(false);
  });

  it('a minimum of 0 lets an unanswered call fail only for not answering', () => {
    expect(judgeCall({ ...rules, minDurationS: 0 }, { ...call, status: 'no-answer', durationS: 0 }, false, null).reasons).toEqual(['not_answered']);
  });
});

describe('regions', () => {
  it('uses the carrier’s state first, else the area code', () => {
    expect(callerRegions({ caller: '+12125550100', callerState: ' ca ' })).toEqual(['CA']);
    expect(callerRegions({ caller: '+12125550100', callerState: null })).toEqual(['NY']);
    expect(callerRegions({ caller: '+16045550100', callerState: null })).toEqual(['BC']);
    expect(callerRegions({ caller: '+19025550100', callerState: null })).toEqual(['NS', 'PE']);
    expect(callerRegions({ caller: '+442079460000', callerState: null })).toEqual([]);
    expect(callerRegions({ caller: null, callerState: null })).toEqual([]);
  });

  it('matches states, area codes and ZIP codes; an unknown place is not allowed', () => {
    const from = (caller: string | null, callerState: string | null = null, callerZip: string | null = null) => ({ caller, callerState, callerZip });
    expect(regionAllowed(null, from(null))).toBe(true);
    expect(regionAllowed(['NY'], from('+17185550100'))).toBe(true);
    expect(regionAllowed(['NY'], from('+17185550100', 'NJ'))).toBe(false);
    expect(regionAllowed(['718'], from('+17185550100', 'NJ'))).toBe(true);
    expect(regionAllowed(['94107'], from('+17185550100', 'CA', '94107-1234'))).toBe(true);
    expect(regionAllowed(['PE'], from('+19025550100'))).toBe(true);
    expect(regionAllowed(['NY'], from(null))).toBe(false);
    expect(regionAllowed(['NY'], from('+442079460000'))).toBe(false);
  });

  it('knows a sample of area codes across the continent', () => {
    const samples: [string, string][] = [['205', 'AL'], ['907', 'AK'], ['415', 'CA'], ['212', 'NY'], ['312', 'IL'], ['713', 'TX'], ['305', 'FL'], ['202', 'DC'], ['808', 'HI'], ['787', 'PR'], ['416', 'ON'], ['514', 'QC'], ['403', 'AB']];
    for (const [code, region] of samples) expect(regionsOfAreaCode(code)).toContain(region);
    expect(regionsOfAreaCode('800')).toEqual([]); // toll free: no place
    expect(areaCodeOf('+14155550100')).toBe('415');
    expect(areaCodeOf('+442079460000')).toBeNull();
  });
});

describe('pay on conversion', () => {
  const onSale: QualificationRules = { ...rules, payoutOn: 'conversion' };

  it('pays a qualified call nothing until a sale is posted, then the fixed payout (the publisher’s when set)', () => {
    expect(judgeCall(onSale, call, false, null)).toMatchObject({ qualified: true, payoutCents: 0, payoutTerms: { cents: 2500, percentBp: null } });
    expect(judgeCall(onSale, { ...call, conversionValueCents: 90_000 }, false, null).payoutCents).toBe(2500);
    expect(judgeCall(onSale, { ...call, conversionValueCents: 90_000 }, false, 4000)).toMatchObject({ payoutCents: 4000, payoutTerms: { cents: 4000 } });
  });

  it('pays a share of the sale, rounded to the cent', () => {
    const share = { ...onSale, payoutPercentBp: 1250 };
    expect(judgeCall(share, { ...call, conversionValueCents: 45_001 }, false, 4000)).toMatchObject({ payoutCents: 5625, payoutTerms: { cents: 4000, percentBp: 1250 } });
    expect(conversionPayout({ cents: 0, percentBp: 1250 }, 45_004)).toBe(5626);
    expect(conversionPayout({ cents: 0, percentBp: 10_000 }, 0)).toBe(0);
    expect(conversionPayout({ cents: 2500, percentBp: null }, 0)).toBe(2500);
  });

  it('pays an unqualified call nothing, sale or not, and keeps no terms', () => {
    expect(judgeCall(onSale, { ...call, durationS: 10, conversionValueCents: 90_000 }, false, null)).toMatchObject({ qualified: false, payoutCents: 0, payoutTerms: null });
  });
});

describe('caller ids and statuses', () => {
  it('reads withheld caller ids as no caller', () => {
    for (const withheld of ['anonymous', 'Restricted', '', undefined, null, '+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']) {
      expect(callerNumber(withheld)).toBeNull();
    }
    expect(callerNumber('(415) 555-0199')).toBe('+14155550199');
  });

  it('only over calls are final', () => {
    expect(['ringing', 'in-progress'].map((s) => isFinal(s as never))).toEqual([false, false]);
    expect(['completed', 'no-answer', 'busy', 'failed', 'canceled'].every((s) => isFinal(s as never))).toBe(true);
  });
});
