// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pool, PoolReport } from '../../dashboard/src/lib/types';
import { Numbers } from '../../dashboard/src/pages/numbers';
import { admin, dashboardValue, fakeFetch, find, mount, text, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const report = (p: Partial<PoolReport>): PoolReport => ({
  id: 'pl_1',
  name: 'Visitors',
  site: 'st_1',
  kind: 'session',
  replace: '+18005550100',
  size: 10,
  leased_now: 3,
  peak_leases: 9,
  exhaustions: 0,
  recommended_size: 8,
  ...p,
});
const pool: Pool = {
  id: 'pl_1',
  site: 'st_1',
  name: 'Visitors',
  replace: '+18005550100',
  kind: 'session',
  numbers: ['+14155550101'],
  match: { source: null, medium: null, campaign: null, publisher: null },
  priority: 0,
  lease_minutes: 30,
  rest_minutes: 15,
  match_window_minutes: 60,
  forward_to: '+18005550100',
  overflow_number: null,
  record: false,
  flow: null,
  archived_at: null,
};

function show(p: PoolReport) {
  fakeFetch({ 'GET /v1/reports/pools': () => ({ body: { pools: [p] } }), 'GET /v1/pools': () => ({ body: { pools: [pool] } }) });
  return mount(<Numbers />, dashboardValue(admin));
}

describe('numbers page', () => {
  it('says a pool with no traffic yet has nothing to size it by', async () => {
    const el = show(report({ recommended_size: null, leased_now: 0, peak_leases: 0 }));
    const stats = await until(() => find(el, '.pool-stats'));
    expect(text(stats)).toContain('RecommendedNo traffic yet');
    expect(el.querySelector('.notice-warn')).toBeNull();
  });

  it('asks for more numbers when the pool is smaller than recommended', async () => {
    const el = show(report({ size: 10, recommended_size: 14, exhaustions: 3 }));
    const notice = await until(() => find(el, '.notice-warn'));
    expect(text(notice)).toContain('Add 4 numbers');
  });
});
