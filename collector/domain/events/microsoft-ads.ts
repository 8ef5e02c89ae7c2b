// Microsoft Advertising offline conversions (Campaign Management v13, REST):
// OfflineConversions/Apply by msclkid, and a later sale value restated with
// OfflineConversionAdjustments/Apply (AdjustmentType "Restate"), which finds the
// conversion by click id, goal name and conversion time: the call's start, every time.
// Microsoft ignores a second conversion with the same click and time, so a retry counts once.
import * as z from 'zod';
import { DAY_MS, digits, endpointUrl, errorMessage, httpVerdict, refreshTokenRequest, secret, type AdPlatform } from './ad-conversion';
import { majorAmount } from '../money';

const CLICK_WINDOW_MS = 90 * DAY_MS;
const SCOPE = 'https://ads.microsoft.com/msads.manage offline_access';

const settings = z.strictObject({
  customer_id: digits,
  account_id: digits,
  // The offline conversion goal's name, as made in Microsoft Advertising.
  conversion_name: z.string().trim().min(1).max(100),
  token_url: endpointUrl.default('https://login.microsoftonline.com/common/oauth2/v2.0/token'),
});
type Settings = z.output<typeof settings>;

const credentials = z.strictObject({ developer_token: secret, client_id: secret, client_secret: secret.optional(), refresh_token: secret });

/** ISO 8601 in UTC without milliseconds, as Microsoft's examples give ConversionTime. */
const msTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export const microsoftAds: AdPlatform = {
  defaultBaseUrl: 'https://campaign.api.bingads.microsoft.com',
  settings,
  credentials,
  tokenRequest: (s, c) => refreshTokenRequest((s as Settings).token_url, c as z.output<typeof credentials>, SCOPE),
  async plan({ baseUrl, settings: raw, credentials: c, facts, now }) {
    const s = raw as Settings;
    const msclkid = facts.click.msclkid;
    if (!msclkid) return { refused: 'no msclkid' };
    if (now - (facts.click.at ?? facts.startedAt) > CLICK_WINDOW_MS) return { refused: 'click older than 90 days' };
    const headers = (token: string | null) => ({
      'content-type': 'application/json',
      authorization: `Bearer ${token ?? ''}`,
      DeveloperToken: c.developer_token!,
      CustomerId: s.customer_id,
      CustomerAccountId: s.account_id,
    });
    const original = { ConversionName: s.conversion_name, ConversionTime: msTime(facts.startedAt), MicrosoftClickId: msclkid };
    if (facts.event === 'call.converted' && facts.sentBefore.length > 0 && facts.value) {
      const body = JSON.stringify({
        OfflineConversionAdjustments: [
          {
            AdjustmentType: 'Restate',
            AdjustmentValue: majorAmount(facts.value.cents, facts.value.currency),
            AdjustmentCurrencyCode: facts.value.currency,
            AdjustmentTime: msTime(Math.max(facts.value.at, facts.startedAt + 1000)),
            ...original,
          },
        ],
      });
      return { request: (token) => ({ method: 'POST', url: `${baseUrl}/CampaignManagement/v13/OfflineConversionAdjustments/Apply`, headers: headers(token), body }) };
    }
    const body = JSON.stringify({
      OfflineConversions: [{ ...original, ...(facts.value ? { ConversionValue: majorAmount(facts.value.cents, facts.value.currency), ConversionCurrencyCode: facts.value.currency } : {}) }],
    });
    return { request: (token) => ({ method: 'POST', url: `${baseUrl}/CampaignManagement/v13/OfflineConversions/Apply`, headers: headers(token), body }) };
  },
  verdict(status, body) {
    // A 200 lists what it could not apply in PartialErrors.
    const partial = status >= 200 && status < 300 ? errorMessage(body, (j) => j?.PartialErrors?.[0]?.Message) : null;
    if (partial) return { refused: partial };
    return httpVerdict(status, body, (j) => j?.OperationErrors?.[0]?.Message ?? j?.Errors?.[0]?.Message ?? j?.Message);
  },
};
