// A carrier-neutral answer rendered as TwiML, with the webhook URLs it sends Twilio to next.
import type { CallAnswer } from '../domain/call-lifecycle';
import { decisionsTwiml, type TwimlUrls } from '../domain/twiml';

/** One URL per gather try and per Dial attempt, so every request names its step. */
const twilioUrls = (publicUrl: string, callId: string): TwimlUrls => ({
  gather: (step, attempt) => `${publicUrl}/v1/twilio/gather?step=${step}&try=${attempt}`,
  // A plain forward's leg ends the call: its Dial action is the status webhook.
  dial: (attempt) => (attempt === null ? `${publicUrl}/v1/twilio/status` : `${publicUrl}/v1/twilio/dial?attempt=${attempt}`),
  whisper: `${publicUrl}/v1/twilio/whisper?call=${callId}`,
  recording: `${publicUrl}/v1/twilio/status`,
});

export const twimlAnswer = (publicUrl: string, answer: CallAnswer) => decisionsTwiml(answer.decisions, twilioUrls(publicUrl, answer.callId), answer.callerId);
