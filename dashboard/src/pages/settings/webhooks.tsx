// Webhook endpoints: add one (its signing secret shown once), send a test event, and read
// each endpoint's delivery log with "send again". Publisher postbacks: postbacks.tsx.
import { useState } from 'preact/hooks';
import { CopyButton } from '../../components/copy-button';
import { DataTable } from '../../components/data-table';
import { Async } from '../../components/states';
import { useDashboard } from '../../lib/context';
import { eventTypes, type Webhook } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { DeliveryLog } from './delivery-log';

export function WebhookSettings() {
  const { api } = useDashboard();
  const data = useResource((signal) => api.get<{ webhooks: Webhook[] }>('/v1/webhooks', {}, signal), [api]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<Webhook | null>(null);
  const form = useSubmit();
  const action = useSubmit();

  const submit = form.onSubmit(async (fd, el) => {
    const made = await api.send<{ secret: string }>('POST', '/v1/webhooks', { url: String(fd.get('url') ?? ''), events: fd.getAll('events').map(String) });
    setSecret(made.secret);
    el.reset();
    data.reload();
    return null;
  });

  return (
    <div class="stack">
      <section class="card">
        <h2>Webhooks</h2>
        <FormMessages error={action.error} done={action.done} />
        <Async {...data}>
          {({ webhooks }) => (
            <DataTable
              caption="Webhook endpoints"
              rows={webhooks}
              rowKey={(w) => w.id}
              columns={[
                { key: 'url', label: 'URL', render: (w) => <code>{w.url}</code> },
                { key: 'events', label: 'Events', render: (w) => w.events.join(', ') },
                {
                  key: 'actions',
                  label: '',
                  render: (w) => (
                    <span class="confirm">
                      <button
                        type="button"
                        class="button button-small button-ghost"
                        onClick={() =>
                          action.run(async () => {
                            await api.send('POST', `/v1/webhooks/${encodeURIComponent(w.id)}/test`);
                            return `Test event sent to ${w.url}.`;
                          })
                        }
                      >
                        Send test event
                      </button>
                      <button type="button" class="button button-small button-ghost" onClick={() => setOpen(w)}>
                        Deliveries
                      </button>
                    </span>
                  ),
                },
              ]}
            />
          )}
        </Async>
      </section>
      {open && <DeliveryLog key={open.id} kind="webhooks" destination={open} />}
      <section class="card">
        <h2>Add an endpoint</h2>
        <form class="form-grid" onSubmit={submit}>
          <label class="field">
            <span>URL (https; http only for localhost)</span>
            <input name="url" type="url" required maxLength={2048} placeholder="https://crm.example.com/dni" />
          </label>
          <fieldset class="field">
            <legend>Events</legend>
            {eventTypes.map((t) => (
              <label key={t}>
                <input type="checkbox" name="events" value={t} defaultChecked={t === 'call.completed'} /> {t}
              </label>
            ))}
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={form.busy}>
              {form.busy ? 'Adding…' : 'Add endpoint'}
            </button>
          </div>
        </form>
        <FormMessages error={form.error} done={form.done} />
        {secret && (
          <div class="notice notice-ok new-key" role="status">
            <p>
              <strong>Copy the signing secret now.</strong> It is shown once; it verifies the DNI-Signature header.
            </p>
            <div class="code">
              <pre>
                <code>{secret}</code>
              </pre>
              <CopyButton text={secret} />
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
