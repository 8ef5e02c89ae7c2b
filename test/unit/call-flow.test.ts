import { describe, expect, it } from 'vitest';
import { dialTarget, onDialEnded, onDigits, overflow, startFlow, type Flow } from '../../collector/domain/call-flow';

const base: Flow = {
  greeting: 'Thanks for calling Acme Plumbing.',
  recordingDisclosure: 'This call may be recorded.',
  gate: null,
  menu: null,
  ringTimeoutS: 20,
  overflow: { kind: 'hangup', message: 'Everyone is busy. Goodbye.' },
  whisper: 'Call from Google Ads',
  record: false,
};
const gate = { prompt: 'Press 1 to be connected.', digit: '1', timeoutS: 5, retries: 1, noInput: 'hangup' as const };
const menu = { prompt: 'Press 1 for plumbing, 2 for heating.', options: { '1': 'plumbing', '2': 'heating' }, timeoutS: 5, retries: 0 };

describe('call flow state machine', () => {
  it('without gate or menu, greets, discloses and asks for a target', () => {
    const turn = startFlow(base);
    expect(turn.decisions).toEqual([
      { kind: 'say', text: 'Thanks for calling Acme Plumbing.' },
      { kind: 'say', text: 'This call may be recorded.' },
    ]);
    expect(turn.route).toBe(true);
    expect(turn.state.step).toBe('dialing');
  });

  it('the press-1 gate gathers, passes on the digit and routes', () => {
    const flow = { ...base, greeting: null, recordingDisclosure: null, gate };
    const start = startFlow(flow);
    expect(start.decisions).toEqual([{ kind: 'gather', prompt: 'Press 1 to be connected.', timeoutS: 5, step: 'gate', try: 1 }]);
    expect(start.route).toBe(false);
    const pressed = onDigits(flow, start.state, '1')!;
    expect(pressed.route).toBe(true);
    expect(pressed.state.keys).toEqual(['1']);
    expect(pressed.log[0]).toEqual({ kind: 'gate_passed', detail: { key: '1' } });
  });

  it('silence is retried `retries` times, then the no-input action (hang up) happens', () => {
    const flow = { ...base, gate };
    const start = startFlow(flow);
    const retry = onDigits(flow, start.state, null)!;
    expect(retry.decisions).toEqual([{ kind: 'gather', prompt: gate.prompt, timeoutS: 5, step: 'gate', try: 2 }]);
    expect(retry.state.tries).toBe(2);
    const gaveUp = onDigits(flow, retry.state, '')!;
    expect(gaveUp.decisions).toEqual([{ kind: 'hangup' }]);
    expect(gaveUp.route).toBe(false);
    expect(gaveUp.state.step).toBe('done');
    // A retried request after the flow ended changes nothing.
    expect(onDigits(flow, gaveUp.state, '1')).toBeNull();
  });

  it('no input can route anyway when the gate says so', () => {
    const flow = { ...base, gate: { ...gate, retries: 0, noInput: 'route' as const } };
    const turn = onDigits(flow, startFlow(flow).state, '7')!;
    expect(turn.route).toBe(true);
    expect(turn.log[0]!.kind).toBe('gate_skipped');
  });

  it('the menu stores the answer; an unknown key re-asks, then routes with no answer', () => {
    const flow = { ...base, gate, menu };
    const inMenu = onDigits(flow, startFlow(flow).state, '1')!;
    expect(inMenu.decisions).toEqual([{ kind: 'gather', prompt: menu.prompt, timeoutS: 5, step: 'menu', try: 1 }]);
    const answered = onDigits(flow, inMenu.state, '2')!;
    expect(answered.state.menuAnswer).toBe('heating');
    expect(answered.route).toBe(true);
    const unknown = onDigits(flow, inMenu.state, '9')!;
    expect(unknown.route).toBe(true);
    expect(unknown.state.menuAnswer).toBeNull();
    expect(unknown.log[0]!.kind).toBe('menu_unanswered');
  });

  it('dials a claimed target, fails over on no-answer and ignores stale leg reports', () => {
    const state = startFlow(base).state;
    const first = dialTarget(base, state, { id: 'tg_a', destination: '+15125550100' });
    expect(first.decisions).toEqual([{ kind: 'dial', destination: '+15125550100', timeoutS: 20, whisper: 'Call from Google Ads', record: false, attempt: 1 }]);
    const noAnswer = onDialEnded(first.state, 1, 'no-answer')!;
    expect(noAnswer.route).toBe(true);
    const second = dialTarget(base, noAnswer.state, { id: 'tg_b', destination: 'sip:desk@pbx.example' });
    expect(second.state.attempts).toBe(2);
    // Twilio retrying the first leg's action changes nothing.
    expect(onDialEnded(second.state, 1, 'no-answer')).toBeNull();
    const done = onDialEnded(second.state, 2, 'completed')!;
    expect(done.decisions).toEqual([{ kind: 'hangup' }]);
    expect(done.state.step).toBe('done');
    expect(onDialEnded(done.state, 2, 'completed')).toBeNull();
  });

  it('overflow: a number is dialled, voicemail is recorded, hang up says its message', () => {
    const state = startFlow(base).state;
    expect(overflow({ ...base, overflow: { kind: 'number', number: '+18005550199' } }, state).decisions[0]).toMatchObject({ kind: 'dial', destination: '+18005550199', attempt: 0 });
    expect(overflow({ ...base, overflow: { kind: 'voicemail', prompt: 'Leave a message.' } }, state).decisions).toEqual([{ kind: 'voicemail', prompt: 'Leave a message.' }]);
    expect(overflow(base, state).decisions).toEqual([{ kind: 'say', text: 'Everyone is busy. Goodbye.' }, { kind: 'hangup' }]);
  });
});
