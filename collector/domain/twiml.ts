// TwiML answers for Twilio. Every value that reaches the XML is escaped, so a caller
// id or a configured URL can never break out of its attribute.

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
