// The carrier-neutral first answer to a call and the reading of a later report, with no carrier in sight.
import { describe, expect, it } from 'vitest';
import { firstAnswer, outcomeOf, presentedCallerId, UNKNOWN_NUMBER_MESSAGE } from '../../collector/domain/call-lifecycle';

const pool = { forwardTo: '+18005550100', record: false };
const FLOW = { id: 'flow_1' };

describe('the first answer to an arriving call', () => {
  it('a number no pool holds is told so and ends as failed, settled', () => {
    expect(firstAnswer({ pool: null, callerBlocked: false, flow: null })).toEqual({
      kind: 'end',
      outcome: { status: 'failed', durationS: 0, forwardSettled: true },
      decisions: [{ kind: 'say', text: UNKNOWN_NUMBER_MESSAGE }, { kind: 'hangup' }],
    });
  });

  it('a blocked caller is rejected and ends as busy, settled, even when a flow would run', () => {
    const blocked = { kind: 'end', outcome: { status: 'busy', durationS: 0, forwardSettled: true }, decisions: [{ kind: 'reject' }] };
    expect(firstAnswer({ pool, callerBlocked: true, flow: null })).toEqual(blocked);
    expect(firstAnswer({ pool, callerBlocked: true, flow: FLOW })).toEqual(blocked);
  });

  it('a plain forward dials the pool’s number as a leg that settles the call, recording when the pool asks', () => {
    expect(firstAnswer({ pool, callerBlocked: false, flow: null })).toEqual({
      kind: 'forward',
      decisions: [{ kind: 'dial', destination: '+18005550100', timeoutS: null, whisper: null, record: false, attempt: null }],
    });
    const recorded = firstAnswer({ pool: { ...pool, record: true }, callerBlocked: false, flow: null });
    expect(recorded.kind === 'forward' && recorded.decisions[0]).toMatchObject({ kind: 'dial', record: true });
  });

  it('a call with a flow starts that flow', () => {
    expect(firstAnswer({ pool, callerBlocked: false, flow: FLOW })).toEqual({ kind: 'run-flow', flow: FLOW });
  });

  it('a withheld caller is presented as the tracking number', () => {
    expect(presentedCallerId('+14155550199', '+14155550101')).toBe('+14155550199');
    expect(presentedCallerId(null, '+14155550101')).toBe('+14155550101');
  });
});

describe('what a later report says about the call’s end', () => {
  it('the forwarded leg wins over the caller’s, and settles the call', () => {
    expect(outcomeOf({ forwardedLeg: { status: 'no-answer', durationS: null }, callerLeg: { status: 'completed', durationS: 40 } })).toEqual({
      status: 'no-answer',
      durationS: 0,
      forwardSettled: true,
    });
  });

  it('the caller’s leg alone does not settle it; a final status without a duration is 0 s, a live one unknown', () => {
    expect(outcomeOf({ callerLeg: { status: 'completed', durationS: 40 } })).toEqual({ status: 'completed', durationS: 40, forwardSettled: false });
    expect(outcomeOf({ callerLeg: { status: 'busy', durationS: null } })).toEqual({ status: 'busy', durationS: 0, forwardSettled: false });
    expect(outcomeOf({ callerLeg: { status: 'in-progress', durationS: null } })).toEqual({ status: 'in-progress', durationS: null, forwardSettled: false });
  });

  it('a report with neither leg (a recording) says nothing about the end', () => {
    expect(outcomeOf({})).toBeNull();
  });
});
