// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import type { Call } from '../../dashboard/src/lib/types';
import { Calls } from '../../dashboard/src/pages/calls';
import { admin, dashboardValue, fakeFetch, find, mount, site, text, tokyoSite, until } from './dashboard-helpers';

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

const call = (id: string, siteId: string | null): Call => ({
  id,
  provider_id: id,
  site: siteId,
  tracking_number: '+14155550150',
  caller: '+12125550147',
  caller_city: null,
  caller_state: 'NY',
  started_at: '2026-06-02T14:10:00.000Z',
  duration_s: 95,
  status: 'completed',
  qualified: true,
  reasons: [],
  duplicate: false,
  payout_cents: 2500,
  judged_at: '2026-06-02T14:12:00.000Z',
  currency: siteId === tokyoSite.id ? 'JPY' : 'USD',
  recording_url: null,
  fraud_signals: [],
  conversion: null,
  attribution: { confidence: 'exclusive', session: 's', visitor: 'v', source: 'google', medium: 'cpc', campaign: null, keyword: 'k', content: null, publisher: null, landing_page: null, referrer: null, gclid: null, msclkid: null, fbclid: null, device: null, browser: null, os: null },
});

describe('calls table', () => {
  it('shows every call of the list in one zone, the range\'s, naming it when not the viewer\'s, and each payout in its own currency', async () => {
    const duplicate = { ...call('call_dup', site.id), qualified: false, duplicate: true, reasons: ['duplicate'], payout_cents: 0 };
    const ringing = { ...call('call_ringing', site.id), qualified: false, judged_at: null };
    fakeFetch({ 'GET /v1/calls': () => ({ body: { calls: [call('call_ny', site.id), call('call_tokyo', tokyoSite.id), call('call_nosite', null), duplicate, ringing], next_cursor: null } }) });
    const el = mount(<Calls query={new URLSearchParams('')} />, dashboardValue(admin, { sites: [site, tokyoSite], zone: 'America/Chicago' }));
    await until(() => expect(el.querySelectorAll('tr[data-call]')).toHaveLength(5));
    const row = (id: string) => find(el, `tr[data-call="${id}"]`);
    // Sites in New York and Tokyo, one list: every time in the range's zone (Chicago), so
    // the list reads in order. happy-dom's own zone is the test machine's; a zone matching it is shown bare, any other named.
    for (const id of ['call_ny', 'call_tokyo', 'call_nosite']) expect(text(row(id).querySelector('time'))).toMatch(/^Jun 2, 9:10 AM( CDT)?$/);
    expect(row('call_tokyo').querySelector('time')?.getAttribute('datetime')).toBe('2026-06-02T14:10:00.000Z');
    expect(text(row('call_tokyo').querySelector('td:last-child'))).toBe('¥2,500');
    expect(text(row('call_ny').querySelector('td:last-child'))).toBe('$25.00');
    // A judged call that did not bill earned $0.00, as the reports count it; only a call not judged yet has a dash.
    expect(text(row('call_dup').querySelector('td:last-child'))).toBe('$0.00');
    expect(text(row('call_ringing').querySelector('td:last-child'))).toBe('—');
  });
});

describe('calls export', () => {
  it('downloads the calls the list shows: the same range, site and filters, "no value" included', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:calls', revokeObjectURL: () => {} }));
    const { requests } = fakeFetch({
      'GET /v1/calls': () => ({ body: { calls: [], next_cursor: null } }),
      'GET /v1/exports/calls.csv': () => ({ body: 'id\r\n' }),
    });
    const el = mount(<Calls query={new URLSearchParams('source=google&keyword=&publisher=leadpartners&qualified=true')} />, dashboardValue(admin, { siteId: site.id, scope: { from: '2026-06-01T04:00:00.000Z', to: '2026-07-01T04:00:00.000Z', site: site.id } }));
    await until(() => expect(requests.some((r) => r.url.pathname === '/v1/calls')).toBe(true));
    expect(text(find(el, '.exports'))).toContain('The calls listed below, filtered as they are');
    const button = [...el.querySelectorAll('button')].find((b) => text(b) === 'Download calls CSV')!;
    act(() => button.click());
    const exported = await until(() => requests.find((r) => r.url.pathname === '/v1/exports/calls.csv')!.url.searchParams);
    const listed = requests.find((r) => r.url.pathname === '/v1/calls')!.url.searchParams;
    expect(Object.fromEntries(exported)).toEqual({
      from: '2026-06-01T04:00:00.000Z',
      to: '2026-07-01T04:00:00.000Z',
      site: site.id,
      source: 'google',
      keyword: '',
      publisher: 'leadpartners',
      qualified: 'true',
      // Newest first, as the list.
      order: 'desc',
    });
    // The file and the list ask the same question (the list also pages, and is newest first by itself).
    listed.delete('limit');
    exported.delete('order');
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(exported));
  });

  it('asks for the range and site alone when nothing filters the list', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:calls', revokeObjectURL: () => {} }));
    const { requests } = fakeFetch({
      'GET /v1/calls': () => ({ body: { calls: [], next_cursor: null } }),
      'GET /v1/exports/calls.csv': () => ({ body: 'id\r\n' }),
    });
    const el = mount(<Calls query={new URLSearchParams('')} />, dashboardValue(admin));
    await until(() => expect(requests).toHaveLength(1));
    act(() => [...el.querySelectorAll('button')].find((b) => text(b) === 'Download calls CSV')!.click());
    const exported = await until(() => requests.find((r) => r.url.pathname === '/v1/exports/calls.csv')!.url.searchParams);
    expect([...exported.keys()]).toEqual(['from', 'to', 'order']);
  });
});
