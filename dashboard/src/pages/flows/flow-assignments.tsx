// Where a flow runs: the pools and sites that name it (PUT /v1/pools/{id}/flow and
// PUT /v1/sites/{id}/flow), and for an admin the form to add one and a confirmed "Stop".
import { ConfirmButton } from '../../components/confirm-button';
import { useDashboard } from '../../lib/context';
import { phone } from '../../lib/format';
import type { Flow, Pool, Site } from '../../lib/types';
import { FormMessages, useSubmit } from '../../lib/use-submit';

type Place = { kind: 'pools' | 'sites'; id: string; label: string; stopped: string };

function places(pools: Pool[], sites: Site[]): Place[] {
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? id;
  return [
    ...pools.map((p) => ({ kind: 'pools' as const, id: p.id, label: `Pool ${p.name} (${siteName(p.site)})`, stopped: `its calls are forwarded to ${phone(p.forward_to)} again, or run its site's flow` })),
    ...sites.map((s) => ({ kind: 'sites' as const, id: s.id, label: `Site ${s.name}: every pool without its own flow`, stopped: 'its pools without their own flow forward calls again' })),
  ];
}

export function FlowAssignments({ flow, pools, sites, editable, onChange }: { flow: Flow; pools: Pool[]; sites: Site[]; editable: boolean; onChange: () => void }) {
  const { api } = useDashboard();
  const all = places(pools, sites);
  const using = all.filter((p) => (p.kind === 'pools' ? pools.find((x) => x.id === p.id)?.flow : sites.find((x) => x.id === p.id)?.flow) === flow.id);
  const form = useSubmit();
  const assign = (place: Place, to: string | null) => api.send('PUT', `/v1/${place.kind}/${encodeURIComponent(place.id)}/flow`, { flow: to });
  const submit = form.onSubmit(async (fd) => {
    const place = all.find((p) => `${p.kind}/${p.id}` === fd.get('place'));
    if (!place) throw new Error('Choose a pool or a site.');
    await assign(place, flow.id);
    onChange();
    return `${place.label} now runs ${flow.name}.`;
  });
  const stop = (place: Place) =>
    form.run(async () => {
      await assign(place, null);
      onChange();
      return `${place.label} no longer runs ${flow.name}.`;
    });
  return (
    <div class="flow-use">
      <h3>Runs on</h3>
      {using.length === 0 ? (
        <p class="muted small">No pool or site yet: calls reach this flow only once one runs it.</p>
      ) : (
        <ul class="pool-numbers">
          {using.map((p) => (
            <li key={`${p.kind}/${p.id}`}>
              <span>{p.label}</span>
              {editable && (
                <ConfirmButton label="Stop" question={`Stop running ${flow.name} there? ${p.stopped[0]!.toUpperCase()}${p.stopped.slice(1)}.`} confirm="Yes, stop" busy={form.busy} onConfirm={() => stop(p)} />
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && all.length > 0 && (
        <form class="inline-form" onSubmit={submit} aria-label={`Run ${flow.name} on a pool or site`}>
          <label class="field">
            <span>Run on</span>
            <select name="place" required>
              {all.map((p) => (
                <option key={`${p.kind}/${p.id}`} value={`${p.kind}/${p.id}`}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="button" disabled={form.busy}>
            {form.busy ? 'Saving…' : 'Run this flow'}
          </button>
        </form>
      )}
      <FormMessages error={form.error} done={form.done} />
    </div>
  );
}
