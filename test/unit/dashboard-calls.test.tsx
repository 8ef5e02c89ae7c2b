// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Calls } from '../../dashboard/src/pages/calls';
import { admin, dashboardValue, fakeFetch, mount, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
  location.hash = '';
});

const input = (el: HTMLElement, name: string) => el.querySelector<HTMLInputElement>(`input[name="${name}"]`);

describe('calls page filters', () => {
  it('asks for calls without a keyword when the address says keyword=, and shows it as (none)', async () => {
    const { requests } = fakeFetch({ 'GET /v1/calls': () => ({ body: { calls: [], next_cursor: null } }) });
    const el = mount(<Calls query={new URLSearchParams('source=google&keyword=&device=mobile')} />, dashboardValue(admin));
    await until(() => expect(requests).toHaveLength(1));
    const asked = requests[0]!.url.searchParams;
    expect([asked.get('source'), asked.get('keyword'), asked.get('device'), asked.has('campaign'), asked.has('site')]).toEqual(['google', '', 'mobile', false, false]);
    expect(input(el, 'keyword')?.value).toBe('(none)');
    // Landing page is not filtering, so it has no field; device is, so it does.
    expect(input(el, 'landing_page')).toBeNull();
    expect(input(el, 'device')?.value).toBe('mobile');
  });

  it('turns the form into the address: blank fields left out, (none) kept as an empty value', async () => {
    fakeFetch({ 'GET /v1/calls': () => ({ body: { calls: [], next_cursor: null } }) });
    const el = mount(<Calls query={new URLSearchParams('')} />, dashboardValue(admin));
    await until(() => expect(input(el, 'source')).not.toBeNull());
    input(el, 'source')!.value = ' bing ';
    input(el, 'campaign')!.value = '(none)';
    el.querySelector<HTMLFormElement>('form[aria-label="Filter calls"]')!.requestSubmit();
    expect(location.hash).toBe('#/calls?source=bing&campaign=');
  });
});
