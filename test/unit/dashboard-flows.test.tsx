// @vitest-environment happy-dom
// The pay-per-call pages' own logic: how a target's terms read, what the target and flow
// forms send (amounts in the account's currency, caps, menu options), and the live view
// asking again every few seconds only while the tab is visible.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Target, TargetLive } from '../../dashboard/src/lib/types';
import { targetBody } from '../../dashboard/src/pages/buyers/target-form';
import { capsText, hoursText, revenueText } from '../../dashboard/src/pages/buyers/target-text';
import { flowBody, menuOptions } from '../../dashboard/src/pages/flows/flow-form';
import { Live } from '../../dashboard/src/pages/live';
import { admin, dashboardValue, fakeFetch, find, inCurrency, mount, text, until } from './dashboard-helpers';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const target = (t: Partial<Target> = {}): Target => ({
  id: 'tg_1',
  buyer: 'by_1',
  name: 'Austin',
  destination: '+15125550101',
  schedule: null,
  allowed_regions: null,
  menu_answers: null,
  concurrency_cap: null,
  cap_unit: 'calls',
  hourly_cap: null,
  daily_cap: null,
  monthly_cap: null,
  priority: 0,
  weight: 1,
  convert_on: 'duration',
  convert_min_duration_s: 60,
  convert_key: null,
  revenue_cents: 4500,
  created_at: '2026-06-01T00:00:00.000Z',
  archived_at: null,
  ...t,
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  const base = { buyer: 'by_1', name: 'Austin', destination: '(512) 555-0101', revenue: '45', convert_on: 'duration', convert_min_duration_s: '60', cap_unit: 'calls', priority: '0', weight: '1' };
  for (const [k, v] of Object.entries({ ...base, ...fields })) fd.set(k, v);
  return fd;
};

describe('how a target reads', () => {
  it('runs of days with the same hours, in the schedule zone', () => {
    const h = ['08:00', '18:00'] as [string, string];
    expect(hoursText(null)).toBe('Always open');
    expect(hoursText({ timezone: 'America/Chicago', mon: h, tue: h, wed: h, thu: h, fri: ['08:00', '13:00'] })).toBe('Mon–Thu 08:00–18:00, Fri 08:00–13:00 (America/Chicago)');
    expect(hoursText({ timezone: 'UTC', mon: h, wed: h })).toBe('Mon 08:00–18:00, Wed 08:00–18:00 (UTC)');
    expect(hoursText({ timezone: 'UTC' })).toBe('Closed every day (UTC)');
  });

  it('caps in calls or as money in the account currency, and what converts', () => {
    expect(capsText(target(), 'USD')).toBe('No caps');
    expect(capsText(target({ concurrency_cap: 1, hourly_cap: 1, daily_cap: 20 }), 'USD')).toBe('1 at once · 1 call an hour · 20 calls a day');
    expect(capsText(target({ cap_unit: 'revenue', daily_cap: 50_000, monthly_cap: 2500 }), 'JPY')).toBe('¥50,000 a day · ¥2,500 a month');
    expect(revenueText(target({ convert_min_duration_s: 90 }), 'USD')).toBe('$45.00 for 90 s or more');
    expect(revenueText(target({ convert_on: 'keypress', convert_key: '9' }), 'USD')).toBe('$45.00 when the caller presses 9');
    expect(revenueText(target({ convert_on: 'conversion' }), 'USD')).toBe('$45.00 on a conversion');
  });
});

describe('what the target form sends', () => {
  it('amounts in the currency, caps in their unit, lists split, empty caps as none', () => {
    expect(targetBody(form({ revenue: '2,500', cap_unit: 'revenue', daily_cap: '50000', allowed_regions: 'TX, 512 78701', menu_answers: 'repair, install' }), { currency: 'JPY', schedule: null })).toMatchObject({
      revenue_cents: 2500,
      cap_unit: 'revenue',
      daily_cap: 50_000,
      hourly_cap: null,
      monthly_cap: null,
      concurrency_cap: null,
      allowed_regions: ['TX', '512', '78701'],
      menu_answers: ['repair', 'install'],
      convert_key: null,
      convert_min_duration_s: 60,
    });
    const usd = targetBody(form({ cap_unit: 'revenue', daily_cap: '500', concurrency_cap: '2' }), { currency: 'USD', schedule: { timezone: 'UTC', mon: ['09:00', '17:00'] } });
    expect(usd).toMatchObject({ revenue_cents: 4500, daily_cap: 50_000, concurrency_cap: 2, schedule: { timezone: 'UTC', mon: ['09:00', '17:00'] }, allowed_regions: null, menu_answers: null });
    // A key press converts: the key is sent, the duration left as it was.
    const keypress = targetBody(form({ convert_on: 'keypress', convert_key: '#' }), { currency: 'USD', schedule: null });
    expect(keypress).toMatchObject({ convert_on: 'keypress', convert_key: '#' });
    expect(keypress).not.toHaveProperty('convert_min_duration_s');
  });

  it('refuses what the API would, with what to type instead', () => {
    const refused = (fields: Record<string, string>, currency = 'USD') => () => targetBody(form(fields), { currency, schedule: null });
    expect(refused({ daily_cap: '0' })).toThrow('Daily cap: a whole number of calls, 1 or more, or empty for no cap.');
    expect(refused({ hourly_cap: '1.5' })).toThrow('Hourly cap: a whole number of calls');
    expect(refused({ cap_unit: 'revenue', monthly_cap: '12.345' })).toThrow('Monthly cap: enter an amount in USD such as 250 or 1,250.50, or leave it empty for no cap.');
    expect(refused({ revenue: '45.5' }, 'JPY')).toThrow('Revenue per converted call: enter an amount in JPY such as 2,500.');
  });
});

describe('what the flow form sends', () => {
  it('menu options typed one a line', () => {
    expect(menuOptions('1 = repair\n2: install\n\n# - other')).toEqual({ '1': 'repair', '2': 'install', '#': 'other' });
    expect(() => menuOptions('repair')).toThrow('Menu options: "repair" is not a key and its answer, such as 1 = repair.');
    expect(() => menuOptions('1 = a\n1 = b')).toThrow('key 1 is used twice');
    expect(() => menuOptions('  ')).toThrow('at least one');
  });

  it('null for a step that is off, and the overflow of the kind chosen', () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ name: 'F', greeting: ' ', ring_timeout_s: '25', overflow_kind: 'number', overflow_number: '(800) 555-0199', gate_prompt: 'ignored' })) fd.set(k, v);
    fd.append('targets', 'tg_1');
    fd.append('targets', 'tg_2');
    expect(flowBody(fd, { gate: false, menu: false })).toEqual({
      name: 'F',
      greeting: null,
      recording_disclosure: null,
      gate: null,
      menu: null,
      targets: ['tg_1', 'tg_2'],
      ring_timeout_s: 25,
      sticky: false,
      whisper: null,
      record: false,
      overflow: { kind: 'number', number: '(800) 555-0199' },
    });
  });
});

