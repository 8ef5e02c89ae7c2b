import { useState } from 'preact/hooks';
import { CopyButton } from '../../components/copy-button';
import { DataTable } from '../../components/data-table';
import { Async } from '../../components/states';
import { useDashboard } from '../../lib/context';
import { fullDateTime } from '../../lib/format';
import type { ApiKey, Buyer, Publisher, Role } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';

const roleHelp: Record<Role, string> = {
  admin: 'Everything, including settings and marking conversions.',
  viewer: 'Reads every report and call; changes nothing.',
  publisher: "Reads only one publisher's own calls and sessions, with callers masked.",
  integration: 'Only reports sales from your CRM (POST /v1/conversions).',
  buyer: "Reads only one buyer's own calls (callers, recordings, what it owes) and its own report.",
};

function Revoke({ onRevoke }: { onRevoke: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" class="button button-small button-ghost" onClick={() => setConfirming(true)}>
        Revoke
      </button>
    );
  }
  return (
    <span class="confirm">
      <button type="button" class="button button-small button-danger" onClick={onRevoke}>
        Revoke now
      </button>
      <button type="button" class="button button-small button-ghost" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

export function ApiKeys() {
  const { api, me } = useDashboard();
  const data = useResource(
    async (signal) => {
      const [keys, pubs, buyers] = await Promise.all([
        api.get<{ api_keys: ApiKey[] }>('/v1/api-keys', {}, signal),
        api.get<{ publishers: Publisher[] }>('/v1/publishers', {}, signal),
        api.get<{ buyers: Buyer[] }>('/v1/buyers', {}, signal),
      ]);
      return { keys: keys.api_keys, publishers: pubs.publishers, buyers: buyers.buyers };
    },
    [api],
  );
  const [role, setRole] = useState<Role>('viewer');
  const [created, setCreated] = useState<string | null>(null);
  const form = useSubmit();
  const revoke = useSubmit();

  const submit = form.onSubmit(async (fd, el) => {
    const body = {
      role,
      name: String(fd.get('name') ?? '') || undefined,
      ...(role === 'publisher' ? { publisher: String(fd.get('publisher')) } : {}),
      ...(role === 'buyer' ? { buyer: String(fd.get('buyer')) } : {}),
    };
    const made = await api.send<{ key: string }>('POST', '/v1/api-keys', body);
    setCreated(made.key);
    el.reset();
    data.reload();
    return null;
  });
  // Whom a key reads for: its publisher or its buyer, by name.
  const boundTo = (k: ApiKey, pubs: Publisher[], buyers: Buyer[]) => {
    const id = k.publisher ?? k.buyer ?? null;
    return id ? ([...pubs, ...buyers].find((p) => p.id === id)?.name ?? id) : '—';
  };

  return (
    <div class="stack">
      <section class="card">
        <h2>API keys</h2>
        <FormMessages error={revoke.error} done={revoke.done} />
        <Async {...data}>
          {({ keys, publishers, buyers }) => (
            <DataTable
              caption="API keys"
              rows={keys}
              rowKey={(k) => k.id}
              columns={[
                { key: 'name', label: 'Name', render: (k) => k.name ?? <span class="muted">Unnamed</span> },
                { key: 'prefix', label: 'Starts with', render: (k) => (k.prefix ? <code>{k.prefix}…</code> : 'chosen by the operator') },
                { key: 'role', label: 'Role', render: (k) => k.role },
                { key: 'publisher', label: 'For', render: (k) => boundTo(k, publishers, buyers) },
                { key: 'created', label: 'Created', render: (k) => fullDateTime(k.created_at) },
                {
                  key: 'state',
                  label: 'Status',
                  render: (k) =>
                    k.revoked ? (
                      <span class="badge badge-muted">Revoked</span>
                    ) : k.id === me.key?.id ? (
                      <span class="badge">This key</span>
                    ) : (
                      <Revoke
                        onRevoke={() =>
                          revoke.run(async () => {
                            await api.send('DELETE', `/v1/api-keys/${encodeURIComponent(k.id)}`);
                            data.reload();
                            return `Revoked ${k.name ?? k.prefix ?? k.id}. It stops working at once.`;
                          })
                        }
                      />
                    ),
                },
              ]}
            />
          )}
        </Async>
      </section>
      <section class="card">
        <h2>Create a key</h2>
        <form class="form-grid" onSubmit={submit}>
          <label class="field">
            <span>Role</span>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} aria-describedby="role-help">
              <option value="viewer">Viewer</option>
              <option value="publisher">Publisher</option>
              <option value="admin">Admin</option>
              <option value="integration">Integration</option>
              <option value="buyer">Buyer</option>
            </select>
            <small id="role-help" class="muted">
              {roleHelp[role]}
            </small>
          </label>
          {role === 'publisher' && (
            <label class="field">
              <span>Publisher</span>
              <select name="publisher" required>
                {(data.data?.publishers ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {role === 'buyer' && (
            <label class="field">
              <span>Buyer</span>
              <select name="buyer" required>
                {(data.data?.buyers ?? []).map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="field">
            <span>Name (optional)</span>
            <input name="name" maxLength={200} placeholder="Reporting for Lead Partners" />
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={form.busy}>
              {form.busy ? 'Creating…' : 'Create key'}
            </button>
          </div>
        </form>
        <FormMessages error={form.error} done={form.done} />
        {created && (
          <div class="notice notice-ok new-key" role="status">
            <p>
              <strong>Copy this key now.</strong> It is shown once; only its first characters are kept.
            </p>
            <div class="code">
              <pre>
                <code>{created}</code>
              </pre>
              <CopyButton text={created} />
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
