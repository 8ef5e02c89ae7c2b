import { Shell } from '../components/shell';
import { Async, Empty } from '../components/states';
import { useDashboard } from '../lib/context';
import { count, phone } from '../lib/format';
import type { Pool, PoolReport } from '../lib/types';
import { useResource } from '../lib/use-resource';

function Meter({ used, size }: { used: number; size: number }) {
  const share = size ? Math.min(1, used / size) : 0;
  return (
    <div class="meter" role="meter" aria-valuemin={0} aria-valuemax={size} aria-valuenow={used} aria-label={`${used} of ${size} numbers leased`}>
      <div class={share >= 0.9 ? 'meter-fill meter-hot' : share >= 0.75 ? 'meter-fill meter-warm' : 'meter-fill'} style={{ width: `${share * 100}%` }} />
    </div>
  );
}

/** Pools and their numbers: how full they are now, at their busiest, and how big they should be. */
export function Numbers() {
  const d = useDashboard();
  const data = useResource(
    async (signal) => {
      const [report, list] = await Promise.all([
        d.api.get<{ pools: PoolReport[] }>('/v1/reports/pools', { site: d.scope.site }, signal),
        d.api.get<{ pools: Pool[] }>('/v1/pools', { site: d.scope.site }, signal),
      ]);
      const numbers = new Map(list.pools.map((p) => [p.id, p.numbers]));
      return report.pools.map((p) => ({ ...p, numbers: numbers.get(p.id) ?? [] }));
    },
    [d.api, d.siteId],
  );
  const siteName = (id: string) => d.sites.find((s) => s.id === id)?.name ?? id;
  return (
    <Shell current="numbers" title="Numbers" filters={false}>
      <Async {...data}>
        {(pools) =>
          pools.length === 0 ? (
            <section class="card">
              <Empty title="No number pools yet">Create a pool with the API (POST /v1/pools) to start swapping numbers.</Empty>
            </section>
          ) : (
            <div class="pools">
              {pools.map((p) => {
                const recommended = p.recommended_size;
                const short = recommended !== null && recommended > p.size;
                return (
                  <section class="card pool" key={p.id} aria-labelledby={`pool-${p.id}`}>
                    <div class="card-head">
                      <h2 id={`pool-${p.id}`}>{p.name}</h2>
                      <span class="badge">{p.kind === 'session' ? 'Per visitor' : 'Per source'}</span>
                    </div>
                    <p class="muted small">
                      {siteName(p.site)} · replaces {phone(p.replace)}
                    </p>
                    <Meter used={p.leased_now} size={p.size} />
                    <dl class="pool-stats">
                      <div>
                        <dt>Numbers</dt>
                        <dd>{count(p.size)}</dd>
                      </div>
                      <div>
                        <dt>Leased now</dt>
                        <dd>{count(p.leased_now)}</dd>
                      </div>
                      <div>
                        <dt>Peak at once</dt>
                        <dd>{count(p.peak_leases)}</dd>
                      </div>
                      <div>
                        <dt>Ran out</dt>
                        <dd class={p.exhaustions ? 'tone-bad' : undefined}>{count(p.exhaustions)}×</dd>
                      </div>
                      <div>
                        <dt>Recommended</dt>
                        {recommended === null ? (
                          <dd class="muted">No traffic yet</dd>
                        ) : (
                          <dd class={short ? 'tone-bad' : 'tone-good'}>{count(recommended)}</dd>
                        )}
                      </div>
                    </dl>
                    {short && (
                      <p class="notice notice-warn">
                        Add {count(recommended - p.size)} numbers: at its busiest this pool needs {count(recommended)}, and visitors beyond its size are not tracked one by one.
                      </p>
                    )}
                    <details>
                      <summary>{count(p.numbers.length)} numbers</summary>
                      <ul class="number-list">
                        {p.numbers.map((n) => (
                          <li key={n}>{phone(n)}</li>
                        ))}
                      </ul>
                    </details>
                  </section>
                );
              })}
            </div>
          )
        }
      </Async>
    </Shell>
  );
}
