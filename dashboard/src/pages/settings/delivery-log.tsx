// One webhook's, postback's or ad platform's delivery log, newest first, with "send again" per delivery.
import { DataTable } from '../../components/data-table';
import { Async } from '../../components/states';
import { useDashboard } from '../../lib/context';
import { fullDateTime } from '../../lib/format';
import type { Delivery } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';

export function DeliveryLog({ kind, destination }: { kind: 'webhooks' | 'postbacks' | 'ad-platforms'; destination: { id: string; url: string } }) {
  const { api } = useDashboard();
  const base = `/v1/${kind}/${encodeURIComponent(destination.id)}`;
  const log = useResource((signal) => api.get<{ deliveries: Delivery[] }>(`${base}/deliveries`, {}, signal), [api, base]);
  const again = useSubmit();
  return (
    <section class="card">
      <h3>Deliveries to {destination.url}</h3>
      <FormMessages error={again.error} done={again.done} />
      <Async {...log}>
        {({ deliveries }) => (
          <DataTable
            caption={`Deliveries to ${destination.url}`}
            rows={deliveries}
            rowKey={(d) => d.id}
            columns={[
              { key: 'created', label: 'Event at', render: (d) => fullDateTime(d.created_at) },
              { key: 'type', label: 'Event', render: (d) => d.type },
              { key: 'status', label: 'Status', render: (d) => (d.status === 'refused' ? `refused: ${d.last_error ?? ''}` : d.status) },
              { key: 'attempts', label: 'Attempts', render: (d) => d.attempts },
              { key: 'answer', label: 'Last answer', render: (d) => (d.last_status_code ?? d.last_error ?? '—') + (d.last_latency_ms === null ? '' : ` (${d.last_latency_ms} ms)`) },
              {
                key: 'again',
                label: '',
                render: (d) => (
                  <button
                    type="button"
                    class="button button-small button-ghost"
                    onClick={() =>
                      again.run(async () => {
                        await api.send('POST', `${base}/deliveries/${encodeURIComponent(d.id)}/retry`);
                        log.reload();
                        return `Sending ${d.type} again.`;
                      })
                    }
                  >
                    Send again
                  </button>
                ),
              },
            ]}
          />
        )}
      </Async>
    </section>
  );
}
