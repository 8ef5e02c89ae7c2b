// @vitest-environment happy-dom
// The new-pool form: it sends the site chosen, and after a pool is made it is emptied but
// stays on that site (a form reset would otherwise fall back to the first site listed).
import { act } from 'preact/test-utils';
import { afterEach, expect, it, vi } from 'vitest';
import { NewPool } from '../../dashboard/src/pages/numbers/new-pool';
import { admin, dashboardValue, fakeFetch, find, mount, site, text, tokyoSite, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const set = (form: Element, name: string, value: string) =>
  act(() => {
    const input = form.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLSelectElement;
    input.value = value;
    input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
  });

it('keeps the site chosen after creating a pool, and empties the rest', async () => {
  const { requests } = fakeFetch({ 'POST /v1/pools': () => ({ status: 201, body: { id: 'pl_2', name: 'Tokyo visitors', numbers: [{ number: '+81355550101' }] } }) });
  const created = vi.fn();
  const el = mount(<NewPool onCreated={created} />, dashboardValue(admin, { sites: [site, tokyoSite] }));
  const form = find(el, 'form');
  expect((form.querySelector('[name="site"]') as HTMLSelectElement).value).toBe(site.id);
  set(form, 'site', tokyoSite.id);
  set(form, 'replace', '+81355550100');
  set(form, 'numbers', '+81355550101');
  act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  await until(() => expect(text(el)).toContain('Created Tokyo visitors with 1 number.'));
  expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({ site: tokyoSite.id, replace: '+81355550100', numbers: ['+81355550101'] });
  expect(created).toHaveBeenCalledOnce();
  expect((form.querySelector('[name="site"]') as HTMLSelectElement).value).toBe(tokyoSite.id);
  expect((form.querySelector('[name="replace"]') as HTMLInputElement).value).toBe('');
});
