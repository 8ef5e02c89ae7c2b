import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { releaseCall } from '../db/routing';
import { calls, type CallStatus } from '../db/schema';
import { callerNumber } from '../domain/caller-id';
import { toE164 } from '../domain/phone';
import { isFinal } from '../domain/qualification';
import { flowTwiml, hangUpTwiml, whisperTwiml } from '../domain/twiml';
import { formBody, parseWith } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { deliverAfter } from '../http/deliver-after';
import { ApiError } from '../http/errors';
import { httpUrl } from '../http/schemas';
import { signingAccount } from '../twilio/account';
import { alreadyHandled, rememberHandled } from '../twilio/idempotency';
import { shiftedParameterName } from '../twilio/parameter-names';
import { dialEndedCallFlow, gatherCallFlow, whisperOf } from '../services/call-flow-runner';
import { answerIncomingCall, completeCall, flowUrls, type Outcome } from '../twilio/webhooks';

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

/** Every parameter name either webhook reads: a name that extends or is cut from one of these is refused. */
const READ_NAMES: ReadonlySet<string> = new Set([...Object.keys(voiceParams.shape), ...Object.keys(statusParams.shape), ...Object.keys(gatherParams.shape)]);

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

// A call's events go out as soon as Twilio has its answer.
twilioRoutes.use(deliverAfter);

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
  // The caller's leg is over: any flow leg still counted as live ends with it.
  if (p.CallStatus && isFinal(p.CallStatus)) {
    const [call] = await db.select({ id: calls.id }).from(calls).where(and(eq(calls.accountId, accountId), eq(calls.provider, 'twilio'), eq(calls.providerId, p.CallSid))).limit(1);
    if (call) await releaseCall(db, call.id, now());
  }
  // Remembered only once applied: a request that failed half-way is applied again on Twilio's retry.
  if (token) await rememberHandled(db, accountId, token, now());
  return twiml(c, xml);
});

/** The stored call a flow request is about; 404 for a call this account never stored. */
async function flowCall(c: AppContext, accountId: string, callSid: string) {
  const [call] = await c
    .get('deps')
    .db.select()
    .from(calls)
    .where(and(eq(calls.accountId, accountId), eq(calls.provider, 'twilio'), eq(calls.providerId, callSid)))
    .limit(1);
  if (!call) throw new ApiError('not_found', `No call ${callSid}`);
  return call;
}

const renderFlow = (c: AppContext, call: typeof calls.$inferSelect, decisions: Parameters<typeof flowTwiml>[0], whisper: boolean) =>
  twiml(c, flowTwiml(decisions, flowUrls(c.get('deps').config.publicUrl, call.id, whisper), call.caller ?? call.trackingNumber));

// A call flow's Gather action: the keys pressed at the gate or the menu (none: silence).
twilioRoutes.post('/gather', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, params } = await verifiedForm(c);
  const q = parseWith(gatherQuery, c.req.query());
  const p = parseWith(gatherParams, params);
  const call = await flowCall(c, accountId, p.CallSid);
  const decisions = await gatherCallFlow(db, call, q.step, q.try, p.Digits ?? null, now());
  return renderFlow(c, call, decisions, (await whisperOf(db, call)) !== null);
});

// A call flow's Dial action, one URL per attempt: the leg's outcome, then failover or the end.
twilioRoutes.post('/dial', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, params } = await verifiedForm(c);
  const q = parseWith(dialQuery, c.req.query());
  const p = parseWith(dialParams, params);
  const call = await flowCall(c, accountId, p.CallSid);
  const decisions = await dialEndedCallFlow(db, call, q.attempt, p.DialCallStatus, p.DialCallDuration ?? 0, now());
  return renderFlow(c, call, decisions, (await whisperOf(db, call)) !== null);
});

// Played to the person answering a flow's Dial before the caller is connected.
twilioRoutes.post('/whisper', async (c) => {
  const { db } = c.get('deps');
  const { accountId } = await verifiedForm(c);
  const q = parseWith(whisperQuery, c.req.query());
  const [call] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.accountId, accountId), eq(calls.id, q.call)))
    .limit(1);
  if (!call) throw new ApiError('not_found', 'No such call');
  return twiml(c, whisperTwiml(await whisperOf(db, call)));
});
