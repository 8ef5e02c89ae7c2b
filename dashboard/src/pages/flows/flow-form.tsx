// A flow's fields, for POST /v1/flows and PATCH /v1/flows/{id}: what a caller hears, the
// gate and menu, the targets a call may go to, and what happens when none takes it.
import { useState } from 'preact/hooks';
import type { Buyer, Flow, FlowOverflow, Target } from '../../lib/types';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];

const text = (v: FormDataEntryValue | null) => String(v ?? '').trim();
const orNull = (v: FormDataEntryValue | null) => text(v) || null;

/** "1 = repair" lines as the menu's options; an Error names the line that is not one. */
export function menuOptions(typed: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const line of typed.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^([0-9*#])\s*[=:-]\s*(.+)$/.exec(line);
    if (!m) throw new Error(`Menu options: "${line}" is not a key and its answer, such as 1 = repair.`);
    if (options[m[1]!] !== undefined) throw new Error(`Menu options: key ${m[1]} is used twice.`);
    options[m[1]!] = m[2]!.trim();
  }
  if (Object.keys(options).length === 0) throw new Error('Menu options: at least one, such as 1 = repair.');
  return options;
}

const optionsText = (o: Record<string, string>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');

/** The body of POST /v1/flows (or PATCH) from the form's fields. */
export function flowBody(fd: FormData, { gate, menu }: { gate: boolean; menu: boolean }) {
  const kind = fd.get('overflow_kind') as FlowOverflow['kind'];
  const overflow =
    kind === 'number' ? { kind, number: text(fd.get('overflow_number')) } : kind === 'voicemail' ? { kind, prompt: text(fd.get('overflow_prompt')) } : { kind, message: orNull(fd.get('overflow_message')) };
  return {
    name: text(fd.get('name')),
    greeting: orNull(fd.get('greeting')),
    recording_disclosure: orNull(fd.get('recording_disclosure')),
    gate: gate
      ? {
          prompt: text(fd.get('gate_prompt')),
          digit: text(fd.get('gate_digit')),
          timeout_s: Number(fd.get('gate_timeout_s')),
          retries: Number(fd.get('gate_retries')),
          no_input: text(fd.get('gate_no_input')),
        }
      : null,
    menu: menu
      ? { prompt: text(fd.get('menu_prompt')), options: menuOptions(text(fd.get('menu_options'))), timeout_s: Number(fd.get('menu_timeout_s')), retries: Number(fd.get('menu_retries')) }
      : null,
    targets: fd.getAll('targets').map(String),
    ring_timeout_s: Number(fd.get('ring_timeout_s')),
    sticky: fd.get('sticky') === 'on',
    whisper: orNull(fd.get('whisper')),
    record: fd.get('record') === 'on',
    overflow,
  };
}

/** Which of the gate and menu are on: the form sends null for one that is off. */
export function useFlowSteps(flow?: Flow) {
  const [gate, setGate] = useState(flow ? flow.gate !== null : true);
  const [menu, setMenu] = useState(flow ? flow.menu !== null : false);
  return { gate, setGate, menu, setMenu };
}

function TargetChoice({ targets, buyers, chosen }: { targets: Target[]; buyers: Buyer[]; chosen: string[] }) {
  const buyerName = (id: string) => buyers.find((b) => b.id === id)?.name ?? id;
  // Listed in the order calls try them: priority first, then weight (a weighted draw decides between equals).
  const ordered = [...targets].sort((a, b) => b.priority - a.priority || b.weight - a.weight || a.name.localeCompare(b.name));
  return (
    <fieldset class="field field-wide choices">
      <legend>Targets calls may go to</legend>
      <p class="muted small">Tried by priority, higher first; targets of equal priority are drawn by weight. A target closed, out of region or at a cap is skipped.</p>
      {ordered.length === 0 && <p class="muted small">No targets yet: add them on the Buyers page.</p>}
      {ordered.map((t) => (
        <label class="check" key={t.id}>
          <input type="checkbox" name="targets" value={t.id} defaultChecked={chosen.includes(t.id)} />
          <span>
            {t.name} <span class="muted small">({buyerName(t.buyer)}, priority {t.priority}, weight {t.weight})</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A select that keeps the person's choice: Preact sets a `value` again on every render
 * (ticking the menu would undo it), and a `defaultValue` would leave the first option chosen.
 */
function Select({ name, initial, options }: { name: string; initial: string; options: [value: string, label: string][] }) {
  const [value, setValue] = useState(initial);
  return (
    <select name={name} value={value} onChange={(e) => setValue(e.currentTarget.value)}>
      {options.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** The fields of a flow, filled with `flow`'s to edit it, or the API's defaults (with a press-1 gate) for a new one. */
export function FlowFields({ flow, targets, buyers, steps }: { flow?: Flow; targets: Target[]; buyers: Buyer[]; steps: ReturnType<typeof useFlowSteps> }) {
  const [overflow, setOverflow] = useState<FlowOverflow['kind']>(flow?.overflow.kind ?? 'hangup');
  const o = flow?.overflow;
  return (
    <>
      <label class="field">
        <span>Flow name</span>
        <input name="name" required maxLength={200} placeholder="Plumbing network" defaultValue={flow?.name} />
      </label>
      <label class="field field-wide">
        <span>Greeting (optional)</span>
        <input name="greeting" maxLength={1000} placeholder="Thanks for calling." defaultValue={flow?.greeting ?? ''} />
      </label>
      <label class="field field-wide">
        <span>Recording disclosure (optional)</span>
        <input name="recording_disclosure" maxLength={1000} placeholder="This call may be recorded." defaultValue={flow?.recording_disclosure ?? ''} />
      </label>
      <fieldset class={steps.gate ? 'hours flow-step field-wide' : 'hours hours-off flow-step field-wide'}>
        <legend>
          <label class="check">
            <input type="checkbox" checked={steps.gate} onChange={(e) => steps.setGate(e.currentTarget.checked)} />
            Press-1 gate: callers confirm before they are connected
          </label>
        </legend>
        {steps.gate && (
          <div class="form-grid">
            <label class="field field-wide">
              <span>Gate prompt</span>
              <input name="gate_prompt" required maxLength={1000} placeholder="Press 1 to speak with a licensed plumber now." defaultValue={flow?.gate?.prompt ?? ''} />
            </label>
            <label class="field">
              <span>Key to press</span>
              <Select name="gate_digit" initial={flow?.gate?.digit ?? '1'} options={KEYS.map((k) => [k, k])} />
            </label>
            <label class="field">
              <span>Wait for a key (seconds)</span>
              <input name="gate_timeout_s" type="number" min={1} max={60} required defaultValue={String(flow?.gate?.timeout_s ?? 5)} />
            </label>
            <label class="field">
              <span>Prompt again (times)</span>
              <input name="gate_retries" type="number" min={0} max={5} required defaultValue={String(flow?.gate?.retries ?? 1)} />
            </label>
            <label class="field">
              <span>Then, with no key</span>
              <Select
                name="gate_no_input"
                initial={flow?.gate?.no_input ?? 'hangup'}
                options={[
                  ['hangup', 'Hang up'],
                  ['route', 'Connect anyway'],
                ]}
              />
            </label>
          </div>
        )}
      </fieldset>
      <fieldset class={steps.menu ? 'hours flow-step field-wide' : 'hours hours-off flow-step field-wide'}>
        <legend>
          <label class="check">
            <input type="checkbox" checked={steps.menu} onChange={(e) => steps.setMenu(e.currentTarget.checked)} />
            Menu: the caller's answer picks the targets that take it
          </label>
        </legend>
        {steps.menu && (
          <div class="form-grid">
            <label class="field field-wide">
              <span>Menu prompt</span>
              <input name="menu_prompt" required maxLength={1000} placeholder="Press 1 for a repair, 2 for a new installation." defaultValue={flow?.menu?.prompt ?? ''} />
            </label>
            <label class="field">
              <span>Options, one a line (key = answer)</span>
              <textarea name="menu_options" rows={3} required placeholder={'1 = repair\n2 = install'} defaultValue={flow?.menu ? optionsText(flow.menu.options) : ''} />
            </label>
            <label class="field">
              <span>Wait for a key (seconds)</span>
              <input name="menu_timeout_s" type="number" min={1} max={60} required defaultValue={String(flow?.menu?.timeout_s ?? 5)} />
            </label>
            <label class="field">
              <span>Prompt again (times)</span>
              <input name="menu_retries" type="number" min={0} max={5} required defaultValue={String(flow?.menu?.retries ?? 1)} />
            </label>
          </div>
        )}
      </fieldset>
      <TargetChoice targets={targets} buyers={buyers} chosen={flow?.targets ?? []} />
      <label class="field">
        <span>Ring each target for (seconds)</span>
        <input name="ring_timeout_s" type="number" min={5} max={120} required defaultValue={String(flow?.ring_timeout_s ?? 20)} />
      </label>
      <label class="field">
        <span>Whisper to whoever answers (optional)</span>
        <input name="whisper" maxLength={1000} placeholder="Call from the plumbing network" defaultValue={flow?.whisper ?? ''} />
      </label>
      <label class="check">
        <input name="sticky" type="checkbox" defaultChecked={flow?.sticky ?? false} />
        <span>Repeat callers go first to the target that took their last call</span>
      </label>
      <label class="check">
        <input name="record" type="checkbox" defaultChecked={flow?.record ?? false} />
        <span>Record calls</span>
      </label>
      <label class="field">
        <span>When no target takes the call</span>
        <select name="overflow_kind" value={overflow} onChange={(e) => setOverflow(e.currentTarget.value as FlowOverflow['kind'])}>
          <option value="hangup">Say a message and hang up</option>
          <option value="number">Dial an overflow number</option>
          <option value="voicemail">Take a voicemail</option>
        </select>
      </label>
      {overflow === 'hangup' && (
        <label class="field">
          <span>Message before hanging up (optional)</span>
          <input name="overflow_message" maxLength={1000} placeholder="Sorry, nobody can take your call now." defaultValue={o?.kind === 'hangup' ? (o.message ?? '') : ''} />
        </label>
      )}
      {overflow === 'number' && (
        <label class="field">
          <span>Overflow number</span>
          <input name="overflow_number" required inputMode="tel" placeholder="(800) 555-0199" defaultValue={o?.kind === 'number' ? o.number : ''} />
        </label>
      )}
      {overflow === 'voicemail' && (
        <label class="field">
          <span>Voicemail prompt</span>
          <input name="overflow_prompt" required maxLength={1000} placeholder="Leave your name and number after the tone." defaultValue={o?.kind === 'voicemail' ? o.prompt : ''} />
        </label>
      )}
    </>
  );
}
