// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallDetail } from '../../dashboard/src/lib/types';
import { CallDetailPage } from '../../dashboard/src/pages/call-detail';
import { admin, dashboardValue, fakeFetch, find, mount, site, text, tokyoSite, until, viewer } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const call: CallDetail = {
  id: 'call_1',
  provider_id: 'CA1',
  site: 'st_1',
  tracking_number: '+14155550150',
  caller: '+12125550147',
  caller_city: null,
  caller_state: 'NY',
  started_at: '2026-06-02T14:10:00.000Z',
  duration_s: 42,
  status: 'completed',
  qualified: false,
  reasons: ['too_short', 'outside_hours'],
  duplicate: false,
  payout_cents: 0,
  judged_at: '2026-06-02T14:12:00.000Z',
  currency: 'USD',
  recording_url: 'javascript:alert(1)',
  fraud_signals: ['just_over_minimum'],
  conversion: null,
  attribution: {
    confidence: 'late',
    session: 's_1',
    visitor: 'v_1',
    source: 'google',
    medium: 'cpc',
    campaign: 'spring',
    keyword: 'emergency plumber',
    content: null,
    publisher: null,
    landing_page: 'https://acme.example/',
    referrer: null,
    gclid: 'Cj0-abc',
    msclkid: null,
    fbclid: null,
    device: 'mobile',
    browser: 'Safari',
    os: 'iOS',
  },
  journey: [
    { url: 'https://acme.example/?utm_term=emergency+plumber', title: 'Home', at: '2026-06-02T14:00:00.000Z' },
    { url: 'https://acme.example/services', title: null, at: '2026-06-02T14:01:35.000Z' },
  ],
  deliveries: null,
};