describe('the live view', () => {
  const row = (t: Partial<TargetLive>): TargetLive => ({
    id: 'tg_1',
    name: 'Austin',
    buyer: 'by_1',
    cap_unit: 'calls',
    live: 0,
    concurrency_cap: 2,
    hour: 0,
    hourly_cap: null,
    day: 0,
    daily_cap: 20,
    month: 0,
    monthly_cap: null,
    ...t,
  });
  const setVisibility = (state: 'visible' | 'hidden') => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  };

  it('shows use against caps, asks again every 5 s while visible, and not while hidden', async () => {
    // Only the poll's interval is faked: the page's own requests still resolve on the real event loop.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    setVisibility('visible');
    let live = 1;
    const { requests } = fakeFetch({
      'GET /v1/targets/live': () => ({
        body: { at: '2026-06-01T15:00:00.000Z', targets: [row({ live, day: live + 4 }), row({ id: 'tg_2', name: 'Dallas', cap_unit: 'revenue', day: 50_000, daily_cap: 50_000, concurrency_cap: null })] },
      }),
      'GET /v1/buyers': () => ({ body: { buyers: [{ id: 'by_1', name: 'Rooter Co', created_at: '2026-06-01T00:00:00.000Z', archived_at: null }] } }),
    });
    const polls = () => requests.filter((r) => r.url.pathname === '/v1/targets/live').length;
    const page = mount(<Live />, dashboardValue(inCurrency(admin, 'USD')));
    const cells = (name: string) => [...find(page, 'tbody').querySelectorAll('tr')].find((r) => text(r).startsWith(name))!.querySelectorAll('td');
    await until(() => expect(text(cells('Austin')[2])).toBe('1 of 2'));
    expect(text(cells('Austin')[1])).toBe('Rooter Co');
    expect(text(cells('Austin')[4])).toBe('5 of 20');
    expect(text(cells('Dallas')[2])).toBe('0');
    // At its cap: marked, and said in words.
    expect(text(cells('Dallas')[4])).toBe('$500.00 of $500.00 (at its cap)');
    expect(cells('Dallas')[4]!.querySelector('.tone-bad')).not.toBeNull();

    live = 2;
    vi.advanceTimersByTime(5_000);
    await until(() => expect(text(cells('Austin')[2])).toBe('2 of 2 (at its cap)'));
    expect(polls()).toBe(2);

    setVisibility('hidden');
    vi.advanceTimersByTime(60_000);
    expect(polls()).toBe(2);
    live = 0;
    setVisibility('visible');
    await until(() => expect(text(cells('Austin')[2])).toBe('0 of 2'));
    expect(polls()).toBe(3);
  });
});
