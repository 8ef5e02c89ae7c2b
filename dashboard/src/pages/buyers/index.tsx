// Buyers and their targets: each buyer with its targets' terms, and for an admin every
// form to add, change and archive them (POST/PATCH/DELETE /v1/buyers and /v1/targets).
import { useEffect, useRef, useState } from 'preact/hooks';
import { Shell } from '../../components/shell';
import { Async, Empty } from '../../components/states';
import { canWrite, reportCurrency, useDashboard } from '../../lib/context';
import { counted } from '../../lib/format';
import type { Buyer, Target } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { BuyerCard } from './buyer-card';
import { TargetFields, targetBody, useSchedule } from './target-form';

export type BuyersData = { buyers: Buyer[]; targets: Target[] };

function NewBuyer({ onCreated }: { onCreated: () => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (fd, el) => {
    const buyer = await api.send<Buyer>('POST', '/v1/buyers', { name: String(fd.get('name') ?? '') });
    el.reset();
    onCreated();
    return `Added ${buyer.name}. Add its targets below.`;
  });
  return (
    <section class="card" aria-labelledby="new-buyer">
      <h2 id="new-buyer">New buyer</h2>
      <form class="inline-form" onSubmit={submit}>
        <label class="field">
          <span>Buyer name</span>
          <input name="name" required maxLength={200} placeholder="Rooter Co" />
        </label>
        <button type="submit" class="button button-primary" disabled={form.busy}>
          {form.busy ? 'Adding…' : 'Add buyer'}
        </button>
      </form>
      <FormMessages error={form.error} done={form.done} />
    </section>
  );
}

/** Creates a target (`target` absent) or edits one: the same fields, the same checks. */
export function TargetEditor({ buyers, target, onSaved, onClose }: { buyers: Buyer[]; target?: Target; onSaved: () => void; onClose?: () => void }) {
  const { api, me } = useDashboard();
  const currency = reportCurrency(me);
  const schedule = useSchedule(target);
  const form = useSubmit();
  // Edit opens below the lists: bring it to the person who clicked.
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    if (target) card.current?.scrollIntoView?.({ block: 'start' });
  }, [target?.id]);
  const submit = form.onSubmit(async (fd, el) => {
    const body = targetBody(fd, { currency, schedule: schedule.value });
    if (target) {
      const saved = await api.send<Target>('PATCH', `/v1/targets/${encodeURIComponent(target.id)}`, body);
      onSaved();
      return `Saved ${saved.name}.`;
    }
    const made = await api.send<Target>('POST', '/v1/targets', body);
    el.reset();
    onSaved();
    return `Added ${made.name}. Route calls to it from a flow on the Flows page.`;
  });
  const id = target ? `edit-target-${target.id}` : 'new-target';
  return (
    <section class="card" aria-labelledby={id} ref={card}>
      <h2 id={id}>{target ? `Edit ${target.name}` : 'New target'}</h2>
      <p class="muted small">Where a call rings, when, how many it takes and what the buyer pays for one. Changes apply to the next call; calls already routed keep their terms.</p>
      <form class="form-grid" onSubmit={submit} aria-label={target ? `Target ${target.name}` : 'New target'}>
        <TargetFields target={target} buyers={buyers} currency={currency} schedule={schedule} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.busy}>
            {form.busy ? 'Saving…' : target ? 'Save target' : 'Add target'}
          </button>
          {onClose && (
            <button type="button" class="button button-ghost" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </form>
      <FormMessages error={form.error} done={form.done} />
    </section>
  );
}

export function Buyers() {
  const d = useDashboard();
  const editable = canWrite(d.me);
  const [editing, setEditing] = useState<string | null>(null);
  const data = useResource(
    async (signal): Promise<BuyersData> => {
      const [b, t] = await Promise.all([d.api.get<{ buyers: Buyer[] }>('/v1/buyers', {}, signal), d.api.get<{ targets: Target[] }>('/v1/targets', {}, signal)]);
      return { buyers: b.buyers, targets: t.targets };
    },
    [d.api],
  );
  return (
    <Shell current="buyers" title="Buyers" filters={false}>
      <Async {...data}>
        {({ buyers, targets }) => {
          const edited = targets.find((t) => t.id === editing);
          return (
            <div class="stack">
              {buyers.length === 0 ? (
                <section class="card">
                  <Empty title="No buyers yet">
                    {editable ? 'Add a buyer below, then its targets: where its calls ring, its caps and what it pays.' : 'An admin adds buyers and their targets on this page.'}
                  </Empty>
                </section>
              ) : (
                <>
                  <p class="muted small">
                    {counted(buyers.length, 'buyer')}, {counted(targets.length, 'target')}. Calls in progress against each target's caps are on the <a href="#/live">Live calls</a> page.
                  </p>
                  {buyers.map((b) => (
                    <BuyerCard
                      key={b.id}
                      buyer={b}
                      targets={targets.filter((t) => t.buyer === b.id)}
                      editable={editable}
                      onEdit={setEditing}
                      onChange={data.reload}
                    />
                  ))}
                </>
              )}
              {edited && editable && <TargetEditor key={edited.id} buyers={buyers} target={edited} onSaved={data.reload} onClose={() => setEditing(null)} />}
              {editable && <NewBuyer onCreated={data.reload} />}
              {editable && buyers.length > 0 && <TargetEditor buyers={buyers} onSaved={data.reload} />}
            </div>
          );
        }}
      </Async>
    </Shell>
  );
}