describe('call detail', () => {
  it('shows the journey page by page, the reasons, the signals and the confidence', async () => {
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: call }) });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(viewer));
    const journey = await until(() => find(el, 'ol.journey'));
    const steps = [...journey.querySelectorAll('li')].map((li) => [...li.querySelectorAll('.journey-time, .journey-title, .url')].map(text));
    expect(steps).toEqual([
      ['Landed', 'Home', 'https://acme.example/?utm_term=emergency+plumber'],
      ['+1:35', 'Untitled page', 'https://acme.example/services'],
      ['+10:00', 'Called'],
    ]);
    expect([...el.querySelectorAll('.reasons li')].map(text)).toEqual([
      'Shorter than the minimum duration',
      'Outside business hours',
      'Ended just past the minimum duration',
    ]);
    expect(text(el.querySelector('.badge[title]'))).toBe('Late');
    expect(text(el.querySelector('.kvs'))).toContain('Keywordemergency plumber');
  });

  it('never turns a javascript: recording address into a link', async () => {
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: call }) });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(admin));
    await until(() => find(el, 'ol.journey'));
    expect([...el.querySelectorAll('a')].some((a) => a.getAttribute('href')?.startsWith('javascript'))).toBe(false);
    expect(text(el)).toContain('No recording.');
  });

  it('lets an admin mark the call converted with a value, and shows the result', async () => {
    let stored: CallDetail = call;
    const { requests } = fakeFetch({
      'GET /v1/calls/call_1': () => ({ body: stored }),
      'POST /v1/calls/call_1/conversion': ({ body }) => {
        stored = { ...call, conversion: { value_cents: (body as { value_cents: number }).value_cents, currency: 'USD', at: '2026-06-03T10:00:00.000Z' } };
        return { body: stored };
      },
    });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(admin));
    const input = (await until(() => find(el, 'input[name="value"]'))) as HTMLInputElement;
    act(() => {
      input.value = 'ten dollars';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      find(el, 'form.inline-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(text(find(el, '[role="alert"]'))).toBe('Enter an amount such as 250 or 1,250.50.');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    act(() => {
      input.value = '1,250.50';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      find(el, 'form.inline-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await until(() => expect(text(find(el, '[data-converted]'))).toContain('$1,250.50'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ value_cents: 125_050 });
  });

  it('gives a viewer no way to change the call', async () => {
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: call }) });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(viewer));
    await until(() => find(el, 'ol.journey'));
    expect(el.querySelector('form')).toBeNull();
    expect(text(el)).toContain('Not marked as converted.');
  });

  it('records a yen conversion in yen: 2500 typed is ¥2,500, not ¥250,000', async () => {
    const yenCall: CallDetail = { ...call, currency: 'JPY', site: tokyoSite.id };
    let stored = yenCall;
    const { requests } = fakeFetch({
      'GET /v1/calls/call_1': () => ({ body: stored }),
      'POST /v1/calls/call_1/conversion': ({ body }) => {
        stored = { ...yenCall, conversion: { value_cents: (body as { value_cents: number }).value_cents, currency: 'JPY', at: '2026-06-03T10:00:00.000Z' } };
        return { body: stored };
      },
    });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(admin, { sites: [site, tokyoSite] }));
    const input = (await until(() => find(el, 'input[name="value"]'))) as HTMLInputElement;
    expect(text(input.closest('label'))).toBe('Conversion value (JPY)');
    act(() => {
      input.value = '2500.5';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      find(el, 'form.inline-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(text(find(el, '[role="alert"]'))).toBe('Enter an amount such as 2,500.');
    act(() => {
      input.value = '2,500';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      find(el, 'form.inline-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await until(() => expect(text(find(el, '[data-converted]'))).toContain('¥2,500'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ value_cents: 2500 });
  });

  it('offers a recorded yen value back as yen, to correct it', async () => {
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: { ...call, currency: 'JPY', conversion: { value_cents: 2500, currency: 'JPY', at: '2026-06-03T10:00:00.000Z' } } }) });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(admin));
    const input = (await until(() => find(el, 'input[name="value"]'))) as HTMLInputElement;
    expect(input.value).toBe('2500');
  });

  it("shows the call's times in its site's zone, named, whatever the browser's zone", async () => {
    const converted: CallDetail = { ...call, conversion: { value_cents: 5_000, currency: 'USD', at: '2026-06-03T01:30:00.000Z' } };
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: converted }) });
    // The report zone is New York's; the call's site is Tokyo's, and its own zone wins.
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(viewer, { sites: [{ ...tokyoSite, id: 'st_1' }] }));
    const journey = await until(() => find(el, 'ol.journey'));
    expect(text(el.querySelector('.detail-head time'))).toBe('Jun 2, 2026, 11:10 PM GMT+9');
    expect([...journey.querySelectorAll('.journey-clock')].map(text)).toEqual(['11:00 PM GMT+9', '11:01 PM', '11:10 PM']);
    expect(text(find(el, '[data-converted]'))).toContain('Converted on Jun 3, 2026, 10:30 AM GMT+9');
  });

  it('shows where the call was sent, with each refusal in words; nothing for a key without deliveries', async () => {
    const at = '2026-06-02T14:12:00.000Z';
    const sent: CallDetail = {
      ...call,
      deliveries: [
        { id: 'd1', destination: 'ad_1', kind: 'google_ads', event: 'call.qualified', status: 'refused', detail: 'click older than 90 days', attempts: 1, last_attempt_at: at },
        { id: 'd2', destination: 'ad_2', kind: 'meta_capi', event: 'call.qualified', status: 'sent', detail: null, attempts: 1, last_attempt_at: at },
        { id: 'd3', destination: 'wh_1', kind: 'webhook', event: 'call.completed', status: 'pending', detail: 'HTTP 503', attempts: 2, last_attempt_at: at },
      ],
    };
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: sent }) });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(viewer));
    await until(() => find(el, '[data-status]'));
    const rows = [...el.querySelectorAll('section[aria-labelledby="deliveries-title"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map(text));
    expect(rows).toEqual([
      ['Google Ads', 'call.qualified', 'refused: click older than 90 days'],
      ['Meta Conversions API', 'call.qualified', 'sent'],
      ['Webhook', 'call.completed', 'retrying (HTTP 503)'],
    ]);
    document.body.replaceChildren();
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: call }) });
    const none = mount(<CallDetailPage id="call_1" />, dashboardValue(viewer));
    await until(() => find(none, 'ol.journey'));
    expect(none.querySelector('#deliveries-title')).toBeNull();
  });

  it("falls back to the report zone for a call without a site", async () => {
    fakeFetch({ 'GET /v1/calls/call_1': () => ({ body: { ...call, site: null } }) });
    const el = mount(<CallDetailPage id="call_1" />, dashboardValue(viewer, { zone: 'America/Chicago' }));
    await until(() => find(el, 'ol.journey'));
    expect(text(el.querySelector('.detail-head time'))).toBe('Jun 2, 2026, 9:10 AM CDT');
  });
});
