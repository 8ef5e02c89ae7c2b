// GA4 Measurement Protocol: POST /mp/collect?measurement_id=…&api_secret=… with the
// visitor's client_id (from the `_ga` cookie) and one event: `generate_lead` for a
// qualified call, `purchase` for its sale, the call's id as transaction_id. GA4 takes
// events up to 72 hours old and has no way to restate a value.
import * as z from 'zod';
import { DAY_MS, httpVerdict, secret, type AdPlatform } from './ad-conversion';
import { majorAmount } from '../money';

const MAX_AGE_MS = 3 * DAY_MS;

const settings = z.strictObject({
  measurement_id: z.string().trim().regex(/^G-[A-Z0-9]+$/, 'G- and the stream id, such as G-ABC123'),
});
const credentials = z.strictObject({ api_secret: secret });

/** The client id in a `_ga` cookie ("GA1.1.1234567890.1700000000" → "1234567890.1700000000"); a bare id as it is. */
export function gaClientId(cookie: string): string {
  return /^GA\d+\.\d+\.(.+)$/.exec(cookie)?.[1] ?? cookie;
}

export const ga4: AdPlatform = {
  defaultBaseUrl: 'https://www.google-analytics.com',
  settings,
  credentials,
  async plan({ baseUrl, settings: s, credentials: c, facts, now }) {
    if (!facts.click.gaClientId) return { refused: 'no _ga client id' };
    const purchase = facts.event === 'call.converted';
    if (purchase && facts.sentBefore.includes('call.converted')) return { refused: 'GA4 cannot restate a value: the first one stands' };
    const at = purchase && facts.value ? facts.value.at : facts.startedAt;
    if (now - at > MAX_AGE_MS) return { refused: 'event older than 72 hours' };
    const body = JSON.stringify({
      client_id: gaClientId(facts.click.gaClientId),
      timestamp_micros: at * 1000,
      events: [
        {
          name: purchase ? 'purchase' : 'generate_lead',
          params: { transaction_id: facts.callId, ...(facts.value ? { value: majorAmount(facts.value.cents, facts.value.currency), currency: facts.value.currency } : {}) },
        },
      ],
    });
    const query = new URLSearchParams({ measurement_id: String(s.measurement_id), api_secret: c.api_secret! });
    return { request: () => ({ method: 'POST', url: `${baseUrl}/mp/collect?${query}`, headers: { 'content-type': 'application/json' }, body }) };
  },
  // GA4 answers 2xx to whatever it is sent; anything else is the usual reading.
  verdict: (status, body) => httpVerdict(status, body, () => null),
};
