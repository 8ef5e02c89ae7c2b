import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../components/confirm-button';
import { ApiError } from '../../lib/api';
import { useDashboard } from '../../lib/context';
import { count, phone } from '../../lib/format';
import type { Pool, PoolReport } from '../../lib/types';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { numberList, PoolSettingsFields, poolSettings } from './pool-form';

export type PoolView = PoolReport & { pool: Pool };

const numbers = (n: number) => (n === 1 ? '1 number' : `${count(n)} numbers`);

function Meter({ used, size }: { used: number; size: number }) {
  const share = size ? Math.min(1, used / size) : 0;
  return (
    <div class="meter" role="meter" aria-valuemin={0} aria-valuemax={size} aria-valuenow={used} aria-label={`${used} of ${size} numbers leased`}>
      <div class={share >= 0.9 ? 'meter-fill meter-hot' : share >= 0.75 ? 'meter-fill meter-warm' : 'meter-fill'} style={{ width: `${share * 100}%` }} />
    </div>
  );
}

/** How big the pool should be, from GET /v1/reports/pools: what the "add numbers" form is for. */
function SizeAdvice({ p }: { p: PoolView }) {
  const recommended = p.recommended_size;
  if (recommended === null) return <p class="muted small">No traffic yet: once visitors arrive, the recommended size shows here.</p>;
  if (recommended > p.size) {
    return (
      <p class="notice notice-warn">
        Add {numbers(recommended - p.size)}: at its busiest this pool needs {count(recommended)}, and visitors beyond its size are not tracked one by one.
      </p>
    );
  }
  return <p class="muted small">Big enough: at its busiest this pool needed {numbers(recommended)}.</p>;
}

function AddNumbers({ p, onChange }: { p: PoolView; onChange: () => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (data, el) => {
    const list = numberList(data.get('numbers'));
    if (list.length === 0) throw new Error('Type at least one number.');
    await api.send('POST', `/v1/pools/${p.id}/numbers`, { numbers: list });
    el.reset();
    onChange();
    return `Added ${numbers(list.length)}.`;
  });
  return (
    <form class="inline-form" onSubmit={submit} aria-label={`Add numbers to ${p.name}`}>
      <label class="field">
        <span>Add numbers, one a line</span>
        <textarea name="numbers" rows={2} required placeholder={'(415) 555-0103'} />
      </label>
      <button type="submit" class="button" disabled={form.busy}>
        {form.busy ? 'Adding…' : 'Add numbers'}
      </button>
      <FormMessages error={form.error} done={form.done} />
    </form>
  );
}

/** The pool's numbers, each removable; a number a visitor holds now is removed only when asked again. */
function NumberList({ p, editable, onChange }: { p: PoolView; editable: boolean; onChange: () => void }) {
  const { api } = useDashboard();
  const action = useSubmit();
  const [held, setHeld] = useState<string | null>(null);
  const remove = (number: string, force: boolean) =>
    action.run(async () => {
      try {
        await api.send('DELETE', `/v1/pools/${p.id}/numbers/${encodeURIComponent(number)}${force ? '?force=1' : ''}`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) setHeld(number);
        throw err;
      }
      setHeld(null);
      onChange();
      return `Removed ${phone(number)}. Calls to it still match for ${p.pool.match_window_minutes} minutes.`;
    });
  return (
    <details open={editable}>
      <summary>{numbers(p.pool.numbers.length)}</summary>
      <ul class="pool-numbers">
        {p.pool.numbers.map((n) => (
          <li key={n}>
            <span>{phone(n)}</span>
            {editable && (
              <span class="row-actions">
                <ConfirmButton label="Remove" question={`Remove ${phone(n)}?`} confirm="Yes, remove" busy={action.busy} onConfirm={() => remove(n, false)} />
                {held === n && (
                  <ConfirmButton label="Remove anyway" question="End the visitor's lease now?" confirm="Yes, end it" busy={action.busy} onConfirm={() => remove(n, true)} />
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
      <FormMessages error={action.error} done={action.done} />
    </details>
  );
}

function EditPool({ p, onChange }: { p: PoolView; onChange: () => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (data) => {
    const saved = await api.send<Pool>('PATCH', `/v1/pools/${p.id}`, poolSettings(data));
    onChange();
    return `Saved ${saved.name}.`;
  });
  return (
    <details>
      <summary>Settings</summary>
      <form class="form-grid" onSubmit={submit} aria-label={`Settings of ${p.name}`}>
        <PoolSettingsFields pool={p.pool} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.busy}>
            {form.busy ? 'Saving…' : 'Save pool'}
          </button>
        </div>
      </form>
      <FormMessages error={form.error} done={form.done} />
    </details>
  );
}

/** One pool: how full it is, how big it should be, its numbers and, for an admin, everything to change them. */
export function PoolCard({ p, siteName, editable, onChange }: { p: PoolView; siteName: string; editable: boolean; onChange: () => void }) {
  const { api } = useDashboard();
  const archive = useSubmit();
  return (
    <section class="card pool" aria-labelledby={`pool-${p.id}`}>
      <div class="card-head">
        <h2 id={`pool-${p.id}`}>{p.name}</h2>
        <span class="badge">{p.kind === 'session' ? 'Per visitor' : 'Per source'}</span>
      </div>
      <p class="muted small">
        {siteName} · replaces {phone(p.replace)} · forwards to {phone(p.pool.forward_to)}
      </p>
      <Meter used={p.leased_now} size={p.size} />
      <dl class="pool-stats">
        <div>
          <dt>Numbers</dt>
          <dd>{count(p.size)}</dd>
        </div>
        <div>
          <dt>Leased now</dt>
          <dd>{count(p.leased_now)}</dd>
        </div>
        <div>
          <dt>Peak at once</dt>
          <dd>{count(p.peak_leases)}</dd>
        </div>
        <div>
          <dt>Ran out</dt>
          <dd class={p.exhaustions ? 'tone-bad' : undefined}>{count(p.exhaustions)}×</dd>
        </div>
        <div>
          <dt>Recommended</dt>
          {p.recommended_size === null ? (
            <dd class="muted">No traffic yet</dd>
          ) : (
            <dd class={p.recommended_size > p.size ? 'tone-bad' : 'tone-good'}>{count(p.recommended_size)}</dd>
          )}
        </div>
      </dl>
      <SizeAdvice p={p} />
      {editable && p.kind === 'session' && <AddNumbers p={p} onChange={onChange} />}
      <NumberList p={p} editable={editable} onChange={onChange} />
      {editable && (
        <>
          <EditPool p={p} onChange={onChange} />
          <div class="pool-actions">
            <ConfirmButton
              label="Archive pool"
              question={`Archive ${p.name}? Its numbers stop being shown; calls and reports stay.`}
              confirm="Yes, archive"
              busy={archive.busy}
              onConfirm={() =>
                archive.run(async () => {
                  await api.send('DELETE', `/v1/pools/${p.id}`);
                  onChange();
                  return null;
                })
              }
            />
          </div>
          <FormMessages error={archive.error} done={archive.done} />
        </>
      )}
    </section>
  );
}
