// @vitest-environment happy-dom
// Creating, editing and archiving sites, pools and numbers from the dashboard: what each
// form sends, that nothing destructive is sent before it is confirmed, and what a viewer sees.
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pool, PoolReport } from '../../dashboard/src/lib/types';
import { Numbers } from '../../dashboard/src/pages/numbers';
import { SiteSettings } from '../../dashboard/src/pages/settings/sites';
import { admin, dashboardValue, fakeFetch, find, mount, site, text, until, viewer } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

function type(input: Element, value: string) {
  act(() => {
    (input as HTMLInputElement).value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const submit = (form: Element) => act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
const buttons = (root: ParentNode, name: string) => [...root.querySelectorAll('button')].filter((b) => text(b) === name || b.getAttribute('aria-label') === name);
const button = (root: ParentNode, name: string) => {
  const found = buttons(root, name)[0];
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const click = (el: Element) => act(() => (el as HTMLElement).click());
const field = (root: ParentNode, label: string) => {
  const found = [...root.querySelectorAll('label')].find((l) => text(l.querySelector('span')).startsWith(label));
  if (!found) throw new Error(`no field ${label}`);
  return found.querySelector('input, textarea, select') as HTMLInputElement;
};

const report: PoolReport = { id: 'pl_1', name: 'Visitors', site: 'st_1', kind: 'session', replace: '+18005550100', size: 2, leased_now: 1, peak_leases: 2, exhaustions: 4, recommended_size: 5 };
const pool: Pool = {
  id: 'pl_1',
  site: 'st_1',
  name: 'Visitors',
  replace: '+18005550100',
  kind: 'session',
  numbers: ['+14155550101', '+14155550102'],
  match: { source: 'google', medium: null, campaign: null, publisher: null },
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

function numbersPage(me = admin, extra: Parameters<typeof fakeFetch>[0] = {}) {
  const fetched = fakeFetch({ 'GET /v1/reports/pools': () => ({ body: { pools: [report] } }), 'GET /v1/pools': () => ({ body: { pools: [pool] } }), ...extra });
  return { ...fetched, el: mount(<Numbers />, dashboardValue(me)) };
}

describe('numbers page for an admin', () => {
  it('puts the size advice next to the form that adds numbers, and adds what was typed', async () => {
    const { el, requests } = numbersPage(admin, { 'POST /v1/pools/pl_1/numbers': () => ({ body: pool }) });
    const form = await until(() => find(el, 'form[aria-label="Add numbers to Visitors"]'));
    expect(text(form.previousElementSibling)).toContain('Add 3 numbers: at its busiest this pool needs 5');
    type(field(form, 'Add numbers'), '(415) 555-0103\n+14155550104, ');
    submit(form);
    await until(() => expect(text(find(form, '[role="status"]'))).toBe('Added 2 numbers.'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ numbers: ['(415) 555-0103', '+14155550104'] });
  });

  it('removes a number only once confirmed; a held number is removed anyway only when asked again', async () => {
    let held = true;
    const { el, requests } = numbersPage(admin, {
      'DELETE /v1/pools/pl_1/numbers/%2B14155550101': ({ url }) =>
        held && url.searchParams.get('force') !== '1'
          ? { status: 409, body: { error: { code: 'conflict', message: '+14155550101 is leased to a visitor right now' } } }
          : ((held = false), { body: pool }),
    });
    const row = await until(() => {
      const li = [...el.querySelectorAll('.pool-numbers li')].find((l) => text(l).startsWith('(415) 555-0101'));
      if (!li) throw new Error('no number row yet');
      return li;
    });
    click(button(row, 'Remove'));
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    expect(text(find(row, '.confirm'))).toContain('Remove (415) 555-0101?');
    click(button(row, 'Yes, remove'));
    await until(() => expect(text(find(el, '[role="alert"]'))).toContain('leased to a visitor right now'));
    click(button(row, 'Remove anyway'));
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    click(button(row, 'Yes, end it'));
    await until(() => expect(text(find(el, '.pool-numbers ~ [role="status"]'))).toContain('Removed (415) 555-0101'));
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url.search)).toEqual(['', '?force=1']);
  });

  it('saves the pool settings it shows, forwarding included', async () => {
    const { el, requests } = numbersPage(admin, { 'PATCH /v1/pools/pl_1': ({ body }) => ({ body: { ...pool, ...(body as object) } }) });
    const form = await until(() => find(el, 'form[aria-label="Settings of Visitors"]'));
    expect(field(form, 'Only for source').value).toBe('google');
    type(field(form, 'Forward calls to'), '(415) 555-0177');
    submit(form);
    await until(() => expect(text(find(el, 'form[aria-label="Settings of Visitors"] ~ [role="status"]'))).toBe('Saved Visitors.'));
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      name: 'Visitors',
      forward_to: '(415) 555-0177',
      overflow_number: null,
      match: { source: 'google', medium: null, campaign: null, publisher: null },
      priority: 0,
      lease_minutes: 30,
      rest_minutes: 15,
      match_window_minutes: 60,
      record: false,
    });
  });

  it('archives a pool only once confirmed, and can back out', async () => {
    const { el, requests } = numbersPage(admin, { 'DELETE /v1/pools/pl_1': () => ({ body: { ...pool, archived_at: '2026-06-01T00:00:00.000Z' } }) });
    await until(() => button(el, 'Archive pool'));
    click(button(el, 'Archive pool'));
    click(button(el, 'Cancel'));
    expect(buttons(el, 'Yes, archive')).toHaveLength(0);
    click(button(el, 'Archive pool'));
    expect(text(find(el, '.pool-actions .confirm'))).toContain('Archive Visitors?');
    click(button(el, 'Yes, archive'));
    await until(() => expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url.pathname)).toEqual(['/v1/pools/pl_1']));
  });

  it('creates a pool for the chosen site with its numbers', async () => {
    const { el, requests } = numbersPage(admin, { 'POST /v1/pools': ({ body }) => ({ status: 201, body: { ...pool, ...(body as object), numbers: ['+14155550105'] } }) });
    const form = await until(() => find(el, '#new-pool').closest('section')!.querySelector('form')!);
    type(field(form, 'Business number it replaces'), '(800) 555-0100');
    type(field(form, 'Pool name'), 'Paid search');
    type(field(form, 'Forward calls to'), '(415) 555-0100');
    type(field(form, 'Only for medium'), 'cpc');
    type(field(form, 'Tracking numbers'), '(415) 555-0105');
    submit(form);
    await until(() => expect(text(find(form.parentElement!, '[role="status"]'))).toBe('Created Paid search with 1 number.'));
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      site: 'st_1',
      name: 'Paid search',
      replace: '(800) 555-0100',
      kind: 'session',
      forward_to: '(415) 555-0100',
      match: { source: null, medium: 'cpc', campaign: null, publisher: null },
      numbers: ['(415) 555-0105'],
    });
  });
});

