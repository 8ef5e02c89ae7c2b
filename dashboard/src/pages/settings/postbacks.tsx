// Publisher postbacks: a URL template per publisher, or the account default for calls of
// publishers without their own (and of no publisher). Add one with its events (the macro
// list beside it; the API's message when a template is refused), edit its template and
// events, archive it after a confirmation, and read its delivery log with "send again".
import { useState } from 'preact/hooks';
import { postbackMacros, type PostbackMacro } from '../../../../collector/domain/events/postback-url';
import { ConfirmButton } from '../../components/confirm-button';
import { DataTable } from '../../components/data-table';
import { Async, Empty } from '../../components/states';
import { useDashboard } from '../../lib/context';
import { eventTypes, type Postback, type Publisher } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { FormMessages, useSubmit } from '../../lib/use-submit';
import { DeliveryLog } from './delivery-log';

// Typed by the collector's own list, so a new macro cannot go unexplained here.
const macroMeaning: Record<PostbackMacro, string> = {
  call_id: 'our call id',
  click_id: "the publisher's clickid from the landing URL, else gclid, fbclid, msclkid, else subid",
  sub1: 'the landing URL’s sub1',
  sub2: 'sub2',
  sub3: 'sub3',
  sub4: 'sub4',
  sub5: 'sub5',
  payout: 'the call’s payout, in units with two decimals (12.50)',
  currency: 'USD, …',
  duration: 'seconds',
  caller_state: 'the caller’s state or province (NY)',
  status: 'qualified or disqualified once judged, else the call status',
  event: 'the event type (call.qualified)',
};

const DEFAULT = '';
const eventsOf = (fields: FormData) => fields.getAll('events').map(String);

function EventChoices({ checked }: { checked: readonly string[] }) {
  return (
    <fieldset class="field">
      <legend>Events</legend>
      {eventTypes.map((t) => (
        <label key={t}>
          <input type="checkbox" name="events" value={t} defaultChecked={checked.includes(t)} /> {t}
        </label>
      ))}
    </fieldset>
  );
}

function TemplateField({ value }: { value?: string }) {
  return (
    <label class="field field-wide">
      <span>URL template (https; http only for localhost)</span>
      <input name="url" type="text" required maxLength={2048} defaultValue={value} placeholder="https://track.publisher.example/postback?clickid={click_id}&payout={payout}" />
    </label>
  );
}

function EditPostback({ postback, forWhom, onDone }: { postback: Postback; forWhom: string; onDone: (saved: boolean) => void }) {
  const { api } = useDashboard();
  const form = useSubmit();
  const submit = form.onSubmit(async (fields) => {
    await api.send('PATCH', `/v1/postbacks/${encodeURIComponent(postback.id)}`, { url: String(fields.get('url') ?? ''), events: eventsOf(fields) });
    onDone(true);
    return null;
  });
  return (
    <section class="card">
      <h3>Edit the postback for {forWhom}</h3>
      <form class="form-grid" onSubmit={submit}>
        <TemplateField value={postback.url} />
        <EventChoices checked={postback.events} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.busy}>
            {form.busy ? 'Saving…' : 'Save postback'}
          </button>
          <button type="button" class="button button-ghost" onClick={() => onDone(false)}>
            Cancel
          </button>
        </div>
      </form>
      <FormMessages error={form.error} done={form.done} />
    </section>
  );
}

