// A call flow as a state machine that knows no carrier: each step takes where the call
// stands and what just happened, and returns what the caller hears next as decisions
// (say, gather, dial, voicemail, reject, hang up) plus the new state. Picking a target
// needs the database (caps are claimed there), so the machine asks for it with `route`
// and is told the outcome through `dialTarget` or `overflow`. Carriers render the
// decisions (collector/domain/twiml.ts for Twilio).

/** Press-1 gate: the caller must press `digit` to be connected. */
export type FlowGate = {
  prompt: string;
  digit: string;
  timeoutS: number;
  /** How many more times the prompt is played after a wrong key or silence. */
  retries: number;
  /** What happens when every try ended without the digit: hang up, or route anyway. */
  noInput: 'hangup' | 'route';
};

/** A one-key menu; the answer (the option's value) is stored on the call and used in routing. */
export type FlowMenu = { prompt: string; options: Record<string, string>; timeoutS: number; retries: number };

/** What happens when no target can take the call. */
export type FlowOverflow = { kind: 'hangup'; message: string | null } | { kind: 'number'; number: string } | { kind: 'voicemail'; prompt: string };

export type Flow = {
  greeting: string | null;
  recordingDisclosure: string | null;
  gate: FlowGate | null;
  menu: FlowMenu | null;
  ringTimeoutS: number;
  overflow: FlowOverflow;
  whisper: string | null;
  record: boolean;
};

export type FlowStep = 'gate' | 'menu' | 'dialing' | 'overflow' | 'done';

/** Where a call stands in its flow; stored on the call between carrier requests. */
export type FlowState = {
  step: FlowStep;
  /** Prompts played at the current gate or menu step, the first included. */
  tries: number;
  /** Targets offered so far: the next claim is attempt `attempts + 1`. */
  attempts: number;
  /** The keys the caller pressed at the gate and menu, in order. */
  keys: string[];
  menuAnswer: string | null;
};

/**
 * What a call stores between carrier requests: the flow state, a sequence number that
 * makes each change a compare-and-set, and the request that made the last change with
 * the reply it got, so a retried request is answered the same way and changes nothing.
 */
export type StoredFlowState = FlowState & { seq: number; key: string; reply: Decision[] };

export type Decision =
  | { kind: 'say'; text: string }
  | { kind: 'gather'; prompt: string; timeoutS: number; step: 'gate' | 'menu'; try: number }
  /**
   * Connects the caller to `destination` (a number or a SIP address). `attempt` is the flow's
   * leg (0: the overflow number), whose end is reported back to the flow; null is a plain
   * forward, whose end is the call's own outcome. `timeoutS` null: the carrier's ring time.
   */
  | { kind: 'dial'; destination: string; timeoutS: number | null; whisper: string | null; record: boolean; attempt: number | null }
  | { kind: 'voicemail'; prompt: string }
  | { kind: 'reject' }
  | { kind: 'hangup' };

/** A step's outcome. `route: true` asks the caller of the machine to claim the next target. */
export type Turn = { state: FlowState; decisions: Decision[]; route: boolean; log: { kind: string; detail: Record<string, unknown> }[] };

const initialState = (): FlowState => ({ step: 'gate', tries: 0, attempts: 0, keys: [], menuAnswer: null });

const say = (text: string | null): Decision[] => (text ? [{ kind: 'say', text }] : []);

function ask(state: FlowState, step: 'gate' | 'menu', prompt: string, timeoutS: number, lead: Decision[]): Turn {
  const next = { ...state, step, tries: state.tries + 1 };
  return { state: next, decisions: [...lead, { kind: 'gather', prompt, timeoutS, step, try: next.tries }], route: false, log: [{ kind: step, detail: { try: next.tries } }] };
}

/** After the gate: the menu when there is one, else routing. */
function afterGate(flow: Flow, state: FlowState, lead: Decision[]): Turn {
  if (flow.menu) return ask({ ...state, tries: 0 }, 'menu', flow.menu.prompt, flow.menu.timeoutS, lead);
  return { state: { ...state, step: 'dialing', tries: 0 }, decisions: lead, route: true, log: [] };
}

/** The call has just arrived. */
export function startFlow(flow: Flow): Turn {
  const lead = [...say(flow.greeting), ...say(flow.recordingDisclosure)];
  const state = initialState();
  if (flow.gate) return ask(state, 'gate', flow.gate.prompt, flow.gate.timeoutS, lead);
  return afterGate(flow, state, lead);
}

