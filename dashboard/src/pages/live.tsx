// Calls in progress per target against its concurrency cap, and its hour's, day's and
// month's use against its caps (GET /v1/targets/live), refreshed while the tab is visible.
import { DataTable } from '../components/data-table';
import { Shell } from '../components/shell';
import { Async, Empty } from '../components/states';
import { reportCurrency, useDashboard } from '../lib/context';
import { clockSeconds, count, money } from '../lib/format';
import type { Buyer, CapUnit, TargetLive } from '../lib/types';
import { usePoll } from '../lib/use-poll';
import { useResource } from '../lib/use-resource';

const REFRESH_MS = 5_000;

type LiveData = { at: string; targets: TargetLive[]; buyers: Map<string, string> };

/** "1 of 2", "$450.00 of $500.00", or the use alone when there is no cap; at the cap it reads as full. */
function Use({ used, cap, unit, currency }: { used: number; cap: number | null; unit: CapUnit | 'calls'; currency: string }) {
  const amount = (n: number) => (unit === 'revenue' ? money(n, currency) : count(n));
  if (cap === null) return <span>{amount(used)}</span>;
  const full = used >= cap;
  return (
    <span class={full ? 'tone-bad' : undefined}>
      {amount(used)} of {amount(cap)}
      {full && <span class="sr-only"> (at its cap)</span>}
    </span>
  );
}

export function Live() {
  const d = useDashboard();
  const currency = reportCurrency(d.me);
  const data = useResource(
    async (signal): Promise<LiveData> => {
      const [live, b] = await Promise.all([
        d.api.get<{ at: string; targets: TargetLive[] }>('/v1/targets/live', {}, signal),
        d.api.get<{ buyers: Buyer[] }>('/v1/buyers', {}, signal),
      ]);
      return { ...live, buyers: new Map(b.buyers.map((x) => [x.id, x.name])) };
    },
    [d.api],
  );
  usePoll(data.reload, REFRESH_MS);
  return (
    <Shell current="live" title="Live calls" filters={false}>
      <section class="card">
        {/* A poll refreshes the numbers in place: the table is not dimmed every few seconds. */}
        <Async {...data} loading={false}>
          {({ at, targets, buyers }) => (
            <>
              <p class="muted small">
                Updated {clockSeconds(at)}; refreshes every {REFRESH_MS / 1000} seconds while this tab is open. Hours, days and months start in each target's own time zone.
              </p>
              {targets.length === 0 ? (
                <Empty title="No targets yet">Targets are added on the Buyers page.</Empty>
              ) : (
                <DataTable
                  caption="Calls in progress and use against caps, per target"
                  rows={targets}
                  rowKey={(t) => t.id}
                  columns={[
                    { key: 'name', label: 'Target', render: (t) => t.name, sortValue: (t) => t.name },
                    { key: 'buyer', label: 'Buyer', render: (t) => buyers.get(t.buyer) ?? t.buyer, sortValue: (t) => buyers.get(t.buyer) ?? t.buyer },
                    { key: 'live', label: 'Calls now', numeric: true, sortValue: (t) => t.live, render: (t) => <Use used={t.live} cap={t.concurrency_cap} unit="calls" currency={currency} /> },
                    { key: 'hour', label: 'This hour', numeric: true, sortValue: (t) => t.hour, render: (t) => <Use used={t.hour} cap={t.hourly_cap} unit={t.cap_unit} currency={currency} /> },
                    { key: 'day', label: 'Today', numeric: true, sortValue: (t) => t.day, render: (t) => <Use used={t.day} cap={t.daily_cap} unit={t.cap_unit} currency={currency} /> },
                    { key: 'month', label: 'This month', numeric: true, sortValue: (t) => t.month, render: (t) => <Use used={t.month} cap={t.monthly_cap} unit={t.cap_unit} currency={currency} /> },
                  ]}
                />
              )}
            </>
          )}
        </Async>
      </section>
    </Shell>
  );
}
