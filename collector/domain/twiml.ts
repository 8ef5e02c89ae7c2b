// TwiML answers for Twilio. Every value that reaches the XML is escaped, so a caller
// id or a configured URL can never break out of its attribute.
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

export type DialOptions = {
  /** Where the business answers (E.164). */
  forwardTo: string;
  /** Twilio requests this URL with DialCallStatus and DialCallDuration when the forwarded leg ends. */
  action: string;
  /** The number the business sees calling: the caller's own, so the business can call back. */
  callerId: string;
  record: boolean;
};

/**
 * Forwards the call. `answerOnBridge` keeps the caller hearing real ringing and leaves
 * the call unanswered until the business picks up, so an unanswered forward is not
 * billed to the caller as a connected call.
 */
export function dialTwiml(o: DialOptions): string {
  const attrs = attributes({
    action: o.action,
    method: 'POST',
    callerId: o.callerId,
    answerOnBridge: 'true',
    record: o.record ? 'record-from-answer-dual' : undefined,
  });
  return response(`<Dial${attrs}><Number>${escapeXml(o.forwardTo)}</Number></Dial>`);
}

/** Refuses the call without answering it: the caller hears the network's busy signal. */
export const rejectTwiml = () => response('<Reject reason="busy"/>');

/** Answers, says `message` and hangs up: for a number no site uses. */
export const sayAndHangUpTwiml = (message: string) => response(`<Say>${escapeXml(message)}</Say><Hangup/>`);

/** Ends the call: the answer to the Dial action once the forwarded leg is over. */
export const hangUpTwiml = () => response('<Hangup/>');

/** Where the TwiML of a call flow sends Twilio next. */
export type FlowUrls = {
  gather: (step: 'gate' | 'menu', attempt: number) => string;
  dial: (attempt: number) => string;
  /** Played to the person answering before the call connects; null: no whisper. */
  whisper: string | null;
  /** Where a voicemail's recording is posted. */
  recording: string;
};

const VOICEMAIL_MAX_S = 120;

/**
 * A call flow's decisions as TwiML. A Gather posts its action even on silence
 * (`actionOnEmptyResult`), so the flow decides what no input means; each Dial has its own
 * action, so every attempt's outcome is told apart. A target may be a number or a SIP URI.
 */
export function flowTwiml(decisions: readonly Decision[], urls: FlowUrls, callerId: string): string {
  const verbs = decisions.map((d) => {
    switch (d.kind) {
      case 'say':
        return `<Say>${escapeXml(d.text)}</Say>`;
      case 'gather':
        return `<Gather${attributes({ numDigits: '1', timeout: String(d.timeoutS), action: urls.gather(d.step, d.try), method: 'POST', actionOnEmptyResult: 'true' })}><Say>${escapeXml(d.prompt)}</Say></Gather>`;
      case 'dial': {
        const whisper = d.whisper && urls.whisper ? { url: urls.whisper, method: 'POST' } : {};
        const noun = d.destination.startsWith('sip') ? 'Sip' : 'Number';
        const attrs = attributes({
          action: urls.dial(d.attempt),
          method: 'POST',
          callerId,
          answerOnBridge: 'true',
          timeout: String(d.timeoutS),
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
