// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../dashboard/src/app';
import { admin, fakeFetch, find, mount, site, text, until } from './dashboard-helpers';

vi.mock('../../dashboard/src/components/time-chart', () => ({ TimeChart: () => <div class="chart" /> }));

const GOOD = 'dni_good_key';
const emptyMetrics = { sessions: 0, calls: 0, qualified_calls: 0, duplicate_calls: 0, flagged_calls: 0, call_rate: null, qualified_rate: null, avg_duration_s: null, conversions: 0, conversion_rate: null, revenue_cents: 0, cost_cents: 0, profit_cents: 0, cost_per_qualified_call_cents: null, cost_per_conversion_cents: null, roi: null };

function server() {
  return fakeFetch({
    'GET /v1/me': () => ({ body: admin }),
    'GET /v1/sites': () => ({ body: { sites: [site] } }),
    'GET /v1/buyers': () => ({ body: { buyers: [] } }),
    'GET /v1/reports/attribution': () => ({ body: { group_by: ['keyword'], timezone: 'America/New_York', rows: [], totals: emptyMetrics, truncated: false } }),
    'GET /v1/reports/timeseries': () => ({ body: { interval: 'day', timezone: 'America/New_York', points: [] } }),
    'GET /v1/calls': () => ({ body: { calls: [], next_cursor: null } }),
  });
}

function typeKeyAndSubmit(el: HTMLElement, key: string) {
  const input = el.querySelector<HTMLInputElement>('input[name="key"]')!;
  act(() => {
    input.value = key;
    el.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

// The default range is the last 30 days in the site's zone: freeze today in New York's summer
// time so the expected offset does not change with the season the suite happens to run in.
const SUMMER_DAY = new Date('2026-07-15T16:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ now: SUMMER_DAY, toFake: ['Date'] });
  sessionStorage.clear();
  location.hash = '';
});
afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('signing in', () => {
  it('asks for a key, labelled, when the tab has none', () => {
    server();
    const el = mount(<App />);
    const input = el.querySelector('input[name="key"]')!;
    expect(input.closest('label')?.textContent).toContain('API key');
    expect(input.getAttribute('type')).toBe('password');
  });

  it('shows the server’s refusal and keeps nothing', async () => {
    fakeFetch({ 'GET /v1/me': () => ({ status: 401, body: { error: { code: 'unauthorized', message: 'Unknown or revoked API key' } } }) });
    const el = mount(<App />);
    typeKeyAndSubmit(el, 'dni_wrong');
    const alert = await until(() => find(el, '[role="alert"]'));
    expect(text(alert)).toBe('That key was not accepted. Check it and try again.');
    expect(sessionStorage.getItem('dni.key')).toBeNull();
  });

  it('keeps a good key in sessionStorage, sends it as a bearer token, and signs out clearing it', async () => {
    const { requests } = server();
    const el = mount(<App />);
    typeKeyAndSubmit(el, GOOD);
    await until(() => expect(text(el.querySelector('h1'))).toBe('Overview'));
    expect(sessionStorage.getItem('dni.key')).toBe(GOOD);
    expect(requests.every((r) => r.auth === `Bearer ${GOOD}`)).toBe(true);
    // Every report asks for the same range, in the site's time zone (EDT on the frozen day).
    const report = requests.find((r) => r.url.pathname === '/v1/reports/attribution')!;
    expect(report.url.searchParams.get('from')).toMatch(/T04:00:00.000Z$/);
    const signOut = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Sign out')!;
    act(() => signOut.click());
    expect(sessionStorage.getItem('dni.key')).toBeNull();
    expect(el.querySelector('input[name="key"]')).not.toBeNull();
  });

  it('resumes the key of the tab after a reload, and drops it when the server no longer knows it', async () => {
    sessionStorage.setItem('dni.key', GOOD);
    server();
    const el = mount(<App />);
    await until(() => expect(text(el.querySelector('h1'))).toBe('Overview'));
    document.body.replaceChildren();

    fakeFetch({ 'GET /v1/me': () => ({ status: 401, body: { error: { code: 'unauthorized', message: 'Unknown or revoked API key' } } }) });
    const again = mount(<App />);
    await until(() => expect(text(again.querySelector('[role="status"]'))).toBe('That key no longer works. Sign in again.'));
    expect(sessionStorage.getItem('dni.key')).toBeNull();
  });
});