describe('numbers page for a viewer', () => {
  it('shows the pools and their advice with nothing to change', async () => {
    const { el } = numbersPage(viewer);
    await until(() => find(el, '.pool-numbers'));
    expect(text(el)).toContain('Add 3 numbers');
    expect(el.querySelectorAll('form')).toHaveLength(0);
    expect(buttons(el, 'Remove')).toHaveLength(0);
    expect(buttons(el, 'Archive pool')).toHaveLength(0);
  });
});

describe('sites settings', () => {
  it('edits a site with its current values filled in', async () => {
    const { requests } = fakeFetch({ 'PATCH /v1/sites/st_1': ({ body }) => ({ body: { ...site, ...(body as object) } }) });
    let reloaded = 0;
    const el = mount(<SiteSettings />, dashboardValue(admin, { reloadSites: () => reloaded++ }));
    click(button(el, 'Edit Acme Plumbing'));
    const form = find(el, '#edit-site').closest('section')!.querySelector('form')!;
    expect(field(form, 'Domains').value).toBe('acme.example');
    expect(field(form, 'Time zone').value).toBe('America/New_York');
    type(field(form, 'Domains'), 'acme.example, www.acme.example');
    submit(form);
    await until(() => expect(text(find(el, '#edit-site ~ [role="status"]'))).toBe('Saved Acme Plumbing.'));
    expect(requests[0]).toMatchObject({ method: 'PATCH', body: { name: 'Acme Plumbing', domains: ['acme.example', 'www.acme.example'], country: 'US', timezone: 'America/New_York' } });
    expect(reloaded).toBe(1);
  });

  it('archives a site only once confirmed, and stops filtering by it', async () => {
    const { requests } = fakeFetch({ 'DELETE /v1/sites/st_1': () => ({ body: { ...site, archived_at: '2026-06-01T00:00:00.000Z' } }) });
    const chosen: string[] = [];
    const el = mount(<SiteSettings />, dashboardValue(admin, { siteId: 'st_1', setSiteId: (id) => chosen.push(id) }));
    click(button(el, 'Archive'));
    expect(requests).toHaveLength(0);
    expect(text(find(el, '.confirm'))).toContain('Archive Acme Plumbing?');
    click(button(el, 'Yes, archive'));
    await until(() => expect(text(find(el, '[role="status"]'))).toContain('Archived Acme Plumbing'));
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['DELETE /v1/sites/st_1']);
    expect(chosen).toEqual(['']);
  });
});
