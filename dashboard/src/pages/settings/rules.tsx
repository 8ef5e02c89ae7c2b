import { useState } from 'preact/hooks';
import { SitePicker } from '../../components/site-picker';
import { Async, Empty } from '../../components/states';
import { officeHours, WeeklyHours } from '../../components/weekly-hours';
import { amountExample, amountText, parseAmount } from '../../lib/amount';
import { useDashboard } from '../../lib/context';
import { fullDateTime } from '../../lib/format';
import type { BusinessHours, Rules } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';

// Regions are single words; a phone number may contain spaces, so callers split on lines and commas only.
const list = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

export function RulesSettings() {
  const { api, sites, siteId } = useDashboard();
  const [chosen, setChosen] = useState(siteId || sites[0]?.id || '');
  const rules = useResource((signal) => (chosen ? api.get<Rules>(`/v1/sites/${encodeURIComponent(chosen)}/rules`, {}, signal) : Promise.resolve(null)), [api, chosen]);
  if (!sites.length) return <Empty title="Add a site first">Rules belong to a site.</Empty>;
  return (
    <section class="card">
      <div class="card-head">
        <h2>Qualification rules</h2>
        <SitePicker value={chosen} onChange={setChosen} />
      </div>
      <p class="muted small">A call qualifies, and is paid for, only when it meets every rule. Changes apply to calls from now on; calls already judged keep their judgement.</p>
      <Async {...rules}>{(r) => (r ? <RulesForm key={r.site} rules={r} zone={sites.find((s) => s.id === chosen)?.timezone ?? 'UTC'} onSaved={rules.reload} /> : null)}</Async>
    </section>
  );
}

function RulesForm({ rules, zone, onSaved }: { rules: Rules; zone: string; onSaved: () => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const [hoursOn, setHoursOn] = useState(rules.business_hours !== null);
  const [hours, setHours] = useState<BusinessHours>(rules.business_hours ?? officeHours(zone));
  // The payout is read in the currency the form will save, which may be changing with it.
  const [currency, setCurrency] = useState(rules.currency);
  const payoutCurrency = currency.trim().toUpperCase() || rules.currency;

  const submit = form.onSubmit(async (fd) => {
    const payout = parseAmount(String(fd.get('payout') ?? ''), payoutCurrency);
    if (payout === null) throw new Error(`Payout: enter an amount in ${payoutCurrency} such as ${amountExample(payoutCurrency)}.`);
    const regions = list(String(fd.get('regions') ?? ''), /[\s,]+/);
    await api.send('PUT', `/v1/sites/${encodeURIComponent(rules.site)}/rules`, {
      min_duration_s: Number(fd.get('min_duration_s')),
      dedupe_days: Number(fd.get('dedupe_days')),
      payout_cents: payout,
      currency: payoutCurrency,
      allowed_regions: regions.length ? regions : null,
      blocked_callers: list(String(fd.get('blocked') ?? ''), /[\n,]+/),
      business_hours: hoursOn ? hours : null,
    });
    onSaved();
    return 'Rules saved.';
  });

  return (
    <form class="rules" onSubmit={submit}>
      <div class="form-grid">
        <label class="field">
          <span>Minimum duration (seconds)</span>
          <input name="min_duration_s" type="number" min={0} max={86400} required defaultValue={String(rules.min_duration_s)} />
        </label>
        <label class="field">
          <span>Dedupe window (days)</span>
          <input name="dedupe_days" type="number" min={0} max={365} required defaultValue={String(rules.dedupe_days)} />
        </label>
        <label class="field">
          <span>Payout per qualified call ({payoutCurrency})</span>
          <input name="payout" inputMode="decimal" required defaultValue={amountText(rules.payout_cents, rules.currency)} />
        </label>
        <label class="field">
          <span>Currency</span>
          <input name="currency" required maxLength={3} minLength={3} value={currency} onInput={(e) => setCurrency(e.currentTarget.value)} />
        </label>
        <label class="field field-wide">
          <span>Allowed regions (states, area codes or ZIP codes; empty allows all)</span>
          <input name="regions" defaultValue={(rules.allowed_regions ?? []).join(', ')} placeholder="CA, NY, 415" />
        </label>
        <label class="field field-wide">
          <span>Blocked callers (one number per line)</span>
          <textarea name="blocked" rows={3} defaultValue={rules.blocked_callers.join('\n')} placeholder="+14155550100" />
        </label>
      </div>
      <fieldset class={hoursOn ? 'hours' : 'hours hours-off'}>
        <legend>
          <label class="check">
            <input type="checkbox" checked={hoursOn} onChange={(e) => setHoursOn(e.currentTarget.checked)} />
            Only calls during business hours qualify
          </label>
        </legend>
        {hoursOn && <WeeklyHours hours={hours} onChange={setHours} />}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save rules'}
        </button>
        <span class="muted small">Last changed {fullDateTime(rules.updated_at)}</span>
      </div>
      <FormMessages error={form.error} done={form.done} />
    </form>
  );
}
