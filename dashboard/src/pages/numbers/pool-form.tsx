import type { Pool } from '../../lib/types';

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const orNull = (v: FormDataEntryValue | null) => String(v ?? '').trim() || null;
const int = (v: FormDataEntryValue | null) => Number(v);

/** Phone numbers typed one a line (or comma separated), as the API takes them. */
export const numberList = lines;

/** The settings a pool may change, as PATCH /v1/pools/{id} (and POST /v1/pools) take them. */
export function poolSettings(data: FormData) {
  return {
    name: String(data.get('name') ?? ''),
    forward_to: String(data.get('forward_to') ?? ''),
    overflow_number: orNull(data.get('overflow_number')),
    match: { source: orNull(data.get('match_source')), medium: orNull(data.get('match_medium')), campaign: orNull(data.get('match_campaign')), publisher: orNull(data.get('match_publisher')) },
    priority: int(data.get('priority')),
    lease_minutes: int(data.get('lease_minutes')),
    rest_minutes: int(data.get('rest_minutes')),
    match_window_minutes: int(data.get('match_window_minutes')),
    record: data.get('record') === 'on',
  };
}

/** The fields of `poolSettings`, filled with `pool`'s to edit it, or the API's defaults for a new pool. */
export function PoolSettingsFields({ pool }: { pool?: Pool }) {
  return (
    <>
      <label class="field">
        <span>Pool name</span>
        <input name="name" required maxLength={200} placeholder="Paid search" defaultValue={pool?.name} />
      </label>
      <label class="field">
        <span>Forward calls to</span>
        <input name="forward_to" required inputMode="tel" placeholder="(415) 555-0100" defaultValue={pool?.forward_to} />
      </label>
      <label class="field">
        <span>Overflow number (optional)</span>
        <input name="overflow_number" inputMode="tel" placeholder="shown when every number is taken" defaultValue={pool?.overflow_number ?? ''} />
      </label>
      <label class="field">
        <span>Only for source (optional)</span>
        <input name="match_source" placeholder="google" defaultValue={pool?.match.source ?? ''} />
      </label>
      <label class="field">
        <span>Only for medium (optional)</span>
        <input name="match_medium" placeholder="cpc" defaultValue={pool?.match.medium ?? ''} />
      </label>
      <label class="field">
        <span>Only for campaign (optional)</span>
        <input name="match_campaign" defaultValue={pool?.match.campaign ?? ''} />
      </label>
      <label class="field">
        <span>Only for publisher code (optional)</span>
        <input name="match_publisher" defaultValue={pool?.match.publisher ?? ''} />
      </label>
      <label class="field">
        <span>Priority</span>
        <input name="priority" type="number" min={-1000} max={1000} required defaultValue={String(pool?.priority ?? 0)} />
      </label>
      <label class="field">
        <span>Lease (minutes)</span>
        <input name="lease_minutes" type="number" min={1} max={1440} required defaultValue={String(pool?.lease_minutes ?? 30)} />
      </label>
      <label class="field">
        <span>Rest (minutes)</span>
        <input name="rest_minutes" type="number" min={0} max={1440} required defaultValue={String(pool?.rest_minutes ?? 15)} />
      </label>
      <label class="field">
        <span>Match window (minutes)</span>
        <input name="match_window_minutes" type="number" min={0} max={10080} required defaultValue={String(pool?.match_window_minutes ?? 60)} />
      </label>
      <label class="check">
        <input name="record" type="checkbox" defaultChecked={pool?.record ?? false} />
        <span>Record calls</span>
      </label>
    </>
  );
}
