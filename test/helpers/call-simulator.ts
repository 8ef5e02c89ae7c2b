// Drives a call through the real app the way Twilio would: the incoming-call webhook,
// then whatever the answered TwiML asks for (a Gather's action with the keys pressed,
// a Dial's action with the leg's outcome), each request signed like Twilio's.
import { callSid, twilioPost, voiceParams, type TwilioTarget } from './twilio';

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'");

export class SimulatedCall {
  readonly sid = callSid();
  /** The TwiML of the last answer. */
  twiml = '';
  private lastRequest: { path: string; params: Record<string, string> } | null = null;

  constructor(
    private readonly t: TwilioTarget,
    readonly from: string,
    readonly to: string,
    private readonly caller: Record<string, string> = {},
    /** The Twilio auth token requests are signed with (the test helpers' by default). */
    private readonly token?: string,
  ) {}

  private async post(path: string, params: Record<string, string>): Promise<string> {
    this.lastRequest = { path, params };
    const res = await twilioPost(this.t, path, params, { token: this.token });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
    this.twiml = res.text;
    return res.text;
  }

  private params(extra: Record<string, string> = {}) {
    return voiceParams({ CallSid: this.sid, From: this.from, To: this.to, ...this.caller, ...extra });
  }

  /** The action URL of the answer's verb `verb` as a path the app serves. */
  private action(verb: 'Gather' | 'Dial'): string {
    const m = new RegExp(`<${verb}[^>]* action="([^"]+)"`).exec(this.twiml);
    if (!m) throw new Error(`No <${verb} action> in ${this.twiml}`);
    const url = unescape(m[1]!);
    if (!url.startsWith(this.t.publicUrl)) throw new Error(`${url} is not on ${this.t.publicUrl}`);
    return url.slice(this.t.publicUrl.length);
  }

  voice() {
    return this.post('/v1/twilio/voice', this.params());
  }

  /** Keys pressed at the current Gather; null: silence until it timed out. */
  press(digits: string | null) {
    return this.post(this.action('Gather'), this.params({ CallStatus: 'in-progress', ...(digits === null ? {} : { Digits: digits }) }));
  }

  /** The current Dial's leg ended. */
  dialEnded(status: 'completed' | 'no-answer' | 'busy' | 'failed', durationS = 0) {
    return this.post(this.action('Dial'), this.params({ CallStatus: 'in-progress', DialCallStatus: status, DialCallDuration: String(durationS), DialCallSid: `${this.sid}d` }));
  }

  /** The caller's leg is over: Twilio's status callback. */
  hangUp(durationS: number) {
    return this.post('/v1/twilio/status', this.params({ CallStatus: 'completed', CallDuration: String(durationS) }));
  }

  /** Twilio retrying the last request, exactly as sent. */
  async retry(): Promise<string> {
    if (!this.lastRequest) throw new Error('nothing sent yet');
    const res = await twilioPost(this.t, this.lastRequest.path, this.lastRequest.params, { token: this.token });
    if (res.status !== 200) throw new Error(`retry ${this.lastRequest.path}: ${res.status} ${res.text}`);
    return res.text;
  }

  /** Where the answer's Dial rings, or null when it dials nothing. */
  dialled(): string | null {
    const m = /<Dial[^>]*><(?:Number|Sip)[^>]*>([^<]+)</.exec(this.twiml);
    return m ? unescape(m[1]!) : null;
  }

  gathers(): boolean {
    return this.twiml.includes('<Gather');
  }

  hungUp(): boolean {
    return this.twiml.includes('<Hangup/>');
  }
}
