import { useState } from 'preact/hooks';
import { amountExample, amountText, parseAmount } from '../lib/amount';
import { useDashboard } from '../lib/context';
import type { Call } from '../lib/types';
import { useSubmit } from '../lib/use-submit';

/** The value already recorded, as the input's text; empty when there is none to edit in the call's currency. */
function recordedValue(call: Call): string {
  const c = call.conversion;
  // The server records a value sent without a currency in the call's, so that is the one
  // the input edits; a value recorded in another currency is not put to it as if it were.
  if (c?.value_cents == null || (c.currency !== null && c.currency !== call.currency)) return '';
  return amountText(c.value_cents, call.currency);
}

/** Admin only: records the call's conversion value (again, to correct it), in the call's currency. */
export function ConversionForm({ call, onSaved }: { call: Call; onSaved: () => void }) {
  const { api } = useDashboard();
  const [value, setValue] = useState(() => recordedValue(call));
  const { busy, error, run, fail } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    const minor = parseAmount(value, call.currency);
    if (minor === null) return fail(`Enter an amount such as ${amountExample(call.currency)}.`);
    void run(async () => {
      await api.send('POST', `/v1/calls/${encodeURIComponent(call.id)}/conversion`, { value_cents: minor });
      onSaved();
      return null;
    });
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label class="field">
        <span>Conversion value ({call.currency})</span>
        <input
          name="value"
          inputMode="decimal"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          placeholder={amountText(50_000, call.currency)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'conversion-error' : undefined}
        />
      </label>
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? 'Saving…' : call.conversion ? 'Update value' : 'Mark converted'}
      </button>
      {error && (
        <p id="conversion-error" class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