export function PostbackSettings() {
  const { api } = useDashboard();
  const data = useResource(
    async (signal) => {
      const [postbacks, publishers] = await Promise.all([
        api.get<{ postbacks: Postback[] }>('/v1/postbacks', {}, signal),
        api.get<{ publishers: Publisher[] }>('/v1/publishers', {}, signal),
      ]);
      return { postbacks: postbacks.postbacks, publishers: publishers.publishers };
    },
    [api],
  );
  const [open, setOpen] = useState<Postback | null>(null);
  const [editing, setEditing] = useState<Postback | null>(null);
  const form = useSubmit();
  const action = useSubmit();

  const submit = form.onSubmit(async (fields, el) => {
    const publisher = String(fields.get('publisher') ?? DEFAULT);
    await api.send('POST', '/v1/postbacks', { url: String(fields.get('url') ?? ''), events: eventsOf(fields), publisher: publisher === DEFAULT ? null : publisher });
    el.reset();
    data.reload();
    return 'Postback added.';
  });

  return (
    <Async {...data}>
      {({ postbacks, publishers }) => {
        const nameOf = (p: Postback) => (p.publisher === null ? 'Account default' : (publishers.find((x) => x.id === p.publisher)?.name ?? p.publisher));
        // The account default first, then the publishers by name.
        const rows = [...postbacks].sort((a, b) => (a.publisher === null ? -1 : b.publisher === null ? 1 : nameOf(a).localeCompare(nameOf(b))));
        return (
          <div class="stack">
            <section class="card">
              <h2>Publisher postbacks</h2>
              <p class="muted">
                A call credited to a publisher uses that publisher's postback for an event when it has one, otherwise the account default; calls of no
                publisher use the default too.
              </p>
              <FormMessages error={action.error} done={action.done} />
              {rows.length ? (
                <DataTable
                  caption="Publisher postbacks"
                  rows={rows}
                  rowKey={(p) => p.id}
                  columns={[
                    { key: 'for', label: 'For', render: (p) => nameOf(p) },
                    { key: 'url', label: 'URL template', render: (p) => <code>{p.url}</code> },
                    { key: 'events', label: 'Events', render: (p) => p.events.join(', ') },
                    {
                      key: 'actions',
                      label: '',
                      render: (p) => (
                        <span class="confirm">
                          <button type="button" class="button button-small button-ghost" onClick={() => setEditing(p)}>
                            Edit
                          </button>
                          <button type="button" class="button button-small button-ghost" onClick={() => setOpen(p)}>
                            Deliveries
                          </button>
                          <ConfirmButton
                            label="Archive"
                            question={`Archive the postback for ${nameOf(p)}? Its pending deliveries are given up.`}
                            confirm="Archive postback"
                            busy={action.busy}
                            onConfirm={() =>
                              action.run(async () => {
                                await api.send('DELETE', `/v1/postbacks/${encodeURIComponent(p.id)}`);
                                if (open?.id === p.id) setOpen(null);
                                if (editing?.id === p.id) setEditing(null);
                                data.reload();
                                return `Archived the postback for ${nameOf(p)}.`;
                              })
                            }
                          />
                        </span>
                      ),
                    },
                  ]}
                />
              ) : (
                <Empty title="No postbacks yet">Publishers hear of their calls once you add one below.</Empty>
              )}
            </section>
            {editing && (
              <EditPostback
                key={editing.id}
                postback={editing}
                forWhom={nameOf(editing)}
                onDone={(saved) => {
                  setEditing(null);
                  if (saved) data.reload();
                }}
              />
            )}
            {open && <DeliveryLog key={open.id} kind="postbacks" destination={open} />}
            <section class="card">
              <h2>Add a postback</h2>
              <form class="form-grid" onSubmit={submit}>
                <label class="field">
                  <span>For</span>
                  <select name="publisher">
                    <option value={DEFAULT}>Account default</option>
                    {publishers.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </label>
                <TemplateField />
                <EventChoices checked={['call.qualified']} />
                <div class="form-actions">
                  <button type="submit" class="button button-primary" disabled={form.busy}>
                    {form.busy ? 'Adding…' : 'Add postback'}
                  </button>
                </div>
              </form>
              <FormMessages error={form.error} done={form.done} />
              <DataTable
                caption="Macros (any case; every value URL-encoded; the caller's number is never one)"
                rows={[...postbackMacros]}
                rowKey={(m) => m}
                columns={[
                  { key: 'macro', label: 'Macro', render: (m) => <code>{`{${m}}`}</code> },
                  { key: 'value', label: 'Value', render: (m) => macroMeaning[m] },
                ]}
              />
            </section>
          </div>
        );
      }}
    </Async>
  );
}
