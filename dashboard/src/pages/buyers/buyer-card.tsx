import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../components/confirm-button';
import { DataTable } from '../../components/data-table';
import { reportCurrency, useDashboard } from '../../lib/context';
import { counted } from '../../lib/format';
import type { Buyer, Target } from '../../lib/types';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { capsText, destinationText, hoursText, revenueText } from './target-text';

function RenameBuyer({ buyer, onDone }: { buyer: Buyer; onDone: () => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (fd) => {
    await api.send('PATCH', `/v1/buyers/${encodeURIComponent(buyer.id)}`, { name: String(fd.get('name') ?? '') });
    onDone();
    return null;
  });
  return (
    <>
      <form class="inline-form" onSubmit={submit} aria-label={`Rename ${buyer.name}`}>
        <label class="field">
          <span>Buyer name</span>
          <input name="name" required maxLength={200} defaultValue={buyer.name} />
        </label>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save name'}
        </button>
      </form>
      <FormMessages error={form.error} done={form.done} />
    </>
  );
}

/** One buyer and its targets; for an admin, renaming and archiving it and its targets. */
export function BuyerCard({ buyer, targets, editable, onEdit, onChange }: { buyer: Buyer; targets: Target[]; editable: boolean; onEdit: (id: string) => void; onChange: () => void }) {
  const { api, me } = useDashboard();
  const currency = reportCurrency(me);
  const [renaming, setRenaming] = useState(false);
  const action = useSubmit();
  const archiveBuyer = () =>
    action.run(async () => {
      await api.send('DELETE', `/v1/buyers/${encodeURIComponent(buyer.id)}`);
      onChange();
      return null;
    });
  const archiveTarget = (t: Target) =>
    action.run(async () => {
      await api.send('DELETE', `/v1/targets/${encodeURIComponent(t.id)}`);
      onChange();
      return `Archived ${t.name}: it takes no more calls. Its calls and revenue stay.`;
    });
  const headingId = `buyer-${buyer.id}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>
          {buyer.name}
          <span class="muted small">{counted(targets.length, 'target')}</span>
        </h2>
        {editable && (
          <div class="row-actions">
            <button type="button" class="button button-small" onClick={() => setRenaming(!renaming)} aria-expanded={renaming}>
              Rename
            </button>
            <ConfirmButton
              label="Archive buyer"
              question={`Archive ${buyer.name} and its ${counted(targets.length, 'target')}? They take no more calls; their calls and revenue stay.`}
              confirm="Yes, archive"
              busy={action.busy}
              onConfirm={archiveBuyer}
            />
          </div>
        )}
      </div>
      {renaming && (
        <RenameBuyer
          buyer={buyer}
          onDone={() => {
            setRenaming(false);
            onChange();
          }}
        />
      )}
      {targets.length === 0 ? (
        <p class="muted small">No targets yet{editable ? ': add one with the New target form below.' : '.'}</p>
      ) : (
        <DataTable
          caption={`Targets of ${buyer.name}`}
          rows={targets}
          rowKey={(t) => t.id}
          columns={[
            { key: 'name', label: 'Target', render: (t) => t.name },
            { key: 'destination', label: 'Rings', render: (t) => destinationText(t.destination) },
            { key: 'hours', label: 'Hours', render: (t) => hoursText(t.schedule) },
            { key: 'caps', label: 'Caps', render: (t) => capsText(t, currency) },
            { key: 'order', label: 'Priority · weight', render: (t) => `${t.priority} · ${t.weight}` },
            { key: 'revenue', label: 'Pays', render: (t) => revenueText(t, currency) },
            {
              key: 'takes',
              label: 'Takes',
              render: (t) =>
                [t.allowed_regions ? `Regions ${t.allowed_regions.join(', ')}` : 'Every region', t.menu_answers ? `answers ${t.menu_answers.join(', ')}` : null].filter(Boolean).join('; '),
            },
            ...(editable
              ? [
                  {
                    key: 'actions',
                    label: 'Actions',
                    render: (t: Target) => (
                      <div class="row-actions">
                        <button type="button" class="button button-small" onClick={() => onEdit(t.id)} aria-label={`Edit ${t.name}`}>
                          Edit
                        </button>
                        <ConfirmButton
                          label="Archive"
                          question={`Archive ${t.name}? Flows stop sending it calls.`}
                          confirm="Yes, archive"
                          busy={action.busy}
                          onConfirm={() => archiveTarget(t)}
                        />
                      </div>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <FormMessages error={action.error} done={action.done} />
    </section>
  );
}
