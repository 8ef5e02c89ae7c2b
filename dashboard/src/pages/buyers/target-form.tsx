// A target's fields, for POST /v1/targets and PATCH /v1/targets/{id}: checked here as the
// API checks them where a person can be told sooner, and the API's own refusal shown as is.
import { useState } from 'preact/hooks';
import { officeHours, WeeklyHours } from '../../components/weekly-hours';
import { amountExample, amountText, parseAmount } from '../../lib/amount';
import type { Buyer, BusinessHours, CapUnit, ConvertOn, Target } from '../../lib/types';
import { defaultTimeZone } from '../../lib/zones';

const text = (v: FormDataEntryValue | null) => String(v ?? '').trim();
// Regions and menu answers are single words: commas, spaces or lines separate them.
const words = (v: FormDataEntryValue | null, separator: RegExp) =>
  text(v)
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

/** The body of POST /v1/targets (or PATCH) from the form; an Error says what to fix. */
export function targetBody(fd: FormData, { currency, schedule }: { currency: string; schedule: BusinessHours | null }) {
  const unit = fd.get('cap_unit') as CapUnit;
  const cap = (name: string, label: string) => {
    const typed = text(fd.get(name));
    if (!typed) return null;
    if (unit === 'revenue') {
      const cents = parseAmount(typed, currency);
      if (cents === null || cents < 1) throw new Error(`${label}: enter an amount in ${currency} such as ${amountExample(currency)}, or leave it empty for no cap.`);
      return cents;
    }
    const n = Number(typed);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${label}: a whole number of calls, 1 or more, or empty for no cap.`);
    return n;
  };
  const concurrency = text(fd.get('concurrency_cap'));
  const revenue = parseAmount(text(fd.get('revenue')), currency);
  if (revenue === null) throw new Error(`Revenue per converted call: enter an amount in ${currency} such as ${amountExample(currency)}.`);
  const convertOn = fd.get('convert_on') as ConvertOn;
  const regions = words(fd.get('allowed_regions'), /[\s,]+/);
  const answers = words(fd.get('menu_answers'), /[\n,]+/);
  return {
    buyer: text(fd.get('buyer')),
    name: text(fd.get('name')),
    destination: text(fd.get('destination')),
    schedule,
    allowed_regions: regions.length ? regions : null,
    menu_answers: answers.length ? answers : null,
    concurrency_cap: concurrency ? Number(concurrency) : null,
    cap_unit: unit,
    hourly_cap: cap('hourly_cap', 'Hourly cap'),
    daily_cap: cap('daily_cap', 'Daily cap'),
    monthly_cap: cap('monthly_cap', 'Monthly cap'),
    priority: Number(fd.get('priority')),
    weight: Number(fd.get('weight')),
    convert_on: convertOn,
    ...(convertOn === 'duration' ? { convert_min_duration_s: Number(fd.get('convert_min_duration_s')) } : {}),
    convert_key: convertOn === 'keypress' ? text(fd.get('convert_key')) : null,
    revenue_cents: revenue,
  };
}

/** The schedule the form will send: null when the target takes calls at any hour. */
export function useSchedule(target?: Target) {
  const [on, setOn] = useState(Boolean(target?.schedule));
  const [hours, setHours] = useState<BusinessHours>(target?.schedule ?? officeHours(defaultTimeZone()));
  return { on, setOn, hours, setHours, value: on ? hours : null };
}

/** The fields of a target, filled with `target`'s to edit it, or the API's defaults for a new one. */
export function TargetFields({ target, buyers, currency, schedule }: { target?: Target; buyers: Buyer[]; currency: string; schedule: ReturnType<typeof useSchedule> }) {
  const [convertOn, setConvertOn] = useState<ConvertOn>(target?.convert_on ?? 'duration');
  const [unit, setUnit] = useState<CapUnit>(target?.cap_unit ?? 'calls');
  // Every select is held in state: Preact sets a `value` again on each render, which would undo a choice.
  const [buyer, setBuyer] = useState(target?.buyer ?? buyers[0]?.id ?? '');
  const capUnitLabel = unit === 'revenue' ? currency : 'calls';
  // A revenue cap is shown as an amount, a call cap as a count; switching the unit keeps what is typed.
  const capText = (n: number | null | undefined) => (n === null || n === undefined ? '' : target?.cap_unit === 'revenue' ? amountText(n, currency) : String(n));
  return (
    <>
      <label class="field">
        <span>Buyer</span>
        <select name="buyer" value={buyer} onChange={(e) => setBuyer(e.currentTarget.value)} required>
          {buyers.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Target name</span>
        <input name="name" required maxLength={200} placeholder="Rooter Austin" defaultValue={target?.name} />
      </label>
      <label class="field">
        <span>Destination (phone number or SIP URI)</span>
        <input name="destination" required maxLength={256} placeholder="(512) 555-0100 or sip:desk@pbx.example" defaultValue={target?.destination} />
      </label>
      <label class="field">
        <span>Revenue per converted call ({currency})</span>
        <input name="revenue" inputMode="decimal" required defaultValue={amountText(target?.revenue_cents ?? 0, currency)} />
      </label>
      <label class="field">
        <span>Converts on</span>
        <select name="convert_on" value={convertOn} onChange={(e) => setConvertOn(e.currentTarget.value as ConvertOn)}>
          <option value="duration">A call lasting long enough</option>
          <option value="keypress">A key the caller presses</option>
          <option value="conversion">A conversion posted later</option>
        </select>
      </label>
      {convertOn === 'duration' && (
        <label class="field">
          <span>Converts after (seconds)</span>
          <input name="convert_min_duration_s" type="number" min={0} max={86400} required defaultValue={String(target?.convert_min_duration_s ?? 60)} />
        </label>
      )}
      {convertOn === 'keypress' && (
        <label class="field">
          <span>Key that converts (0–9, * or #)</span>
          <input name="convert_key" required maxLength={1} pattern="[0-9*#]" defaultValue={target?.convert_key ?? ''} />
        </label>
      )}
      <label class="field">
        <span>Live calls at once (empty: no cap)</span>
        <input name="concurrency_cap" type="number" min={1} max={10000000} defaultValue={target?.concurrency_cap?.toString() ?? ''} />
      </label>
      <label class="field">
        <span>Period caps count</span>
        <select name="cap_unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value as CapUnit)}>
          <option value="calls">Calls</option>
          <option value="revenue">Revenue ({currency})</option>
        </select>
      </label>
      <label class="field">
        <span>Hourly cap ({capUnitLabel})</span>
        <input name="hourly_cap" inputMode="decimal" placeholder="no cap" defaultValue={capText(target?.hourly_cap)} />
      </label>
      <label class="field">
        <span>Daily cap ({capUnitLabel})</span>
        <input name="daily_cap" inputMode="decimal" placeholder="no cap" defaultValue={capText(target?.daily_cap)} />
      </label>
      <label class="field">
        <span>Monthly cap ({capUnitLabel})</span>
        <input name="monthly_cap" inputMode="decimal" placeholder="no cap" defaultValue={capText(target?.monthly_cap)} />
      </label>
      <label class="field">
        <span>Priority (higher is tried first)</span>
        <input name="priority" type="number" min={-1000} max={1000} required defaultValue={String(target?.priority ?? 0)} />
      </label>
      <label class="field">
        <span>Weight among equal priorities</span>
        <input name="weight" type="number" min={1} max={1000} required defaultValue={String(target?.weight ?? 1)} />
      </label>
      <label class="field">
        <span>Allowed regions (states, area codes or ZIP codes; empty takes every caller)</span>
        <input name="allowed_regions" placeholder="TX, 512, 78701" defaultValue={(target?.allowed_regions ?? []).join(', ')} />
      </label>
      <label class="field">
        <span>Menu answers it takes (empty takes any)</span>
        <input name="menu_answers" placeholder="repair, install" defaultValue={(target?.menu_answers ?? []).join(', ')} />
      </label>
      <fieldset class={schedule.on ? 'hours field-wide' : 'hours hours-off field-wide'}>
        <legend>
          <label class="check">
            <input type="checkbox" checked={schedule.on} onChange={(e) => schedule.setOn(e.currentTarget.checked)} />
            Takes calls only at set hours
          </label>
        </legend>
        {schedule.on && <WeeklyHours hours={schedule.hours} onChange={schedule.setHours} />}
      </fieldset>
    </>
  );
}
