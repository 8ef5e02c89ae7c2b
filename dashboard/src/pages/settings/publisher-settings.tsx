import { useEffect, useRef, useState } from 'preact/hooks';
import { DataTable } from '../../components/data-table';
import { Async, Empty } from '../../components/states';
import { amountExample, parseAmount } from '../../lib/amount';
import { canWrite, reportCurrency, useDashboard } from '../../lib/context';
import { money } from '../../lib/format';
import type { Publisher } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { PublisherPayoutForm, payoutSummary } from './publisher-payout-form';

export function PublisherSettings() {
  const { api, me } = useDashboard();
  // A publisher's payout replaces the site's in the account's reports: it is in their currency.
  const currency = reportCurrency(me);
  const list = useResource((signal) => api.get<{ publishers: Publisher[] }>('/v1/publishers', {}, signal), [api]);
  const [editing, setEditing] = useState<Publisher | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useSubmit();
  const submit = form.onSubmit(async (data, el) => {
    const payoutText = String(data.get('payout') ?? '').trim();
    const payout = payoutText ? parseAmount(payoutText, currency) : null;
    if (payoutText && payout === null) throw new Error(`Payout: enter an amount in ${currency} such as ${amountExample(currency)}, or leave it empty.`);
    const p = await api.send<Publisher>('POST', '/v1/publishers', { name: data.get('name'), code: data.get('code'), payout_cents: payout });
    el.reset();
    list.reload();
    return `Added ${p.name}. Their traffic is credited when it carries utm_source=${p.code} or pub=${p.code}.`;
  });

  // When the editor closes, focus goes back to the row's "Edit payout" button, not to the top of the page.
  const table = useRef<HTMLElement>(null);
  const [returnTo, setReturnTo] = useState<string | null>(null);
  useEffect(() => {
    if (editing || !returnTo) return;
    const buttons = table.current?.querySelectorAll<HTMLButtonElement>('button[data-publisher]') ?? [];
    [...buttons].find((b) => b.dataset.publisher === returnTo)?.focus();
    setReturnTo(null);
  }, [editing, returnTo]);
  const close = () => {
    setReturnTo(editing?.id ?? null);
    setEditing(null);
  };
  const open = (p: Publisher) => {
    setSaved(null);
    setEditing(p);
  };

  return (
    <div class="stack">
      <section class="card" ref={table}>
        <h2>Publishers</h2>
        <Async {...list}>
          {(r) =>
            r.publishers.length ? (
              <DataTable
                caption="Publishers"
                rows={r.publishers}
                rowKey={(p) => p.id}
                columns={[
                  { key: 'name', label: 'Name', render: (p) => p.name },
                  { key: 'code', label: 'Code', render: (p) => <code>{p.code}</code> },
                  { key: 'payout', label: 'Payout per qualified call', numeric: true, render: (p) => (p.payout_cents === null ? <span class="muted">Site default</span> : money(p.payout_cents, currency)) },
                  ...(canWrite(me)
                    ? [
                        {
                          key: 'edit',
                          label: 'Change',
                          render: (p: Publisher) => (
                            <button type="button" class="button button-small button-ghost" data-publisher={p.id} aria-label={`Edit payout for ${p.name}`} aria-expanded={editing?.id === p.id} onClick={() => open(p)}>
                              Edit payout
                            </button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ) : (
              <Empty title="No publishers yet" />
            )
          }
        </Async>
        {editing && (
          <PublisherPayoutForm
            key={editing.id}
            publisher={editing}
            currency={currency}
            onCancel={close}
            onSaved={(p) => {
              setSaved(payoutSummary(p, currency));
              close();
              list.reload();
            }}
          />
        )}
        <FormMessages error={null} done={saved} />
      </section>
      <section class="card">
        <h2>Add a publisher</h2>
        <form class="form-grid" onSubmit={submit}>
          <label class="field">
            <span>Name</span>
            <input name="name" required maxLength={200} placeholder="Lead Partners Inc." />
          </label>
          <label class="field">
            <span>Code</span>
            <input name="code" required maxLength={64} pattern="[A-Za-z0-9._\-]+" placeholder="leadpartners" title="Letters, digits, dot, dash or underscore" />
          </label>
          <label class="field">
            <span>Payout override, {currency} (optional)</span>
            <input name="payout" inputMode="decimal" placeholder="Site default" />
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={form.busy}>
              {form.busy ? 'Adding…' : 'Add publisher'}
            </button>
          </div>
        </form>
        <FormMessages error={form.error} done={form.done} />
      </section>
    </div>
  );
}
