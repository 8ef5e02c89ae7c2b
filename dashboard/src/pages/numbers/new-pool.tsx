import { useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../../lib/context';
import type { Pool } from '../../lib/types';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { numberList, PoolSettingsFields, poolSettings } from './pool-form';

/** Creates a pool of tracking numbers for one business number of a site. */
export function NewPool({ onCreated }: { onCreated: () => void }) {
  const { api, sites, siteId } = useDashboard();
  const form = useSubmit();
  // The chosen site is state, not only the DOM's: a form reset or a re-render would put the
  // select back on the first site, and the next pool most often goes to the same site.
  const [chosen, setChosen] = useState(siteId || sites[0]?.id || '');
  // Picking a site in the top bar picks it here too.
  useEffect(() => {
    if (siteId) setChosen(siteId);
  }, [siteId]);
  const submit = form.onSubmit(async (data, el) => {
    const pool = await api.send<Pool>('POST', '/v1/pools', {
      ...poolSettings(data),
      site: data.get('site'),
      replace: data.get('replace'),
      kind: data.get('kind'),
      numbers: numberList(data.get('numbers')),
    });
    el.reset();
    onCreated();
    return `Created ${pool.name} with ${pool.numbers.length === 1 ? '1 number' : `${pool.numbers.length} numbers`}.`;
  });
  if (sites.length === 0) return null;
  return (
    <section class="card" aria-labelledby="new-pool">
      <h2 id="new-pool">New pool</h2>
      <p class="muted small">Visitors to the site see one of the pool's numbers in place of the business number; calls to it are forwarded.</p>
      <form class="form-grid" onSubmit={submit}>
        <label class="field">
          <span>Site</span>
          <select name="site" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Business number it replaces</span>
          <input name="replace" required inputMode="tel" placeholder="(800) 555-0100" />
        </label>
        <label class="field">
          <span>Kind</span>
          <select name="kind">
            <option value="session">Per visitor (one number each)</option>
            <option value="source">Per source (one static number)</option>
          </select>
        </label>
        <PoolSettingsFields />
        <label class="field field-wide">
          <span>Tracking numbers, one a line</span>
          <textarea name="numbers" rows={3} placeholder={'(415) 555-0101\n(415) 555-0102'} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.busy}>
            {form.busy ? 'Creating…' : 'Create pool'}
          </button>
        </div>
      </form>
      <FormMessages error={form.error} done={form.done} />
    </section>
  );
}
