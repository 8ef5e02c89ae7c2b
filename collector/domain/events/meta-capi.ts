// Meta Conversions API: POST /{version}/{pixel_id}/events, one server event per
// conversion with action_source "phone_call": `Lead` for a qualified call, `Purchase`
// for its sale. event_id is the call and event ("call_…:call.qualified"), so Meta
// dedupes a retry. user_data carries the SHA-256 of the caller's number as Meta
// normalises it (digits with the country code, no plus), fbc (the `_fbc` cookie, else
// made from the fbclid) and fbp. Meta takes events up to 7 days old and cannot restate.
import * as z from 'zod';
import { sha256Hex } from '../../crypto';
import { DAY_MS, digits, httpVerdict, secret, type AdPlatform } from './ad-conversion';
import { majorAmount } from '../money';

const MAX_AGE_MS = 7 * DAY_MS;

const settings = z.strictObject({
  pixel_id: digits,
  // Events show in Events Manager's "Test events" tab instead of counting.
  test_event_code: z.string().trim().min(1).max(64).nullish(),
});
const credentials = z.strictObject({ access_token: secret });

/** Meta's normalisation of a phone number: digits only, country code first, no plus. */
export const metaPhoneHash = (e164: string) => sha256Hex(e164.replace(/\D/g, ''));

/** The `_fbc` value Meta's pixel would have set for a click: fb.1.{click time in ms}.{fbclid}. */
export const fbcFromClick = (fbclid: string, clickAt: number) => `fb.1.${clickAt}.${fbclid}`;

export const metaCapi: AdPlatform = {
  defaultBaseUrl: 'https://graph.facebook.com/v23.0',
  settings,
  credentials,
  async plan({ baseUrl, settings: s, credentials: c, facts, now }) {
    const purchase = facts.event === 'call.converted';
    if (purchase && facts.sentBefore.includes('call.converted')) return { refused: 'Meta cannot restate a value: the first one stands' };
    const { fbclid, fbp } = facts.click;
    const fbc = facts.click.fbc ?? (fbclid ? fbcFromClick(fbclid, facts.click.at ?? facts.startedAt) : null);
    if (!facts.caller && !fbc && !fbp) return { refused: 'no caller number, fbclid, fbc or fbp' };
    const at = purchase && facts.value ? facts.value.at : facts.startedAt;
    if (now - at > MAX_AGE_MS) return { refused: 'event older than 7 days' };
    const event = {
      event_name: purchase ? 'Purchase' : 'Lead',
      event_time: Math.floor(at / 1000),
      event_id: `${facts.callId}:${facts.event}`,
      action_source: 'phone_call',
      user_data: {
        ...(facts.caller ? { ph: [await metaPhoneHash(facts.caller)] } : {}),
        ...(fbc ? { fbc } : {}),
        ...(fbp ? { fbp } : {}),
      },
      ...(facts.value ? { custom_data: { value: majorAmount(facts.value.cents, facts.value.currency), currency: facts.value.currency } } : {}),
    };
    const body = JSON.stringify({ data: [event], ...(s.test_event_code ? { test_event_code: s.test_event_code } : {}), access_token: c.access_token });
    return { request: () => ({ method: 'POST', url: `${baseUrl}/${s.pixel_id}/events`, headers: { 'content-type': 'application/json' }, body }) };
  },
  verdict: (status, body) => httpVerdict(status, body, (j) => j?.error?.message),
};
