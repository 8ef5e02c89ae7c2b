// Twilio's form parameters parsed into the carrier-neutral facts of a call's life
// (domain/call-lifecycle.ts). Anything malformed is a 400 before anything is stored.
import * as z from 'zod';
import type { CallStatus } from '../db/schema';
import type { CallerFacts, CallUpdate, DialOutcome, GatherAnswer, IncomingCall } from '../domain/call-lifecycle';
import { callerNumber } from '../domain/caller-id';
import { toE164 } from '../domain/phone';
import { parseWith } from '../http/body';
import { ApiError } from '../http/errors';
import { httpUrl } from '../http/schemas';

/** The provider name Twilio's calls are stored under. */
export const TWILIO = 'twilio';

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
  RecordingUrl: httpUrl(2048).optional(),
});

const gatherParams = z.object({ CallSid: callerParams.CallSid, Digits: z.string().max(32).optional() });
const gatherQuery = z.object({ step: z.enum(['gate', 'menu']), try: z.string().regex(/^\d{1,2}$/).transform(Number) });
const dialParams = z.object({ CallSid: callerParams.CallSid, DialCallStatus: dialCallStatus, DialCallDuration: seconds.optional() });
const dialQuery = z.object({ attempt: z.string().regex(/^\d{1,3}$/).transform(Number) });
const whisperQuery = z.object({ call: z.string().min(1).max(64) });

/** Every parameter name the webhooks read: a name that extends or is cut from one of these is refused. */
export const READ_NAMES: ReadonlySet<string> = new Set([...Object.keys(voiceParams.shape), ...Object.keys(statusParams.shape), ...Object.keys(gatherParams.shape)]);

type Params = Record<string, string>;

const callerOf = (p: z.infer<typeof voiceParams> | z.infer<typeof statusParams>): CallerFacts => ({
  from: callerNumber(p.From),
  city: p.FromCity || undefined,
  state: p.FromState || undefined,
  zip: p.FromZip || undefined,
  country: p.FromCountry || undefined,
});

/** The incoming-call webhook. */
export function incomingCallOf(params: Params): IncomingCall {
  const p = parseWith(voiceParams, params);
  const to = toE164(p.To);
  if (!to) throw new ApiError('invalid_request', 'To: not a phone number');
  return { provider: TWILIO, providerId: p.CallSid, to, caller: callerOf(p), status: p.CallStatus };
}

/** The status callback, a plain forward's Dial action, or a recording callback. */
export function callUpdateOf(params: Params): CallUpdate {
  const p = parseWith(statusParams, params);
  if (!p.DialCallStatus && !p.CallStatus && !p.RecordingUrl) throw new ApiError('invalid_request', 'Send CallStatus, DialCallStatus or RecordingUrl');
  return {
    provider: TWILIO,
    providerId: p.CallSid,
    to: p.To ? toE164(p.To) : null,
    caller: callerOf(p),
    ...(p.DialCallStatus ? { forwardedLeg: { status: p.DialCallStatus, durationS: p.DialCallDuration ?? null } } : {}),
    ...(p.CallStatus ? { callerLeg: { status: p.CallStatus, durationS: p.CallDuration ?? null } } : {}),
    ...(p.RecordingUrl ? { recordingUrl: p.RecordingUrl } : {}),
  };
}

/** A flow's Gather action: the keys pressed (none: silence) at the step and try its URL names. */
export function gatherAnswerOf(params: Params, query: Params): GatherAnswer {
  const q = parseWith(gatherQuery, query);
  const p = parseWith(gatherParams, params);
  return { provider: TWILIO, providerId: p.CallSid, step: q.step, attempt: q.try, digits: p.Digits ?? null };
}

/** A flow's Dial action: the leg its URL names ended. */
export function dialOutcomeOf(params: Params, query: Params): DialOutcome {
  const q = parseWith(dialQuery, query);
  const p = parseWith(dialParams, params);
  return { provider: TWILIO, providerId: p.CallSid, attempt: q.attempt, status: p.DialCallStatus, durationS: p.DialCallDuration ?? 0 };
}

/** The whisper URL names the call by our id. */
export const whisperCallOf = (query: Params): string => parseWith(whisperQuery, query).call;
