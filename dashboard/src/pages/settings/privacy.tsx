import { Async } from '../../components/states';
import { useDashboard } from '../../lib/context';
import type { Retention } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';

const fields = [
  { name: 'sessions_days', label: 'Visits and page views (days)', hint: 'Older visits stay in reports as counts; their pages, referrers and visitor links are deleted.' },
  { name: 'caller_numbers_days', label: 'Caller numbers and places (days)', hint: 'Older calls keep their outcome, payout and attribution, without the caller.' },
  { name: 'recording_links_days', label: 'Recording links (days)', hint: 'The link to a call recording is removed from older calls.' },
] as const;

/** An empty field keeps that data until it is erased: null. */
function days(fd: FormData, name: string, label: string): number | null {
  const raw = String(fd.get(name) ?? '').trim();
  if (raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new Error(`${label}: enter whole days from 1 to 3650, or leave it empty to keep until erased.`);
  return n;
}

export function PrivacySettings() {
  const { api } = useDashboard();
  const retention = useResource((signal) => api.get<Retention>('/v1/settings/retention', {}, signal), [api]);
  return (
    <section class="card">
      <div class="card-head">
        <h2>Data retention</h2>
      </div>
      <p class="muted small">
        How long personal data is kept, for the whole account. A job applies it every minute. To erase one person now, use the API: DELETE /v1/visitors/&#123;id&#125; or
        DELETE /v1/callers/&#123;number&#125;.
      </p>
      <Async {...retention}>{(r) => <RetentionForm retention={r} onSaved={retention.reload} />}</Async>
    </section>
  );
}

function RetentionForm({ retention, onSaved }: { retention: Retention; onSaved: () => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (fd) => {
    const body = Object.fromEntries(fields.map((f) => [f.name, days(fd, f.name, f.label)]));
    await api.send('PUT', '/v1/settings/retention', body);
    onSaved();
    return 'Retention saved.';
  });
  return (
    <form class="retention" onSubmit={submit}>
      <div class="form-grid">
        {fields.map((f) => (
          <label class="field" key={f.name}>
            <span>{f.label}</span>
            <input name={f.name} type="number" min={1} max={3650} placeholder="Keep until erased" defaultValue={retention[f.name] === null ? '' : String(retention[f.name])} />
            <small class="muted">{f.hint}</small>
          </label>
        ))}
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save retention'}
        </button>
      </div>
      <FormMessages error={form.error} done={form.done} />
    </form>
  );
}
