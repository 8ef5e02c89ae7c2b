// Conversions to the ad platforms: one section per platform, each listing its
// destinations (settings, credentials masked to their last 4 characters), with its
// delivery log, archive, and a form that takes the credentials once. They are never
// shown back: the API answers only their masks (docs/integrations.md).
import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../components/confirm-button';
import { DataTable } from '../../components/data-table';
import { Async } from '../../components/states';
import { useDashboard } from '../../lib/context';
import { adPlatformKinds, type AdPlatformDestination, type AdPlatformKind } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { destinationLabel } from '../call-deliveries';
import { DeliveryLog } from './delivery-log';

type Field = { name: string; label: string; optional?: boolean; kind?: 'checkbox' | 'consent' };
type PlatformForm = { settings: Field[]; credentials: Field[]; note: string };

const forms: Record<AdPlatformKind, PlatformForm> = {
  google_ads: {
    note: 'Click conversions by gclid, gbraid or wbraid (clicks up to 90 days old), restated by orderId when a sale value comes later.',
    settings: [
      { name: 'customer_id', label: 'Customer id (123-456-7890)' },
      { name: 'conversion_action', label: 'Conversion action id' },
      { name: 'login_customer_id', label: 'Manager (login) customer id', optional: true },
      { name: 'ad_user_data_consent', label: 'Consent for ad user data', kind: 'consent' },
      { name: 'enhanced_conversions', label: "Enhanced conversions for leads (send the caller's hashed number)", kind: 'checkbox' },
    ],
    credentials: [
      { name: 'developer_token', label: 'Developer token' },
      { name: 'client_id', label: 'OAuth client id' },
      { name: 'client_secret', label: 'OAuth client secret' },
      { name: 'refresh_token', label: 'OAuth refresh token' },
    ],
  },
  ga4: {
    note: 'Measurement Protocol events (generate_lead, purchase) for visitors whose _ga cookie was captured.',
    settings: [{ name: 'measurement_id', label: 'Measurement id (G-…)' }],
    credentials: [{ name: 'api_secret', label: 'Measurement Protocol API secret' }],
  },
  meta_capi: {
    note: 'Lead and Purchase events with action_source phone_call, the hashed caller number, fbc and fbp.',
    settings: [
      { name: 'pixel_id', label: 'Pixel (dataset) id' },
      { name: 'test_event_code', label: 'Test event code', optional: true },
    ],
    credentials: [{ name: 'access_token', label: 'Conversions API access token' }],
  },
  microsoft_ads: {
    note: 'Offline conversions by msclkid, restated when a sale value comes later.',
    settings: [
      { name: 'customer_id', label: 'Customer id' },
      { name: 'account_id', label: 'Account id' },
      { name: 'conversion_name', label: 'Offline conversion goal name' },
    ],
    credentials: [
      { name: 'developer_token', label: 'Developer token' },
      { name: 'client_id', label: 'OAuth client id' },
      { name: 'client_secret', label: 'OAuth client secret', optional: true },
      { name: 'refresh_token', label: 'OAuth refresh token' },
    ],
  },
};

/** The form's values for `fields`: empty optional text left out, checkboxes as booleans. */
function values(fd: FormData, fields: Field[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of fields) {
    if (f.kind === 'checkbox') out[f.name] = fd.get(f.name) === 'on';
    else {
      const v = String(fd.get(f.name) ?? '').trim();
      if (v || !f.optional) out[f.name] = v;
    }
  }
  return out;
}

function Input({ field, secret }: { field: Field; secret: boolean }) {
  if (field.kind === 'checkbox') {
    return (
      <label class="field">
        <span>
          <input type="checkbox" name={field.name} /> {field.label}
        </span>
      </label>
    );
  }
  if (field.kind === 'consent') {
    return (
      <label class="field">
        <span>{field.label}</span>
        <select name={field.name} defaultValue="UNSPECIFIED">
          <option value="UNSPECIFIED">Unspecified</option>
          <option value="GRANTED">Granted</option>
          <option value="DENIED">Denied</option>
        </select>
      </label>
    );
  }
  return (
    <label class="field">
      <span>
        {field.label}
        {field.optional ? ' (optional)' : ''}
      </span>
      <input name={field.name} type={secret ? 'password' : 'text'} autoComplete="off" required={!field.optional} maxLength={secret ? 4096 : 200} />
    </label>
  );
}

