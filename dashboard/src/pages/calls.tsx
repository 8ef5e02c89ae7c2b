import { useEffect, useState } from 'preact/hooks';
import { CallsTable } from '../components/calls-table';
import { Shell } from '../components/shell';
import { Empty, ErrorNotice, Loading } from '../components/states';
import { useDashboard } from '../lib/context';
import { dimensionValue } from '../lib/format';
import { href, navigate } from '../lib/router';
import { dimensionLabel, dimensions, type Call, type Dimension } from '../lib/types';
import { CallExports } from './call-exports';

const FILTERS = [...dimensions, 'qualified'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
// Shown always; landing page and device (set from a report row) only while they filter.
const ALWAYS_SHOWN: Dimension[] = ['source', 'medium', 'campaign', 'keyword', 'publisher'];
const placeholders: Record<Dimension, string> = {
  source: 'google',
  medium: 'cpc',
  campaign: 'spring-sale',
  keyword: 'emergency plumber',
  publisher: 'code',
  landing_page: 'https://…',
  device: 'mobile',
  buyer: 'by_…',
};
// Reports show a missing value as "(none)"; typed in a filter it asks for calls without one
// (the API's empty value), so a report row and its calls list always agree.
const NONE = dimensionValue(null);

type Page = { calls: Call[]; next_cursor: string | null };

function filtersOf(query: URLSearchParams): Filters {
  const out: Filters = {};
  for (const f of FILTERS) {
    const v = query.get(f);
    if (v !== null && (v !== '' || f !== 'qualified')) out[f] = v;
  }
  return out;
}

/** The call log: the shared date range plus the filters in the address bar, newest first. */
export function Calls({ query }: { query: URLSearchParams }) {
  const d = useDashboard();
  const filters = filtersOf(query);
  const filterKey = JSON.stringify(filters);
  const [calls, setCalls] = useState<Call[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const load = (after: string | null, signal?: AbortSignal) =>
    d.api.get<Page>('/v1/calls', { ...d.scope, ...filters, limit: 50, cursor: after }, signal);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    load(null, ctl.signal).then(
      (page) => {
        if (ctl.signal.aborted) return;
        setCalls(page.calls);
        setCursor(page.next_cursor);
        setLoading(false);
      },
      (err: Error) => {
        if (ctl.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [d.api, d.scope.from, d.scope.to, d.siteId, filterKey, attempt]);

  const more = async () => {
    setLoading(true);
    try {
      const page = await load(cursor);
      setCalls((c) => [...(c ?? []), ...page.calls]);
      setCursor(page.next_cursor);
    } catch (err) {
      setError(err as Error);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Shell current="calls" title="Calls">
      <FilterForm filters={filters} traffic={d.me.role !== 'buyer'} />
      <CallExports filters={filters} />
      <section class="card">
        {error && <ErrorNotice error={error} retry={() => setAttempt((a) => a + 1)} />}
        {calls === null ? (
          !error && <Loading label="Loading calls…" />
        ) : calls.length === 0 ? (
          <Empty title="No calls match">Try a wider date range or fewer filters.</Empty>
        ) : (
          <div class={loading ? 'reloading' : undefined} aria-busy={loading}>
            <CallsTable calls={calls} />
            {cursor && (
              <div class="load-more">
                <button type="button" class="button" onClick={more} disabled={loading}>
                  {loading ? 'Loading…' : 'Show more calls'}
                </button>
              </div>
            )}
          </div>
        )}
      </section>
    </Shell>
  );
}

/** `traffic`: the attribution filters; a buyer key may filter by none of them (403). */
function FilterForm({ filters, traffic }: { filters: Filters; traffic: boolean }) {
  const submit = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const next: Record<string, string> = {};
    for (const f of FILTERS) {
      const v = String(form.get(f) ?? '').trim();
      if (v) next[f] = v === NONE ? '' : v;
    }
    navigate(href('calls', next));
  };
  const text = (name: Dimension) => (
    <label class="field" key={name}>
      <span>{dimensionLabel[name]}</span>
      <input name={name} defaultValue={filters[name] === '' ? NONE : (filters[name] ?? '')} placeholder={placeholders[name]} />
    </label>
  );
  // Keyed by the filters so the form shows them again after back/forward.
  return (
    <form class="card filter-form" onSubmit={submit} key={JSON.stringify(filters)} aria-label="Filter calls">
      {dimensions.filter((dim) => traffic && (ALWAYS_SHOWN.includes(dim) || filters[dim] !== undefined)).map(text)}
      <label class="field">
        <span>Qualified</span>
        <select name="qualified" defaultValue={filters.qualified ?? ''}>
          <option value="">All calls</option>
          <option value="true">Qualified</option>
          <option value="false">Not qualified</option>
        </select>
      </label>
      <div class="filter-actions">
        <button type="submit" class="button button-primary">
          Apply
        </button>
        {Object.keys(filters).length > 0 && (
          <a class="button button-ghost" href={href('calls')}>
            Clear
          </a>
        )}
      </div>
    </form>
  );
}