/**
 * The caller pressed `digits` (null: nothing before the timeout). A step that is not
 * waiting for keys (a retried request after the flow moved on) changes nothing.
 */
export function onDigits(flow: Flow, state: FlowState, digits: string | null): Turn | null {
  const key = digits?.trim().slice(0, 1) || null;
  if (state.step === 'gate' && flow.gate) {
    const gate = flow.gate;
    const keys = key ? [...state.keys, key] : state.keys;
    if (key === gate.digit) return withLog(afterGate(flow, { ...state, keys }, []), { kind: 'gate_passed', detail: { key } });
    if (state.tries <= gate.retries) return withLog(ask({ ...state, keys }, 'gate', gate.prompt, gate.timeoutS, []), { kind: key ? 'gate_wrong_key' : 'gate_no_input', detail: { key } });
    if (gate.noInput === 'route') return withLog(afterGate(flow, { ...state, keys }, []), { kind: 'gate_skipped', detail: { key } });
    return { state: { ...state, keys, step: 'done' }, decisions: [{ kind: 'hangup' }], route: false, log: [{ kind: 'gate_failed', detail: { key } }] };
  }
  if (state.step === 'menu' && flow.menu) {
    const menu = flow.menu;
    const keys = key ? [...state.keys, key] : state.keys;
    const answer = key !== null && Object.hasOwn(menu.options, key) ? menu.options[key]! : null;
    if (answer !== null) {
      return { state: { ...state, keys, menuAnswer: answer, step: 'dialing', tries: 0 }, decisions: [], route: true, log: [{ kind: 'menu_answer', detail: { key, answer } }] };
    }
    if (state.tries <= menu.retries) return withLog(ask({ ...state, keys }, 'menu', menu.prompt, menu.timeoutS, []), { kind: key ? 'menu_wrong_key' : 'menu_no_input', detail: { key } });
    // No answer is an answer too: routing takes the targets that need none.
    return { state: { ...state, keys, step: 'dialing', tries: 0 }, decisions: [], route: true, log: [{ kind: 'menu_unanswered', detail: { key } }] };
  }
  return null;
}

function withLog(turn: Turn, entry: Turn['log'][number]): Turn {
  return { ...turn, log: [entry, ...turn.log] };
}

/** Routing claimed `target`: dial it. */
export function dialTarget(flow: Flow, state: FlowState, target: { id: string; destination: string }): Turn {
  const attempt = state.attempts + 1;
  return {
    state: { ...state, step: 'dialing', attempts: attempt },
    decisions: [{ kind: 'dial', destination: target.destination, timeoutS: flow.ringTimeoutS, whisper: flow.whisper, record: flow.record, attempt }],
    route: false,
    log: [{ kind: 'dial', detail: { attempt, target: target.id } }],
  };
}

/** Routing found no target that may take the call: the flow's overflow. */
export function overflow(flow: Flow, state: FlowState): Turn {
  const o = flow.overflow;
  const next = { ...state, step: 'overflow' as const };
  const log = [{ kind: 'overflow', detail: { to: o.kind } }];
  if (o.kind === 'number') {
    return { state: next, decisions: [{ kind: 'dial', destination: o.number, timeoutS: flow.ringTimeoutS, whisper: flow.whisper, record: flow.record, attempt: 0 }], route: false, log };
  }
  if (o.kind === 'voicemail') return { state: next, decisions: [{ kind: 'voicemail', prompt: o.prompt }], route: false, log };
  return { state: { ...next, step: 'done' }, decisions: [...say(o.message), { kind: 'hangup' }], route: false, log };
}

const answeredStatuses = new Set(['completed', 'answered']);

/**
 * A dialled leg ended with `status`. Answered: the call is over. Not answered (no-answer,
 * busy, failed, canceled): the next target is tried. `attempt` is the leg the report is
 * about; a report for an older leg, or after the flow moved on, changes nothing.
 */
export function onDialEnded(state: FlowState, attempt: number, status: string): Turn | null {
  if (state.step === 'overflow' && attempt === 0) return { state: { ...state, step: 'done' }, decisions: [{ kind: 'hangup' }], route: false, log: [{ kind: 'overflow_ended', detail: { status } }] };
  if (state.step !== 'dialing' || attempt !== state.attempts) return null;
  if (answeredStatuses.has(status)) {
    return { state: { ...state, step: 'done' }, decisions: [{ kind: 'hangup' }], route: false, log: [{ kind: 'dial_ended', detail: { attempt, status: 'completed' } }] };
  }
  return { state, decisions: [], route: true, log: [{ kind: 'dial_ended', detail: { attempt, status } }] };
}
