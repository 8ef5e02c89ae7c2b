// Twilio's webhooks: each request is verified and parsed into carrier-neutral facts
// (collector/twilio/), run through the call's lifecycle (services/call-lifecycle/), and
// the decisions that come back are answered as TwiML.
import { Hono } from 'hono';
import type { CallAnswer } from '../domain/call-lifecycle';
import { hangUpTwiml, whisperTwiml } from '../domain/twiml';
import { formBody } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { deliverAfter } from '../http/deliver-after';
import { updateCall } from '../services/call-lifecycle/call-update';
import { dialOutcome } from '../services/call-lifecycle/dial-outcome';
import { gatherAnswer } from '../services/call-lifecycle/gather-answer';
import { incomingCall } from '../services/call-lifecycle/incoming-call';
import { callWhisper } from '../services/call-lifecycle/whisper';
import { alreadyHandled, rememberHandled } from '../twilio/idempotency';
import { callUpdateOf, dialOutcomeOf, gatherAnswerOf, incomingCallOf, whisperCallOf } from '../twilio/params';
import { twimlAnswer } from '../twilio/twiml-answer';
import { verifiedRequest } from '../twilio/verified-request';

async function verified(c: AppContext) {
  const { db, config } = c.get('deps');
  const raw = c.req.url;
  const query = raw.includes('?') ? raw.slice(raw.indexOf('?')) : '';
  return verifiedRequest(db, config, { form: await formBody(c), pathAndQuery: `${c.req.path}${query}`, signature: c.req.header('x-twilio-signature') });
}

const twiml = (c: AppContext, xml: string) => c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8' });
const answer = (c: AppContext, a: CallAnswer) => twiml(c, twimlAnswer(c.get('deps').config.publicUrl, a));

export const twilioRoutes = new Hono<AppEnv>();

// A call's events go out as soon as Twilio has its answer.
twilioRoutes.use(deliverAfter);

twilioRoutes.post('/voice', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, params } = await verified(c);
  return answer(c, await incomingCall(db, accountId, incomingCallOf(params), now()));
});

// Twilio names each webhook request it sends (retries keep the name): a status request
// already handled is answered again without being applied twice. The voice webhook
// needs no such memory: answering it twice stores nothing new and must forward again.
const IDEMPOTENCY_HEADER = 'i-twilio-idempotency-token';

twilioRoutes.post('/status', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, params } = await verified(c);
  const update = callUpdateOf(params);
  const token = c.req.header(IDEMPOTENCY_HEADER);
  if (token && (await alreadyHandled(db, accountId, token))) return twiml(c, hangUpTwiml());
  const answered = await updateCall(db, accountId, update, now());
  // Remembered only once applied: a request that failed half-way is applied again on Twilio's retry.
  if (token) await rememberHandled(db, accountId, token, now());
  return answer(c, answered);
});

// A call flow's Gather action: the keys pressed at the gate or the menu (none: silence).
twilioRoutes.post('/gather', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, params } = await verified(c);
  return answer(c, await gatherAnswer(db, accountId, gatherAnswerOf(params, c.req.query()), now()));
});

// A call flow's Dial action, one URL per attempt: the leg's outcome, then failover or the end.
twilioRoutes.post('/dial', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, params } = await verified(c);
  return answer(c, await dialOutcome(db, accountId, dialOutcomeOf(params, c.req.query()), now()));
});

// Played to the person answering a flow's Dial before the caller is connected.
twilioRoutes.post('/whisper', async (c) => {
  const { db } = c.get('deps');
  const { accountId } = await verified(c);
  return twiml(c, whisperTwiml(await callWhisper(db, accountId, whisperCallOf(c.req.query()))));
});
