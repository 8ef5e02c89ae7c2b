import { DataTable } from '../../components/data-table';
import { Empty } from '../../components/states';
import { useDashboard } from '../../lib/context';
import { ago } from '../../lib/format';
import type { Site } from '../../lib/types';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { defaultTimeZone, timeZones } from '../../lib/zones';


export function SiteSettings() {
  const { api, sites, reloadSites } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (data, el) => {
    const domains = String(data.get('domains') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    const site = await api.send<Site>('POST', '/v1/sites', { name: data.get('name'), domains, country: data.get('country'), timezone: data.get('timezone') });
    el.reset();
    reloadSites();
    return `Added ${site.name}. Its script tag is on the Install page.`;
  });
  return (
    <div class="stack">
      <section class="card">
        <h2>Sites</h2>
        {sites.length ? (
          <DataTable
            caption="Sites"
            rows={sites}
            rowKey={(s) => s.id}
            columns={[
              { key: 'name', label: 'Name', render: (s) => s.name },
              { key: 'domains', label: 'Domains', render: (s) => s.domains.join(', ') },
              { key: 'tz', label: 'Time zone', render: (s) => s.timezone },
              { key: 'key', label: 'Site key', render: (s) => <code>{s.public_key}</code> },
              { key: 'seen', label: 'Snippet last seen', render: (s) => ago(s.last_seen_at) },
            ]}
          />
        ) : (
          <Empty title="No sites yet" />
        )}
      </section>
      <section class="card">
        <h2>Add a site</h2>
        <form class="form-grid" onSubmit={submit}>
          <label class="field">
            <span>Name</span>
            <input name="name" required maxLength={200} placeholder="Acme Plumbing" />
          </label>
          <label class="field">
            <span>Domains</span>
            <input name="domains" required placeholder="acmeplumbing.com, www.acmeplumbing.com" />
          </label>
          <label class="field">
            <span>Country</span>
            <input name="country" required maxLength={2} minLength={2} defaultValue="US" />
          </label>
          <label class="field">
            <span>Time zone</span>
            <select name="timezone" defaultValue={defaultTimeZone()}>
              {timeZones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={form.busy}>
              {form.busy ? 'Adding…' : 'Add site'}
            </button>
          </div>
        </form>
        <FormMessages error={form.error} done={form.done} />
      </section>
    </div>
  );
}
