import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../components/confirm-button';
import { DataTable } from '../../components/data-table';
import { Empty } from '../../components/states';
import { useDashboard } from '../../lib/context';
import { ago } from '../../lib/format';
import type { Site } from '../../lib/types';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { SiteFormFields, siteFields } from './site-form';

function EditSite({ site, onDone }: { site: Site; onDone: () => void }) {
  const { api, reloadSites } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (data) => {
    const saved = await api.send<Site>('PATCH', `/v1/sites/${site.id}`, siteFields(data));
    reloadSites();
    return `Saved ${saved.name}.`;
  });
  return (
    <section class="card" aria-labelledby="edit-site">
      <h2 id="edit-site">Edit {site.name}</h2>
      <form class="form-grid" onSubmit={submit}>
        <SiteFormFields site={site} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.busy}>
            {form.busy ? 'Saving…' : 'Save site'}
          </button>
          <button type="button" class="button button-ghost" onClick={onDone}>
            Close
          </button>
        </div>
      </form>
      <FormMessages error={form.error} done={form.done} />
    </section>
  );
}

export function SiteSettings() {
  const { api, sites, reloadSites, siteId, setSiteId } = useDashboard();
  const [editing, setEditing] = useState<string | null>(null);
  const form = useSubmit();
  const archive = useSubmit();
  const submit = form.onSubmit(async (data, el) => {
    const site = await api.send<Site>('POST', '/v1/sites', siteFields(data));
    el.reset();
    reloadSites();
    return `Added ${site.name}. Its script tag is on the Install page; add its numbers on the Numbers page.`;
  });
  const archiveSite = (site: Site) =>
    archive.run(async () => {
      await api.send('DELETE', `/v1/sites/${site.id}`);
      if (siteId === site.id) setSiteId('');
      if (editing === site.id) setEditing(null);
      reloadSites();
      return `Archived ${site.name}: its visitors keep the site's own numbers, and its calls and reports stay.`;
    });
  const edited = sites.find((s) => s.id === editing);
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
              {
                key: 'actions',
                label: 'Actions',
                render: (s) => (
                  <div class="row-actions">
                    <button type="button" class="button button-small" onClick={() => setEditing(s.id)} aria-label={`Edit ${s.name}`}>
                      Edit
                    </button>
                    <ConfirmButton
                      label="Archive"
                      question={`Archive ${s.name}? Its pages stop getting tracking numbers.`}
                      confirm="Yes, archive"
                      busy={archive.busy}
                      onConfirm={() => archiveSite(s)}
                    />
                  </div>
                ),
              },
            ]}
          />
        ) : (
          <Empty title="No sites yet" />
        )}
        <FormMessages error={archive.error} done={archive.done} />
      </section>
      {edited && <EditSite key={edited.id} site={edited} onDone={() => setEditing(null)} />}
      <section class="card">
        <h2>Add a site</h2>
        <form class="form-grid" onSubmit={submit}>
          <SiteFormFields />
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
