import { useState } from 'preact/hooks';
import { parseAmount } from '../lib/amount';
import { useDashboard } from '../lib/context';
import type { Call } from '../lib/types';
import { useSubmit } from '../lib/use-submit';

/** Admin only: records the call's conversion value (again, to correct it). */
export function ConversionForm({ call, onSaved }: { call: Call; onSaved: () => void }) {
  const { api } = useDashboard();
  const [value, setValue] = useState(call.conversion?.value_cents != null ? (call.conversion.value_cents / 100).toFixed(2) : '');
  const { busy, error, run, fail } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    const cents = parseAmount(value);
    if (cents === null) return fail('Enter an amount such as 250 or 1,250.50.');
    void run(async () => {
      await api.send('POST', `/v1/calls/${encodeURIComponent(call.id)}/conversion`, { value_cents: cents });
      onSaved();
      return null;
    });
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label class="field">
        <span>Conversion value ({call.currency})</span>
        <input name="value" inputMode="decimal" value={value} onInput={(e) => setValue(e.currentTarget.value)} placeholder="500.00" aria-invalid={error ? true : undefined} aria-describedby={error ? 'conversion-error' : undefined} />
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
