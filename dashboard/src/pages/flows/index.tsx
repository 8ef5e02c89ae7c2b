// Call flows: what a caller hears and where the call may go, where each flow runs, and
// for an admin creating and editing them (docs/call-flows.md).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Shell } from '../../components/shell';
import { Async, Empty } from '../../components/states';
import { canWrite, useDashboard } from '../../lib/context';
import type { Buyer, Flow, Pool, Site, Target } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { FlowAssignments } from './flow-assignments';
import { FlowFields, flowBody, useFlowSteps } from './flow-form';
import { gateText, menuText, overflowText } from './flow-text';

type FlowsData = { flows: Flow[]; targets: Target[]; buyers: Buyer[]; pools: Pool[] };

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="kv">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Creates a flow (`flow` absent) or edits one. Only targets still taking calls can be chosen. */
function FlowEditor({ flow, data, onSaved, onClose }: { flow?: Flow; data: FlowsData; onSaved: () => void; onClose?: () => void }) {
  const { api } = useDashboard();
  const steps = useFlowSteps(flow);
  const form = useSubmit();
  const active = data.targets.filter((t) => t.archived_at === null);
  const dropped = data.targets.filter((t) => t.archived_at !== null && flow?.targets.includes(t.id));
  const submit = form.onSubmit(async (fd, el) => {
    const body = flowBody(fd, steps);
    if (flow) {
      const saved = await api.send<Flow>('PATCH', `/v1/flows/${encodeURIComponent(flow.id)}`, body);
      onSaved();
      return `Saved ${saved.name}.`;
    }
    const made = await api.send<Flow>('POST', '/v1/flows', body);
    el.reset();
    onSaved();
    return `Created ${made.name}. Run it on a pool or a site to send calls through it.`;
  });
  return (
    <form class="form-grid" onSubmit={submit} aria-label={flow ? `Flow ${flow.name}` : 'New flow'}>
      <FlowFields flow={flow} targets={active} buyers={data.buyers} steps={steps} />
      {dropped.length > 0 && <p class="notice notice-warn field-wide">Archived, so left out when saved: {dropped.map((t) => t.name).join(', ')}.</p>}
      <div class="form-actions field-wide">
        <button type="submit" class="button button-primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : flow ? 'Save flow' : 'Create flow'}
        </button>
        {onClose && (
          <button type="button" class="button button-ghost" onClick={onClose}>
            Close
          </button>
        )}
      </div>
      <div class="field-wide">
        <FormMessages error={form.error} done={form.done} />
      </div>
    </form>
  );
}

function FlowCard({ flow, data, editable, onChange }: { flow: Flow; data: FlowsData; editable: boolean; onChange: () => void }) {
  const { sites, reloadSites } = useDashboard();
  const [editing, setEditing] = useState(false);
  const target = (id: string) => data.targets.find((t) => t.id === id);
  const buyerName = (id: string) => data.buyers.find((b) => b.id === id)?.name ?? 'archived buyer';
  const headingId = `flow-${flow.id}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{flow.name}</h2>
        {editable && (
          <button type="button" class="button button-small" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            {editing ? 'Close editor' : 'Edit flow'}
          </button>
        )}
      </div>
      {editing ? (
        <FlowEditor
          flow={flow}
          data={data}
          onSaved={onChange}
          onClose={() => setEditing(false)}
        />
      ) : (
        <dl class="kvs">
          <Fact label="Greeting">{flow.greeting ?? 'None'}</Fact>
          <Fact label="Disclosure">{flow.recording_disclosure ?? 'None'}</Fact>
          <Fact label="Gate">{gateText(flow.gate)}</Fact>
          <Fact label="Menu">{menuText(flow.menu)}</Fact>
          <Fact label="Targets">
            {flow.targets.length === 0
              ? 'None: every call overflows'
              : flow.targets.map((id, i) => {
                  const t = target(id);
                  return (
                    <span key={id}>
                      {i > 0 && ', '}
                      {t ? `${t.name} (${buyerName(t.buyer)})` : id}
                      {t?.archived_at && <span class="badge badge-muted">archived</span>}
                    </span>
                  );
                })}
          </Fact>
          <Fact label="Ringing">
            {flow.ring_timeout_s} s per target{flow.sticky ? '; repeat callers go first to their last target' : ''}
            {flow.record ? '; recorded' : ''}
          </Fact>
          <Fact label="Whisper">{flow.whisper ?? 'None'}</Fact>
          <Fact label="No target free">{overflowText(flow.overflow)}</Fact>
        </dl>
      )}
      <FlowAssignments
        flow={flow}
        pools={data.pools}
        sites={sites}
        editable={editable}
        onChange={() => {
          onChange();
          reloadSites();
        }}
      />
    </section>
  );
}

export function Flows() {
  const d = useDashboard();
  const editable = canWrite(d.me);
  const data = useResource(
    async (signal): Promise<FlowsData> => {
      // Archived targets and buyers too: a flow may still name them, and its summary says so.
      const [f, t, b, p] = await Promise.all([
        d.api.get<{ flows: Flow[] }>('/v1/flows', {}, signal),
        d.api.get<{ targets: Target[] }>('/v1/targets', { archived: 1 }, signal),
        d.api.get<{ buyers: Buyer[] }>('/v1/buyers', { archived: 1 }, signal),
        d.api.get<{ pools: Pool[] }>('/v1/pools', {}, signal),
      ]);
      return { flows: f.flows, targets: t.targets, buyers: b.buyers, pools: p.pools };
    },
    [d.api],
  );
  return (
    <Shell current="flows" title="Flows" filters={false}>
      <Async {...data}>
        {(all) => (
          <div class="stack">
            {all.flows.length === 0 ? (
              <section class="card">
                <Empty title="No call flows yet">
                  {editable ? 'Create one below. Without a flow, calls to a pool are forwarded to its forwarding number.' : 'An admin creates flows on this page.'}
                </Empty>
              </section>
            ) : (
              all.flows.map((f) => <FlowCard key={f.id} flow={f} data={all} editable={editable} onChange={data.reload} />)
            )}
            {editable && (
              <section class="card" aria-labelledby="new-flow">
                <h2 id="new-flow">New flow</h2>
                <p class="muted small">What callers hear, the keys they press, the targets their call may go to and what happens when none is free.</p>
                <FlowEditor data={all} onSaved={data.reload} />
              </section>
            )}
          </div>
        )}
      </Async>
    </Shell>
  );
}
