// Twilio requests as Twilio sends them: form-encoded and signed by Twilio's own helper
// library, so a passing test proves the collector verifies real signatures.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { ApiClient } from './http';

export const TWILIO_TOKEN = 'twilio_auth_token_0123456789abcdef';
export const TWILIO_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';

let sids = 0;
/** A fresh CallSid in Twilio's shape (CA + 32 hex digits). */
export const callSid = () => `CA${(++sids).toString(16).padStart(32, '0')}`;

/** The parameters of Twilio's incoming-call webhook for a call from `from` to `to`. */
export function voiceParams(p: { CallSid: string; From: string; To: string } & Record<string, string>): Record<string, string> {
  return {
    AccountSid: TWILIO_ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallStatus: 'ringing',
    Direction: 'inbound',
    Called: p.To,
    Caller: p.From,
    FromCity: 'SAN FRANCISCO',
    FromState: 'CA',
    FromZip: '94107',
    FromCountry: 'US',
    ToCountry: 'US',
    ...p,
  };
}

/** The parameters of the <Dial action> request when the forwarded leg ends. */
export function dialActionParams(p: { CallSid: string; From: string; To: string; DialCallStatus: string } & Record<string, string>) {
  return voiceParams({ CallStatus: 'in-progress', DialCallSid: `${p.CallSid}d`, ...p });
}

/** Where a Twilio request goes: a test app, a test server or any client with the public URL Twilio signs. */
export type TwilioTarget = { publicUrl: string; request: ApiClient['request'] };

/**
 * POSTs `params` to `path` signed with `token` over `url` (by default the URL Twilio
 * would call: the public URL + path). `signature: null` sends none.
 */
export async function twilioPost(
  t: TwilioTarget,
  path: string,
  params: Record<string, string>,
  opts: { token?: string; url?: string; signature?: string | null; headers?: Record<string, string> } = {},
) {
  const url = opts.url ?? `${t.publicUrl}${path}`;
  const signature = opts.signature === undefined ? getExpectedTwilioSignature(opts.token ?? TWILIO_TOKEN, url, params) : opts.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return t.request('POST', path, { body: new URLSearchParams(params).toString(), key: null, headers });
}
