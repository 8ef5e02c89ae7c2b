// Where a call's events went (webhooks, postbacks, ad platforms) and what each answered:
// "sent", "refused: click older than 90 days", a retry pending after a 503.
import { DataTable } from '../components/data-table';
import { fullDateTime } from '../lib/format';
import type { CallDelivery, DestinationKind } from '../lib/types';

export const destinationLabel: Record<DestinationKind, string> = {
  webhook: 'Webhook',
  postback: 'Postback',
  google_ads: 'Google Ads',
  ga4: 'GA4',
  meta_capi: 'Meta Conversions API',
  microsoft_ads: 'Microsoft Ads',
};

/** The status as one phrase: "refused: no msclkid", "retrying (HTTP 503)", "sent". */
export function deliveryStatusText(d: Pick<CallDelivery, 'status' | 'detail' | 'attempts'>): string {
  if (d.status === 'refused') return `refused: ${d.detail ?? ''}`;
  if (d.status === 'failed') return d.detail ? `failed: ${d.detail}` : 'failed';
  if (d.status === 'pending') return d.attempts === 0 ? 'pending' : `retrying (${d.detail ?? 'no answer'})`;
  return 'sent';
}

export function CallDeliveries({ deliveries, zone }: { deliveries: CallDelivery[]; zone: string }) {
  if (deliveries.length === 0) return <p class="muted">No destination took this call's events.</p>;
  return (
    <DataTable
      caption="Where this call's events went"
      rows={deliveries}
      rowKey={(d) => d.id}
      columns={[
        { key: 'kind', label: 'Destination', render: (d) => destinationLabel[d.kind] ?? d.kind },
        { key: 'event', label: 'Event', render: (d) => d.event },
        { key: 'status', label: 'Status', render: (d) => <span data-status={d.status}>{deliveryStatusText(d)}</span> },
        { key: 'attempts', label: 'Attempts', render: (d) => d.attempts },
        { key: 'at', label: 'Last attempt', render: (d) => (d.last_attempt_at ? fullDateTime(d.last_attempt_at, { zone, showZone: true }) : '—') },
      ]}
    />
  );
}
