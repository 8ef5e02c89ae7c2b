import { DataTable } from '../../components/data-table';
import { Async, Empty } from '../../components/states';
import { parseAmount } from '../../lib/amount';
import { useDashboard } from '../../lib/context';
import { money } from '../../lib/format';
import type { Publisher } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';

export function PublisherSettings() {
  const { api } = useDashboard();
  const list = useResource((signal) => api.get<{ publishers: Publisher[] }>('/v1/publishers', {}, signal), [api]);
  const form = useSubmit();
  const submit = form.onSubmit(async (data, el) => {
    const payoutText = String(data.get('payout') ?? '').trim();
    const payout = payoutText ? parseAmount(payoutText) : null;
    if (payoutText && payout === null) throw new Error('Payout: enter an amount such as 25 or 12.50, or leave it empty.');
    const p = await api.send<Publisher>('POST', '/v1/publishers', { name: data.get('name'), code: data.get('code'), payout_cents: payout });
    el.reset();
    list.reload();
    return `Added ${p.name}. Their traffic is credited when it carries utm_source=${p.code} or pub=${p.code}.`;
  });
  return (
    <div class="stack">
      <section class="card">
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
                  { key: 'payout', label: 'Payout per qualified call', numeric: true, render: (p) => (p.payout_cents === null ? <span class="muted">Site default</span> : money(p.payout_cents)) },
                ]}
              />
            ) : (
              <Empty title="No publishers yet" />
            )
          }
        </Async>
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
            <span>Payout override (optional)</span>
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
