// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, expect, it, vi } from 'vitest';
import type { Delivery, Webhook } from '../../dashboard/src/lib/types';
import { WebhookSettings } from '../../dashboard/src/pages/settings/webhooks';
import { admin, dashboardValue, fakeFetch, find, mount, text, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const hook: Webhook = { id: 'wh_1', kind: 'webhook', url: 'https://crm.example/dni', events: ['call.completed'], description: null, created_at: '2026-06-01T00:00:00.000Z' };
const delivery: Delivery = {
  id: 'dlv_1', event: 'evt_1', type: 'call.completed', call: 'call_1', status: 'failed', attempts: 13, next_attempt_at: null,
  last_status_code: 503, last_latency_ms: 42, last_error: null, created_at: '2026-06-01T00:00:00.000Z',
};
const button = (root: ParentNode, name: string) => {
  const found = [...root.querySelectorAll('button')].find((b) => text(b) === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const click = (el: Element) => act(() => void el.dispatchEvent(new MouseEvent('click', { bubbles: true })));

it('adds an endpoint and shows its secret once, sends a test event, and sends a delivery again', async () => {
  const { requests } = fakeFetch({
    'GET /v1/webhooks': () => ({ body: { webhooks: [hook] } }),
    'POST /v1/webhooks': () => ({ status: 201, body: { ...hook, id: 'wh_2', secret: 'whsec_abc123' } }),
    'POST /v1/webhooks/wh_1/test': () => ({ status: 202, body: { event: 'evt_t', delivery: 'dlv_t' } }),
    'GET /v1/webhooks/wh_1/deliveries': () => ({ body: { deliveries: [delivery] } }),
    'POST /v1/webhooks/wh_1/deliveries/dlv_1/retry': () => ({ status: 202, body: { id: 'dlv_1', status: 'pending' } }),
  });
  const el = mount(<WebhookSettings />, dashboardValue(admin));
  await until(() => expect(text(el)).toContain('https://crm.example/dni'));

  const url = find(el, 'input[name="url"]') as HTMLInputElement;
  act(() => {
    url.value = 'https://crm.example/new';
    url.dispatchEvent(new Event('input', { bubbles: true }));
  });
  act(() => void find(el, 'form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  await until(() => expect(text(find(el, '.new-key'))).toContain('whsec_abc123'));
  expect(requests.find((r) => r.method === 'POST' && r.url.pathname === '/v1/webhooks')?.body).toEqual({ url: 'https://crm.example/new', events: ['call.completed'] });

  click(button(el, 'Send test event'));
  await until(() => expect(text(el)).toContain('Test event sent to https://crm.example/dni.'));

  click(button(el, 'Deliveries'));
  await until(() => expect(text(el)).toContain('503 (42 ms)'));
  click(button(el, 'Send again'));
  await until(() => expect(requests.some((r) => r.url.pathname === '/v1/webhooks/wh_1/deliveries/dlv_1/retry')).toBe(true));
});
