// Google Ads API: offline click conversions (ConversionUploadService.UploadClickConversions)
// by gclid, gbraid or wbraid, enhanced conversions for leads (the SHA-256 of the caller's
// number in E.164), and a later sale value restated with
// ConversionAdjustmentUploadService.UploadConversionAdjustments (RESTATEMENT, by orderId).
// The call's id is the orderId, so a retried upload is one conversion, and the call's
// start is the conversion time. Google takes clicks up to 90 days old.
import * as z from 'zod';
import { sha256Hex } from '../../crypto';
import { DAY_MS, digits, endpointUrl, errorMessage, httpVerdict, refreshTokenRequest, secret, type AdPlatform, type ConversionFacts } from './ad-conversion';
import { majorAmount } from '../money';

const CLICK_WINDOW_MS = 90 * DAY_MS;

const settings = z.strictObject({
  customer_id: digits,
  // The conversion action's id, or its resource name customers/{id}/conversionActions/{id}.
  conversion_action: z
    .string()
    .trim()
    .regex(/^(\d+|customers\/\d+\/conversionActions\/\d+)$/, 'its id, or customers/{customer}/conversionActions/{id}'),
  login_customer_id: digits.nullish(),
  // consent.adUserData on every conversion; DENIED also keeps the hashed number out.
  ad_user_data_consent: z.enum(['GRANTED', 'DENIED', 'UNSPECIFIED']).default('UNSPECIFIED'),
  enhanced_conversions: z.boolean().default(false),
  token_url: endpointUrl.default('https://oauth2.googleapis.com/token'),
});
type Settings = z.output<typeof settings>;

const credentials = z.strictObject({ developer_token: secret, client_id: secret, client_secret: secret, refresh_token: secret });

/** "yyyy-mm-dd hh:mm:ss+00:00", the format Google Ads takes date-times in. */
export function googleDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}

/** Google's normalisation for a phone number: E.164, with its plus sign. */
export const googlePhoneHash = (e164: string) => sha256Hex(e164);

/** One click id: Google takes exactly one of gclid, gbraid, wbraid per conversion. */
function clickId(f: ConversionFacts) {
  const { gclid, gbraid, wbraid } = f.click;
  return gclid ? { gclid } : gbraid ? { gbraid } : wbraid ? { wbraid } : null;
}

export const googleAds: AdPlatform = {
  defaultBaseUrl: 'https://googleads.googleapis.com/v26',
  settings,
  credentials,
  tokenRequest: (s, c) => refreshTokenRequest((s as Settings).token_url, c as z.output<typeof credentials>),
  async plan({ baseUrl, settings: raw, credentials: creds, facts, now }) {
    const s = raw as Settings;
    const customer = s.customer_id;
    const action = s.conversion_action.includes('/') ? s.conversion_action : `customers/${customer}/conversionActions/${s.conversion_action}`;
    const headers = (token: string | null) => ({
      'content-type': 'application/json',
      authorization: `Bearer ${token ?? ''}`,
      'developer-token': creds.developer_token!,
      ...(s.login_customer_id ? { 'login-customer-id': s.login_customer_id } : {}),
    });

    // A sale after the conversion went up: restate its value (by orderId) instead of a second conversion.
    if (facts.event === 'call.converted' && facts.sentBefore.length > 0 && facts.value) {
      const body = {
        conversionAdjustments: [
          {
            conversionAction: action,
            adjustmentType: 'RESTATEMENT',
            orderId: facts.callId,
            // After the conversion itself, as Google requires.
            adjustmentDateTime: googleDateTime(Math.max(facts.value.at, facts.startedAt + 1000)),
            restatementValue: { adjustedValue: majorAmount(facts.value.cents, facts.value.currency), currencyCode: facts.value.currency },
          },
        ],
        partialFailure: true,
      };
      return { request: (token) => ({ method: 'POST', url: `${baseUrl}/customers/${customer}:uploadConversionAdjustments`, headers: headers(token), body: JSON.stringify(body) }) };
    }

    const click = clickId(facts);
    const hashPhone = s.enhanced_conversions && s.ad_user_data_consent !== 'DENIED' && facts.caller !== null;
    if (!click && !hashPhone) return { refused: 'no gclid/gbraid/wbraid' };
    if (click && now - (facts.click.at ?? facts.startedAt) > CLICK_WINDOW_MS) return { refused: 'click older than 90 days' };
    const conversion = {
      ...click,
      conversionAction: action,
      conversionDateTime: googleDateTime(facts.startedAt),
      ...(facts.value ? { conversionValue: majorAmount(facts.value.cents, facts.value.currency), currencyCode: facts.value.currency } : {}),
      orderId: facts.callId,
      consent: { adUserData: s.ad_user_data_consent },
      ...(hashPhone ? { userIdentifiers: [{ hashedPhoneNumber: await googlePhoneHash(facts.caller!) }] } : {}),
    };
    const body = JSON.stringify({ conversions: [conversion], partialFailure: true });
    return { request: (token) => ({ method: 'POST', url: `${baseUrl}/customers/${customer}:uploadClickConversions`, headers: headers(token), body }) };
  },
  verdict(status, body) {
    // With partialFailure a 200 can still carry the conversion's own error.
    const partial = status >= 200 && status < 300 ? errorMessage(body, (j) => j?.partialFailureError?.message) : null;
    if (partial) return { refused: partial };
    return httpVerdict(status, body, (j) => j?.error?.message);
  },
};