function PlatformSection({ kind, destinations, reload }: { kind: AdPlatformKind; destinations: AdPlatformDestination[]; reload: () => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const action = useSubmit();
  const [open, setOpen] = useState<AdPlatformDestination | null>(null);
  const spec = forms[kind];
  const label = destinationLabel[kind];

  const submit = form.onSubmit(async (fd, el) => {
    const events = fd.getAll('events').map(String);
    const baseUrl = String(fd.get('base_url') ?? '').trim();
    await api.send('POST', '/v1/ad-platforms', {
      kind,
      settings: values(fd, spec.settings),
      credentials: values(fd, spec.credentials),
      events,
      ...(baseUrl ? { base_url: baseUrl } : {}),
    });
    el.reset();
    reload();
    return `${label} added. Its credentials are stored and will not be shown again.`;
  });

  return (
    <section class="card" aria-labelledby={`ad-${kind}`} data-platform={kind}>
      <h2 id={`ad-${kind}`}>{label}</h2>
      <p class="muted small">{spec.note}</p>
      <FormMessages error={action.error} done={action.done} />
      {destinations.length > 0 && (
        <DataTable
          caption={`${label} destinations`}
          rows={destinations}
          rowKey={(d) => d.id}
          columns={[
            { key: 'settings', label: 'Settings', render: (d) => Object.entries(d.settings).filter(([k]) => k !== 'token_url').map(([k, v]) => `${k}: ${String(v)}`).join(' · ') },
            { key: 'credentials', label: 'Credentials', render: (d) => Object.entries(d.credentials).map(([k, v]) => `${k} ${v}`).join(' · ') },
            { key: 'events', label: 'Events', render: (d) => d.events.join(', ') },
            {
              key: 'actions',
              label: '',
              render: (d) => (
                <span class="confirm">
                  <button type="button" class="button button-small button-ghost" onClick={() => setOpen(open?.id === d.id ? null : d)}>
                    Deliveries
                  </button>
                  <ConfirmButton
                    label="Archive"
                    question={`Stop sending conversions to this ${label} destination?`}
                    confirm="Archive"
                    busy={action.busy}
                    onConfirm={() =>
                      action.run(async () => {
                        await api.send('DELETE', `/v1/ad-platforms/${encodeURIComponent(d.id)}`);
                        reload();
                        return `${label} destination archived.`;
                      })
                    }
                  />
                </span>
              ),
            },
          ]}
        />
      )}
      {open && <DeliveryLog key={open.id} kind="ad-platforms" destination={{ id: open.id, url: `${label} (${open.base_url})` }} />}
      <details>
        <summary>Add {label}</summary>
        <form class="form-grid" onSubmit={submit} aria-label={`Add ${label}`}>
          {spec.settings.map((f) => (
            <Input key={f.name} field={f} secret={false} />
          ))}
          {spec.credentials.map((f) => (
            <Input key={f.name} field={f} secret={true} />
          ))}
          <fieldset class="field">
            <legend>Send on</legend>
            <label>
              <input type="checkbox" name="events" value="call.qualified" defaultChecked /> call.qualified (the conversion)
            </label>
            <label>
              <input type="checkbox" name="events" value="call.converted" defaultChecked /> call.converted (its value, restated)
            </label>
          </fieldset>
          <label class="field">
            <span>Endpoint (optional: the platform's own)</span>
            <input name="base_url" type="url" maxLength={2048} />
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={form.busy}>
              {form.busy ? 'Adding…' : `Add ${label}`}
            </button>
          </div>
        </form>
        <FormMessages error={form.error} done={form.done} />
      </details>
    </section>
  );
}

export function AdPlatformSettings() {
  const { api } = useDashboard();
  const data = useResource((signal) => api.get<{ ad_platforms: AdPlatformDestination[] }>('/v1/ad-platforms', {}, signal), [api]);
  return (
    <div class="stack">
      <Async {...data}>
        {({ ad_platforms }) => (
          <>
            {adPlatformKinds.map((kind) => (
              <PlatformSection key={kind} kind={kind} destinations={ad_platforms.filter((d) => d.kind === kind)} reload={data.reload} />
            ))}
          </>
        )}
      </Async>
    </div>
  );
}
