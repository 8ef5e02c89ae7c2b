// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, expect, it, vi } from 'vitest';
import type { AdPlatformDestination } from '../../dashboard/src/lib/types';
import { AdPlatformSettings } from '../../dashboard/src/pages/settings/ad-platforms';
import { admin, dashboardValue, fakeFetch, find, mount, text, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const meta: AdPlatformDestination = {
  id: 'ad_1',
  kind: 'meta_capi',
  base_url: 'https://graph.facebook.com/v23.0',
  events: ['call.qualified', 'call.converted'],
  settings: { pixel_id: '555000111' },
  credentials: { access_token: '••••0009' },
  description: null,
  created_at: '2026-06-01T00:00:00.000Z',
};

const fill = (form: Element, name: string, value: string) =>
  act(() => {
    const input = form.querySelector(`[name="${name}"]`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });

it('shows one section per platform, credentials only masked, and sends a new Google Ads destination with its credentials once', async () => {
  const { requests } = fakeFetch({
    'GET /v1/ad-platforms': () => ({ body: { ad_platforms: [meta] } }),
    'POST /v1/ad-platforms': () => ({ status: 201, body: { ...meta, id: 'ad_2', kind: 'google_ads' } }),
  });
  const el = mount(<AdPlatformSettings />, dashboardValue(admin));
  await until(() => expect(text(el)).toContain('access_token ••••0009'));
  expect([...el.querySelectorAll('section[data-platform] h2')].map(text)).toEqual(['Google Ads', 'GA4', 'Meta Conversions API', 'Microsoft Ads']);

  const form = find(el, 'form[aria-label="Add Google Ads"]');
  for (const [name, value] of Object.entries({ customer_id: '123-456-7890', conversion_action: '987', developer_token: 'dev', client_id: 'cid', client_secret: 'cs', refresh_token: 'rt' })) fill(form, name, value);
  // Credentials are typed into password fields, never echoed on screen.
  expect((form.querySelector('[name="refresh_token"]') as HTMLInputElement).type).toBe('password');
  act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  await until(() => expect(text(el)).toContain('Google Ads added. Its credentials are stored and will not be shown again.'));
  expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
    kind: 'google_ads',
    settings: { customer_id: '123-456-7890', conversion_action: '987', ad_user_data_consent: 'UNSPECIFIED', enhanced_conversions: false },
    credentials: { developer_token: 'dev', client_id: 'cid', client_secret: 'cs', refresh_token: 'rt' },
    events: ['call.qualified', 'call.converted'],
  });
  // The form is emptied: nothing typed stays on the page.
  expect((form.querySelector('[name="refresh_token"]') as HTMLInputElement).value).toBe('');
});
