// TwiML answers for Twilio: the carrier-neutral decisions (domain/call-flow.ts) as
// Twilio's verbs. Every value that reaches the XML is escaped, so a caller id or a
// configured URL can never break out of its attribute.
import type { Decision } from './call-flow';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

const attributes = (attrs: Record<string, string | undefined>) =>
  Object.entries(attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');

const response = (body: string) => `${XML_HEAD}<Response>${body}</Response>`;

/** Ends the call: the answer to a status request already handled. */
export const hangUpTwiml = () => response('<Hangup/>');

/** Where the TwiML of a call sends Twilio next. */
export type TwimlUrls = {
  gather: (step: 'gate' | 'menu', attempt: number) => string;
  /** Requested when a dialled leg ends: a flow's leg by its attempt, a plain forward (null) as the call's outcome. */
  dial: (attempt: number | null) => string;
  /** Played to the person answering before the call connects. */
  whisper: string;
  /** Where a voicemail's recording is posted. */
  recording: string;
};

const VOICEMAIL_MAX_S = 120;

/**
 * Decisions as TwiML. A Gather posts its action even on silence (`actionOnEmptyResult`),
 * so the flow decides what no input means; each Dial has its own action, so every
 * attempt's outcome is told apart. `answerOnBridge` keeps the caller hearing real ringing
 * and leaves the call unanswered until the business picks up, so an unanswered forward is
 * not billed to the caller as a connected call. A target may be a number or a SIP URI.
 * A reject is refused unanswered: the caller hears the network's busy signal.
 */
export function decisionsTwiml(decisions: readonly Decision[], urls: TwimlUrls, callerId: string): string {
  const verbs = decisions.map((d) => {
    switch (d.kind) {
      case 'say':
        return `<Say>${escapeXml(d.text)}</Say>`;
      case 'gather':
        return `<Gather${attributes({ numDigits: '1', timeout: String(d.timeoutS), action: urls.gather(d.step, d.try), method: 'POST', actionOnEmptyResult: 'true' })}><Say>${escapeXml(d.prompt)}</Say></Gather>`;
      case 'dial': {
        const whisper = d.whisper ? { url: urls.whisper, method: 'POST' } : {};
        const noun = d.destination.startsWith('sip') ? 'Sip' : 'Number';
        const attrs = attributes({
          action: urls.dial(d.attempt),
          method: 'POST',
          callerId,
          answerOnBridge: 'true',
          timeout: d.timeoutS === null ? undefined : String(d.timeoutS),
          record: d.record ? 'record-from-answer-dual' : undefined,
        });
        return `<Dial${attrs}><${noun}${attributes(whisper)}>${escapeXml(d.destination)}</${noun}></Dial>`;
      }
      case 'voicemail':
        return `<Say>${escapeXml(d.prompt)}</Say><Record${attributes({ action: urls.recording, method: 'POST', maxLength: String(VOICEMAIL_MAX_S), playBeep: 'true' })}/>`;
      case 'reject':
        return '<Reject reason="busy"/>';
      case 'hangup':
        return '<Hangup/>';
    }
  });
  return response(verbs.join(''));
}

/** What the person answering hears before being connected (nothing for a flow without a whisper). */
export const whisperTwiml = (text: string | null) => response(text ? `<Say>${escapeXml(text)}</Say>` : '');
