import { useState } from 'preact/hooks';
import { parseAmount } from '../lib/amount';
import { useDashboard } from '../lib/context';
import type { Call } from '../lib/types';

/** Admin only: records the call's conversion value (again, to correct it). */
export function ConversionForm({ call, onSaved }: { call: Call; onSaved: () => void }) {
  const { api } = useDashboard();
  const [value, setValue] = useState(call.conversion?.value_cents != null ? (call.conversion.value_cents / 100).toFixed(2) : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const cents = parseAmount(value);
    if (cents === null) return setError('Enter an amount such as 250 or 1,250.50.');
    setBusy(true);
    setError(null);
    try {
      await api.send('POST', `/v1/calls/${encodeURIComponent(call.id)}/conversion`, { value_cents: cents });
      onSaved();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
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
