// @vitest-environment happy-dom
// The Settings page's retention form (GET/PUT /v1/settings/retention).
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Retention } from '../../dashboard/src/lib/types';
import { PrivacySettings } from '../../dashboard/src/pages/settings/privacy';
import { admin, dashboardValue, fakeFetch, find, mount, text, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const field = (root: ParentNode, name: string) => find(root, `input[name="${name}"]`) as HTMLInputElement;
function type(input: HTMLInputElement, value: string) {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const submit = (form: Element) => act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));

describe('retention settings', () => {
  const stored: Retention = { sessions_days: 365, caller_numbers_days: null, recording_links_days: 30 };

  it('shows the stored days, empty for "keep until erased", and saves numbers and nulls', async () => {
    const { requests } = fakeFetch({ 'GET /v1/settings/retention': () => ({ body: stored }), 'PUT /v1/settings/retention': ({ body }) => ({ body }) });
    const el = mount(<PrivacySettings />, dashboardValue(admin));
    const sessions = await until(() => field(el, 'sessions_days'));
    expect(sessions.value).toBe('365');
    expect(field(el, 'caller_numbers_days').value).toBe('');
    type(field(el, 'caller_numbers_days'), '90');
    type(field(el, 'recording_links_days'), '');
    submit(find(el, 'form.retention'));
    await until(() => expect(text(find(el, '[role="status"]'))).toBe('Retention saved.'));
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ sessions_days: 365, caller_numbers_days: 90, recording_links_days: null });
  });

  it('refuses a day count out of range without sending it', async () => {
    const { requests } = fakeFetch({ 'GET /v1/settings/retention': () => ({ body: stored }) });
    const el = mount(<PrivacySettings />, dashboardValue(admin));
    type(await until(() => field(el, 'sessions_days')), '0');
    submit(find(el, 'form.retention'));
    await until(() => expect(text(find(el, '[role="alert"]'))).toMatch(/^Visits and page views \(days\): enter whole days from 1 to 3650/));
    expect(requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });
});
