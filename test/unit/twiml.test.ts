import { describe, expect, it } from 'vitest';
import type { Decision } from '../../collector/domain/call-flow';
import { decisionsTwiml, escapeXml, hangUpTwiml, type TwimlUrls } from '../../collector/domain/twiml';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

const urls = (action: string): TwimlUrls => ({
  gather: (step, attempt) => `https://dni.example/g?step=${step}&try=${attempt}`,
  dial: (attempt) => (attempt === null ? action : `https://dni.example/d?attempt=${attempt}`),
  whisper: 'https://dni.example/w',
  recording: 'https://dni.example/r',
});

/** A plain forward, as the lifecycle decides it for a pool without a flow. */
const forward = (destination: string, record: boolean): Decision => ({ kind: 'dial', destination, timeoutS: null, whisper: null, record, attempt: null });

describe('TwiML', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('dials the forward number with the action, caller id and recording', () => {
    expect(decisionsTwiml([forward('+18005550100', true)], urls('https://dni.example/v1/twilio/status'), '+14155550199')).toBe(
      `${HEAD}<Response><Dial action="https://dni.example/v1/twilio/status" method="POST" callerId="+14155550199" answerOnBridge="true" record="record-from-answer-dual"><Number>+18005550100</Number></Dial></Response>`,
    );
    expect(decisionsTwiml([forward('+18005550100', false)], urls('https://dni.example/s'), '+1')).not.toContain('record=');
  });

  it('cannot be broken out of by a value', () => {
    const xml = decisionsTwiml([forward('</Number><Hangup/>', false)], urls('https://x.example/?a=1&b="2"'), '"><Reject/>');
    expect(xml).not.toContain('<Reject/>');
    expect(xml).not.toContain('<Hangup/>');
    expect(xml).toContain('action="https://x.example/?a=1&amp;b=&quot;2&quot;"');
    expect(decisionsTwiml([{ kind: 'say', text: 'Tom & <Jerry>' }, { kind: 'hangup' }], urls(''), '+1')).toBe(
      `${HEAD}<Response><Say>Tom &amp; &lt;Jerry&gt;</Say><Hangup/></Response>`,
    );
  });

  it('rejects and hangs up', () => {
    expect(decisionsTwiml([{ kind: 'reject' }], urls(''), '+1')).toBe(`${HEAD}<Response><Reject reason="busy"/></Response>`);
    expect(hangUpTwiml()).toBe(`${HEAD}<Response><Hangup/></Response>`);
    expect(decisionsTwiml([{ kind: 'hangup' }], urls(''), '+1')).toBe(hangUpTwiml());
  });
});
