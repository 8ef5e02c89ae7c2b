import { Hono } from 'hono';
import * as z from 'zod';
import type { CallStatus } from '../db/schema';
import { callerNumber } from '../domain/caller-id';
import { toE164 } from '../domain/phone';
import { isFinal } from '../domain/qualification';
import { hangUpTwiml } from '../domain/twiml';
import { formBody, parseWith } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { signingAccount } from '../twilio/account';
import { alreadyHandled, rememberHandled } from '../twilio/idempotency';
import { shiftedParameterName } from '../twilio/parameter-names';
import { answerIncomingCall, completeCall, type Outcome } from '../twilio/webhooks';

// Twilio's call statuses and how they map onto ours: queued/initiated calls are ringing.
const twilioCallStatus = z
  .enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'])
  .transform((s): CallStatus => (s === 'queued' || s === 'initiated' ? 'ringing' : s));
// The forwarded leg; "answered" means the business picked up, as "completed" does.
const dialCallStatus = z
  .enum(['completed', 'answered', 'busy', 'failed', 'no-answer', 'canceled'])
  .transform((s): CallStatus => (s === 'answered' ? 'completed' : s));
const seconds = z.string().regex(/^\d{1,6}$/, 'whole seconds').transform(Number);
const text = z.string().max(128).optional();

const callerParams = {
  CallSid: z.string().min(1).max(64),
  AccountSid: text,
  From: text,
  FromCity: text,
  FromState: text,
  FromZip: text,
  FromCountry: text,
};

const voiceParams = z.object({ ...callerParams, To: z.string().min(1).max(64), CallStatus: twilioCallStatus.default('ringing') });

const statusParams = z.object({
  ...callerParams,
  To: text,
  CallStatus: twilioCallStatus.optional(),
  CallDuration: seconds.optional(),
  DialCallStatus: dialCallStatus.optional(),
  DialCallDuration: seconds.optional(),
  RecordingUrl: z.url().max(2048).optional(),
});

/** Every parameter name either webhook reads: a name that extends or is cut from one of these is refused. */
const READ_NAMES: ReadonlySet<string> = new Set([...Object.keys(voiceParams.shape), ...Object.keys(statusParams.shape)]);

/**
 * Reads the form, finds the account whose auth token signed it (403 when none did, and
 * nothing is stored), then checks the parameters. The signed URL is DNI_PUBLIC_URL with
 * this request's path and query, exactly the URL pasted into Twilio.
 */
async function verifiedForm(c: AppContext) {
  const { db, config } = c.get('deps');
  const form = await formBody(c);
  const raw = c.req.url;
  const query = raw.includes('?') ? raw.slice(raw.indexOf('?')) : '';
  const accountId = await signingAccount(db, config, form, {
    url: `${config.publicUrl}${c.req.path}${query}`,
    signature: c.req.header('x-twilio-signature'),
    params: [...form.entries()],
  });
  if (!accountId) throw new ApiError('forbidden', 'X-Twilio-Signature does not match this URL and the account’s Twilio auth token');
  const shifted = shiftedParameterName(form.keys(), READ_NAMES);
  if (shifted) {
    throw new ApiError('invalid_request', `Parameter ${shifted.name} runs into ${shifted.of}: Twilio sends no such name, and its signature cannot tell where one ends`);
  }
  return { accountId, params: Object.fromEntries(form.entries()) };
}

const twiml = (c: AppContext, xml: string) => c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8' });

const callerFacts = (accountId: string, p: z.infer<typeof voiceParams> | z.infer<typeof statusParams>) => ({
  accountId,
  callSid: p.CallSid,
  caller: callerNumber(p.From),
  callerCity: p.FromCity || undefined,
  callerState: p.FromState || undefined,
  callerZip: p.FromZip || undefined,
  callerCountry: p.FromCountry || undefined,
});

/** What a status request says about the call's end: the forwarded leg wins over the caller's. */
function outcomeOf(p: z.infer<typeof statusParams>): Outcome | null {
  if (p.DialCallStatus) return { status: p.DialCallStatus, durationS: p.DialCallDuration ?? 0, forwardSettled: true };
  if (p.CallStatus) return { status: p.CallStatus, durationS: p.CallDuration ?? (isFinal(p.CallStatus) ? 0 : null), forwardSettled: false };
  return null;
}

export const twilioRoutes = new Hono<AppEnv>();

twilioRoutes.post('/voice', async (c) => {
  const { db, config, now } = c.get('deps');
  const { accountId, params } = await verifiedForm(c);
  const p = parseWith(voiceParams, params);
  const to = toE164(p.To);
  if (!to) throw new ApiError('invalid_request', 'To: not a phone number');
  const xml = await answerIncomingCall(db, { facts: { ...callerFacts(accountId, p), to }, status: p.CallStatus, publicUrl: config.publicUrl, now: now() });
  return twiml(c, xml);
});

// Twilio names each webhook request it sends (retries keep the name): a status request
// already handled is answered again without being applied twice. The voice webhook
// needs no such memory: answering it twice stores nothing new and must forward again.
const IDEMPOTENCY_HEADER = 'i-twilio-idempotency-token';

twilioRoutes.post('/status', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, params } = await verifiedForm(c);
  const p = parseWith(statusParams, params);
  const to = p.To ? toE164(p.To) : null;
  const outcome = outcomeOf(p);
  if (!outcome && !p.RecordingUrl) throw new ApiError('invalid_request', 'Send CallStatus, DialCallStatus or RecordingUrl');
  const token = c.req.header(IDEMPOTENCY_HEADER);
  if (token && (await alreadyHandled(db, accountId, token))) return twiml(c, hangUpTwiml());
  const xml = await completeCall(db, { facts: { ...callerFacts(accountId, p), to }, outcome, recordingUrl: p.RecordingUrl, now: now() });
  // Remembered only once applied: a request that failed half-way is applied again on Twilio's retry.
  if (token) await rememberHandled(db, accountId, token, now());
  return twiml(c, xml);
});
