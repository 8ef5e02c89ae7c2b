import { Shell } from '../../components/shell';
import { Async, Empty } from '../../components/states';
import { canWrite, useDashboard } from '../../lib/context';
import type { Pool, PoolReport } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { NewPool } from './new-pool';
import { PoolCard, type PoolView } from './pool-card';

/** Pools and their numbers: how full they are, how big they should be, and (for an admin) creating and changing them. */
export function Numbers() {
  const d = useDashboard();
  const editable = canWrite(d.me);
  const data = useResource(
    async (signal): Promise<PoolView[]> => {
      const [report, list] = await Promise.all([
        d.api.get<{ pools: PoolReport[] }>('/v1/reports/pools', { site: d.scope.site }, signal),
        d.api.get<{ pools: Pool[] }>('/v1/pools', { site: d.scope.site }, signal),
      ]);
      const pools = new Map(list.pools.map((p) => [p.id, p]));
      return report.pools.flatMap((p) => {
        const pool = pools.get(p.id);
        return pool ? [{ ...p, pool }] : [];
      });
    },
    [d.api, d.siteId],
  );
  const siteName = (id: string) => d.sites.find((s) => s.id === id)?.name ?? id;
  return (
    <Shell current="numbers" title="Numbers" filters={false}>
      <div class="stack">
        <Async {...data}>
          {(pools) =>
            pools.length === 0 ? (
              <section class="card">
                <Empty title="No number pools yet">
                  {editable ? 'Create a pool below: the business number it replaces, where calls go, and its tracking numbers.' : 'An admin creates pools on this page.'}
                </Empty>
              </section>
            ) : (
              <div class="pools">
                {pools.map((p) => (
                  <PoolCard key={p.id} p={p} siteName={siteName(p.site)} editable={editable} onChange={data.reload} />
                ))}
              </div>
            )
          }
        </Async>
        {editable && <NewPool onCreated={data.reload} />}
      </div>
    </Shell>
  );
}
