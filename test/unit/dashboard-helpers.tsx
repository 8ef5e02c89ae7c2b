// Rendering dashboard components in happy-dom against a fake API: `routes` answers
// requests by method and path, and every request is recorded.
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { createApi } from '../../dashboard/src/lib/api';
import { DashboardContext, type Dashboard } from '../../dashboard/src/lib/context';
import type { Me, Site } from '../../dashboard/src/lib/types';

export type Handler = (req: { method: string; url: URL; body: unknown }) => { status?: number; body: unknown };

export function fakeFetch(routes: Record<string, Handler>) {
  const requests: { method: string; url: URL; body: unknown; auth: string | null }[] = [];
  const fetchMock = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://dashboard.test');
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, url, body, auth: new Headers(init.headers).get('authorization') });
    const handler = routes[`${method} ${url.pathname}`];
    const answer = handler ? handler({ method, url, body }) : { status: 404, body: { error: { code: 'not_found', message: `No route for ${method} ${url.pathname}` } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests };
}

export const admin: Me = { role: 'admin', account: { id: 'acc_default', name: 'Default', currency: 'USD' }, key: { id: 'key_1', name: 'Mine', prefix: 'dni_abcd' }, publisher: null };
export const viewer: Me = { ...admin, role: 'viewer' };
export const publisher: Me = { ...admin, role: 'publisher', publisher: { id: 'pub_1', name: 'Lead Partners', code: 'leadpartners' } };
export const buyer: Me = { ...admin, role: 'buyer', buyer: { id: 'by_1', name: 'Rooter Co' } };

/** `me` for an account that reports in `currency`. */
export const inCurrency = (me: Me, currency: string): Me => ({ ...me, account: { id: 'acc_default', name: 'Default', currency } });

export const site: Site = {
  id: 'st_1',
  name: 'Acme Plumbing',
  public_key: 'site_abc',
  domains: ['acme.example'],
  country: 'US',
  timezone: 'America/New_York',
  script_tag: '<script src="http://x/dni.js" data-site="site_abc" async></script>',
  last_seen_at: null,
  created_at: '2026-06-01T00:00:00.000Z',
};

/** A second site, half a world from the first: call times must follow the call's site. */
export const tokyoSite: Site = { ...site, id: 'st_2', name: 'Acme Tokyo', public_key: 'site_tokyo', domains: ['acme.example.jp'], country: 'JP', timezone: 'Asia/Tokyo' };

export function dashboardValue(me: Me, overrides: Partial<Dashboard> = {}): Dashboard {
  const range = { preset: 'custom' as const, from: '2026-06-01', to: '2026-06-30' };
  return {
    api: createApi('test-key', () => {}),
    me,
    sites: [site],
    buyers: [],
    reloadSites: () => {},
    siteId: '',
    setSiteId: () => {},
    range,
    setRange: () => {},
    scope: { from: '2026-06-01T04:00:00.000Z', to: '2026-07-01T04:00:00.000Z' },
    zone: 'America/New_York',
    signOut: () => {},
    ...overrides,
  };
}

/** Renders into a fresh container inside the signed-in context. */
export function mount(ui: ComponentChildren, value?: Dashboard): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  act(() => {
    render(value ? <DashboardContext.Provider value={value}>{ui}</DashboardContext.Provider> : ui, container);
  });
  return container;
}

/**
 * Lets pending fetches and renders finish until `check` passes (it throws until then).
 * It yields to the event loop, never waits for a clock.
 */
export async function until<T>(check: () => T, rounds = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < rounds; i++) {
    try {
      return check();
    } catch (err) {
      last = err;
    }
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
  throw last;
}

export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The element `selector` finds, or a throw (for `until`). */
export function find(root: ParentNode, selector: string): Element {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el;
}
