import { describe, expect, it } from 'vitest';
import { dialTwiml, escapeXml, hangUpTwiml, rejectTwiml, sayAndHangUpTwiml } from '../../collector/domain/twiml';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

describe('TwiML', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('dials the forward number with the action, caller id and recording', () => {
    expect(dialTwiml({ forwardTo: '+18005550100', action: 'https://dni.example/v1/twilio/status', callerId: '+14155550199', record: true })).toBe(
      `${HEAD}<Response><Dial action="https://dni.example/v1/twilio/status" method="POST" callerId="+14155550199" answerOnBridge="true" record="record-from-answer-dual"><Number>+18005550100</Number></Dial></Response>`,
    );
    expect(dialTwiml({ forwardTo: '+18005550100', action: 'https://dni.example/s', callerId: '+1', record: false })).not.toContain('record=');
  });

  it('cannot be broken out of by a value', () => {
    const xml = dialTwiml({ forwardTo: '</Number><Hangup/>', action: 'https://x.example/?a=1&b="2"', callerId: '"><Reject/>', record: false });
    expect(xml).not.toContain('<Reject/>');
    expect(xml).not.toContain('<Hangup/>');
    expect(xml).toContain('action="https://x.example/?a=1&amp;b=&quot;2&quot;"');
    expect(sayAndHangUpTwiml('Tom & <Jerry>')).toBe(`${HEAD}<Response><Say>Tom &amp; &lt;Jerry&gt;</Say><Hangup/></Response>`);
  });

  it('rejects and hangs up', () => {
    expect(rejectTwiml()).toBe(`${HEAD}<Response><Reject reason="busy"/></Response>`);
    expect(hangUpTwiml()).toBe(`${HEAD}<Response><Hangup/></Response>`);
  });
});
