import { useEffect, useRef } from 'preact/hooks';
import { amountExample, amountText, parseAmount } from '../../lib/amount';
import { useDashboard } from '../../lib/context';
import { money } from '../../lib/format';
import type { Publisher } from '../../lib/types';
import { FormMessages, useSubmit } from '../../lib/use-submit';

/** What a publisher is now paid, as the confirmation says it. */
export function payoutSummary(p: Publisher, currency: string): string {
  return p.payout_cents === null ? `${p.name} now earns the site's payout per qualified call.` : `${p.name} now earns ${money(p.payout_cents, currency)} per qualified call.`;
}

/**
 * Sets or removes one publisher's payout override (PATCH /v1/publishers/{id}). Empty, or
 * "Use the site's payout", sends null: the site's payout applies again. Amounts are in
 * the account's currency.
 */
export function PublisherPayoutForm({
  publisher,
  currency,
  onSaved,
  onCancel,
}: {
  publisher: Publisher;
  currency: string;
  onSaved: (saved: Publisher) => void;
  onCancel: () => void;
}) {
  const { api } = useDashboard();
  const form = useSubmit();
  const input = useRef<HTMLInputElement>(null);
  // Whoever pressed "Edit payout" lands in the field, ready to type.
  useEffect(() => input.current?.focus(), []);

  const save = (payoutCents: number | null) =>
    form.run(async () => {
      const saved = await api.send<Publisher>('PATCH', `/v1/publishers/${encodeURIComponent(publisher.id)}`, { payout_cents: payoutCents });
      onSaved(saved);
      return null;
    });
  const submit = (e: Event) => {
    e.preventDefault();
    const text = input.current?.value.trim() ?? '';
    if (!text) return void save(null);
    const minor = parseAmount(text, currency);
    if (minor === null) return form.fail(`Payout: enter an amount in ${currency} such as ${amountExample(currency)}, or leave it empty for the site's payout.`);
    void save(minor);
  };
  const fieldId = `payout-${publisher.id}`;
  return (
    <form
      class="payout-form"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && !form.busy && onCancel()}
      aria-labelledby={`${fieldId}-title`}
    >
      <h3 id={`${fieldId}-title`}>Payout for {publisher.name}</h3>
      <div class="inline-form">
        <label class="field">
          <span>Payout per qualified call ({currency})</span>
          <input
            id={fieldId}
            ref={input}
            name="payout"
            inputMode="decimal"
            defaultValue={publisher.payout_cents === null ? '' : amountText(publisher.payout_cents, currency)}
            placeholder="Site's payout"
            aria-describedby={`${fieldId}-help`}
            aria-invalid={form.error ? true : undefined}
          />
        </label>
        <button type="submit" class="button button-primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save payout'}
        </button>
        {publisher.payout_cents !== null && (
          <button type="button" class="button" disabled={form.busy} onClick={() => void save(null)}>
            Use the site's payout
          </button>
        )}
        <button type="button" class="button button-ghost" disabled={form.busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p id={`${fieldId}-help`} class="muted small">
        Leave it empty to pay this publisher the site's payout, like everyone else.
      </p>
      <FormMessages error={form.error} done={form.done} />
    </form>
  );
}
