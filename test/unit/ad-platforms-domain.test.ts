// The ad platforms' request builders on their own: the edges the end-to-end tests do not
// reach (consent, a number without a click, the 90-day boundary, cookie formats).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConversionFacts } from '../../collector/domain/events/ad-conversion';
import { adPlatforms } from '../../collector/domain/events/ad-platforms';
import { gaClientId } from '../../collector/domain/events/ga4';
import { googleDateTime } from '../../collector/domain/events/google-ads';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T15:00:00Z');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const facts = (over: Partial<ConversionFacts> = {}, click: Partial<ConversionFacts['click']> = {}): ConversionFacts => ({
  event: 'call.qualified',
  callId: 'call_1',
  caller: '+442071838750',
  startedAt: NOW,
  value: null,
  sentBefore: [],
  ...over,
  click: { gclid: null, gbraid: null, wbraid: null, msclkid: null, fbclid: null, at: NOW - DAY, gaClientId: null, fbp: null, fbc: null, ...click },
});

const google = (settings: Record<string, unknown>, f: ConversionFacts, now = NOW) =>
  adPlatforms.google_ads.plan({
    baseUrl: 'https://ads.test',
    settings: adPlatforms.google_ads.settings.parse({ customer_id: '1', conversion_action: '2', ...settings }),
    credentials: { developer_token: 'd', client_id: 'c', client_secret: 's', refresh_token: 'r' },
    facts: f,
    now,
  });
const body = (plan: Awaited<ReturnType<typeof google>>) => {
  if ('refused' in plan) throw new Error(plan.refused);
  return JSON.parse(plan.request('token').body);
};

describe('Google Ads', () => {
  it('uploads on the hashed number alone when there is no click id but enhanced conversions are on', async () => {
    const b = body(await google({ enhanced_conversions: true, ad_user_data_consent: 'GRANTED' }, facts()));
    expect(b.conversions[0]).not.toHaveProperty('gclid');
    expect(b.conversions[0].userIdentifiers).toEqual([{ hashedPhoneNumber: sha256('+442071838750') }]);
  });

  it('keeps the number out when consent is denied, and then refuses a call without a click id', async () => {
    const withClick = body(await google({ enhanced_conversions: true, ad_user_data_consent: 'DENIED' }, facts({}, { gclid: 'G' })));
    expect(withClick.conversions[0]).not.toHaveProperty('userIdentifiers');
    expect(withClick.conversions[0].consent).toEqual({ adUserData: 'DENIED' });
    expect(await google({ enhanced_conversions: true, ad_user_data_consent: 'DENIED' }, facts())).toEqual({ refused: 'no gclid/gbraid/wbraid' });
  });

  it('sends a value in the currency\'s own decimals: 2500 yen is 2500, 12345 cents 123.45', async () => {
    const yen = body(await google({}, facts({ event: 'call.converted', value: { cents: 2500, currency: 'JPY', at: NOW } }, { gclid: 'G' })));
    expect(yen.conversions[0]).toMatchObject({ conversionValue: 2500, currencyCode: 'JPY' });
    const usd = body(await google({}, facts({ event: 'call.converted', value: { cents: 12345, currency: 'USD', at: NOW } }, { gclid: 'G' })));
    expect(usd.conversions[0]).toMatchObject({ conversionValue: 123.45, currencyCode: 'USD' });
  });

  it('takes a click exactly 90 days old, and refuses one a second older', async () => {
    const at = NOW - 90 * DAY;
    expect('request' in (await google({}, facts({}, { gclid: 'G', at })))).toBe(true);
    expect(await google({}, facts({}, { gclid: 'G', at: at - 1000 }))).toEqual({ refused: 'click older than 90 days' });
  });

  it('reads a partial failure in a 200 as a refusal, and a 401 or 503 as worth retrying', () => {
    const v = adPlatforms.google_ads.verdict;
    expect(v(200, '{"partialFailureError":{"message":"Duplicate order id"}}')).toEqual({ refused: 'Duplicate order id' });
    expect(v(200, '{"results":[{"gclid":"G"}]}')).toBe('sent');
    expect(v(400, '{"error":{"message":"Request contains an invalid argument."}}')).toEqual({ refused: '400 Request contains an invalid argument.' });
    expect(v(401, '')).toBe('retry');
    expect(v(503, '')).toBe('retry');
  });

  it('writes date-times as Google takes them', () => {
    expect(googleDateTime(Date.parse('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02 03:04:05+00:00');
  });
});

describe('GA4, Meta, Microsoft', () => {
  it('reads the client id out of a _ga cookie, and takes a bare one as it is', () => {
    expect(gaClientId('GA1.1.1234567890.1780300000')).toBe('1234567890.1780300000');
    expect(gaClientId('GA1.2.55.66')).toBe('55.66');
    expect(gaClientId('1234567890.1780300000')).toBe('1234567890.1780300000');
  });

  it('Meta: hashes the number as digits with the country code, and refuses a sale more than 7 days old', async () => {
    const plan = (f: ConversionFacts) =>
      adPlatforms.meta_capi.plan({ baseUrl: 'https://graph.test', settings: { pixel_id: '1' }, credentials: { access_token: 't' }, facts: f, now: NOW });
    const made = await plan(facts());
    if ('refused' in made) throw new Error(made.refused);
    expect(JSON.parse(made.request(null).body).data[0].user_data).toEqual({ ph: [sha256('442071838750')] });
    const sale = facts({ event: 'call.converted', value: { cents: 100, currency: 'GBP', at: NOW - 8 * DAY } });
    expect(await plan(sale)).toEqual({ refused: 'event older than 7 days' });
    expect(await plan(facts({ caller: null }))).toEqual({ refused: 'no caller number, fbclid, fbc or fbp' });
  });

  it('Microsoft: a 200 listing PartialErrors is a refusal with their message', () => {
    expect(adPlatforms.microsoft_ads.verdict(200, '{"PartialErrors":[{"Message":"The MicrosoftClickId is invalid."}]}')).toEqual({ refused: 'The MicrosoftClickId is invalid.' });
    expect(adPlatforms.microsoft_ads.verdict(200, '{"PartialErrors":[]}')).toBe('sent');
  });
});
