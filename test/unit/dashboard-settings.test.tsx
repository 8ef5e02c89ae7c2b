// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Publisher, Rules } from '../../dashboard/src/lib/types';
import { PublisherSettings } from '../../dashboard/src/pages/settings/publisher-settings';
import { RulesSettings } from '../../dashboard/src/pages/settings/rules';
import { admin, dashboardValue, fakeFetch, find, inCurrency, mount, text, until } from './dashboard-helpers';

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
const button = (root: ParentNode, name: string) => {
  const found = [...root.querySelectorAll('button')].find((b) => text(b) === name || b.getAttribute('aria-label') === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const field = (root: ParentNode, label: string) => {
  const found = [...root.querySelectorAll('label')].find((l) => text(l.querySelector('span')).startsWith(label));
  if (!found) throw new Error(`no field ${label}`);
  return found.querySelector('input')!;
};

const yenRules: Rules = {
  site: 'st_1',
  min_duration_s: 60,
  dedupe_days: 30,
  business_hours: null,
  allowed_regions: null,
  blocked_callers: [],
  payout_cents: 2500,
  currency: 'JPY',
  payout_on: 'qualified',
  payout_percent: null,
  updated_at: '2026-06-01T00:00:00.000Z',
};

describe('qualification rules payout', () => {
  it("shows and reads the payout in the rules' currency: ¥2,500 is 2500, not 250000", async () => {
    const { requests } = fakeFetch({ 'GET /v1/sites/st_1/rules': () => ({ body: yenRules }), 'PUT /v1/sites/st_1/rules': ({ body }) => ({ body: { ...yenRules, ...(body as object) } }) });
    const el = mount(<RulesSettings />, dashboardValue(admin));
    const payout = await until(() => field(el, 'Payout per qualified call'));
    expect(text(payout.closest('label')!.querySelector('span'))).toBe('Payout per qualified call (JPY)');
    expect(payout.value).toBe('2500');
    type(payout, '3,000');
    submit(find(el, 'form.rules'));
    await until(() => expect(text(find(el, '[role="status"]'))).toBe('Rules saved.'));
    expect(requests.find((r) => r.method === 'PUT')?.body).toMatchObject({ payout_cents: 3000, currency: 'JPY' });
  });

  it('reads the payout in the currency being saved with it, and says which when it does not parse', async () => {
    const { requests } = fakeFetch({ 'GET /v1/sites/st_1/rules': () => ({ body: yenRules }), 'PUT /v1/sites/st_1/rules': ({ body }) => ({ body: { ...yenRules, ...(body as object) } }) });
    const el = mount(<RulesSettings />, dashboardValue(admin));
    const payout = await until(() => field(el, 'Payout per qualified call'));
    type(payout, '2500.50');
    submit(find(el, 'form.rules'));
    await until(() => expect(text(find(el, '[role="alert"]'))).toBe('Payout: enter an amount in JPY such as 2,500.'));
    expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(0);

    type(field(el, 'Currency'), 'usd');
    expect(text(payout.closest('label')!.querySelector('span'))).toBe('Payout per qualified call (USD)');
    type(payout, '45');
    submit(find(el, 'form.rules'));
    await until(() => expect(requests.find((r) => r.method === 'PUT')?.body).toMatchObject({ payout_cents: 4500, currency: 'USD' }));
  });
});

describe('paying on a sale', () => {
  const choose = (root: ParentNode, label: string, value: string) => {
    const select = [...root.querySelectorAll('label')].find((l) => text(l.querySelector('span')) === label)?.querySelector('select');
    if (!select) throw new Error(`no select ${label}`);
    act(() => {
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
  };

  it('saves a share of the sale, keeping the fixed payout as it was, and refuses a share over 100 %', async () => {
    const { requests } = fakeFetch({ 'GET /v1/sites/st_1/rules': () => ({ body: yenRules }), 'PUT /v1/sites/st_1/rules': ({ body }) => ({ body: { ...yenRules, ...(body as object) } }) });
    const el = mount(<RulesSettings />, dashboardValue(admin));
    await until(() => field(el, 'Payout per qualified call'));
    choose(el, 'Pay the publisher', 'conversion');
    expect(text(field(el, 'Payout per sale').closest('label')!.querySelector('span'))).toBe('Payout per sale (JPY)');
    choose(el, 'A sale pays', 'share');
    expect(() => field(el, 'Payout per sale')).toThrow();
    type(field(el, 'Share of the sale (%)'), '120');
    submit(find(el, 'form.rules'));
    await until(() => expect(text(find(el, '[role="alert"]'))).toBe('Share of the sale: enter a percentage above 0 and at most 100, such as 12.5.'));
    expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(0);

    type(field(el, 'Share of the sale (%)'), '12,5');
    submit(find(el, 'form.rules'));
    await until(() => expect(text(find(el, '[role="status"]'))).toBe('Rules saved.'));
    expect(requests.find((r) => r.method === 'PUT')?.body).toMatchObject({ payout_on: 'conversion', payout_percent: 12.5, payout_cents: 2500 });
  });

  it('saves a fixed payout per sale, with no share', async () => {
    const { requests } = fakeFetch({ 'GET /v1/sites/st_1/rules': () => ({ body: yenRules }), 'PUT /v1/sites/st_1/rules': ({ body }) => ({ body: { ...yenRules, ...(body as object) } }) });
    const el = mount(<RulesSettings />, dashboardValue(admin));
    await until(() => field(el, 'Payout per qualified call'));
    choose(el, 'Pay the publisher', 'conversion');
    type(field(el, 'Payout per sale'), '9,000');
    submit(find(el, 'form.rules'));
    await until(() => expect(requests.find((r) => r.method === 'PUT')?.body).toMatchObject({ payout_on: 'conversion', payout_percent: null, payout_cents: 9000 }));
  });
});

describe('publisher payouts', () => {
  const lead: Publisher = { id: 'pub_1', name: 'Lead Partners', code: 'leadpartners', payout_cents: 2500 };
  const home: Publisher = { id: 'pub_2', name: 'Home Pros', code: 'homepros', payout_cents: null };

  /** A fake collector holding two publishers, answering PATCH as docs/api.md says. */
  function collector(patch?: (body: { payout_cents: number | null }) => { status?: number; body: unknown }) {
    const stored = new Map([lead, home].map((p) => [p.id, { ...p }]));
    const fake = fakeFetch({
      'GET /v1/publishers': () => ({ body: { publishers: [...stored.values()] } }),
      'POST /v1/publishers': ({ body }) => ({ status: 201, body: { id: 'pub_3', ...(body as object) } }),
      'PATCH /v1/publishers/pub_1': ({ body }) => {
        const b = body as { payout_cents: number | null };
        if (patch) return patch(b);
        stored.set('pub_1', { ...stored.get('pub_1')!, payout_cents: b.payout_cents });
        return { body: stored.get('pub_1') };
      },
    });
    return fake;
  }
  const patches = (requests: { method: string; body: unknown }[]) => requests.filter((r) => r.method === 'PATCH').map((r) => r.body);
  const payoutCell = (el: HTMLElement, name: string) => {
    const row = [...el.querySelectorAll('tbody tr')].find((tr) => text(tr.querySelector('td')) === name)!;
    return text(row.querySelectorAll('td')[2]);
  };
  async function openEditor(el: HTMLElement, name = 'Lead Partners') {
    const edit = await until(() => button(el, `Edit payout for ${name}`));
    act(() => edit.click());
    return find(el, 'form.payout-form') as HTMLFormElement;
  }

  it('sets a new payout override, in the account currency, and says what the publisher now earns', async () => {
    const { requests } = collector();
    const el = mount(<PublisherSettings />, dashboardValue(admin));
    const form = await openEditor(el);
    const input = field(form, 'Payout per qualified call');
    expect(text(input.closest('label')!.querySelector('span'))).toBe('Payout per qualified call (USD)');
    expect(input.value).toBe('25.00');
    expect(document.activeElement).toBe(input);
    type(input, '30');
    submit(form);
    await until(() => expect(text(find(el, '[role="status"]'))).toBe('Lead Partners now earns $30.00 per qualified call.'));
    expect(patches(requests)).toEqual([{ payout_cents: 3000 }]);
    expect(el.querySelector('form.payout-form')).toBeNull();
    await until(() => expect(payoutCell(el, 'Lead Partners')).toBe('$30.00'));
    // Focus goes back where the person was: the row's Edit button.
    expect(document.activeElement).toBe(button(el, 'Edit payout for Lead Partners'));
  });

  it("clears the override with a button, or by saving an empty field: the site's payout applies again", async () => {
    const { requests } = collector();
    const el = mount(<PublisherSettings />, dashboardValue(admin));
    const editor = await openEditor(el);
    act(() => button(editor, "Use the site's payout").click());
    await until(() => expect(text(find(el, '[role="status"]'))).toBe("Lead Partners now earns the site's payout per qualified call."));
    await until(() => expect(payoutCell(el, 'Lead Partners')).toBe('Site default'));

    const form = await openEditor(el, 'Home Pros');
    // Nothing to remove for a publisher on the site's payout.
    expect([...form.querySelectorAll('button')].map(text)).toEqual(['Save payout', 'Cancel']);
    act(() => button(form, 'Cancel').click());
    const again = await openEditor(el);
    expect(field(again, 'Payout per qualified call').value).toBe('');
    submit(again);
    await until(() => expect(patches(requests)).toEqual([{ payout_cents: null }, { payout_cents: null }]));
  });

  it("reads a yen account's payout in yen", async () => {
    const { requests } = collector();
    const el = mount(<PublisherSettings />, dashboardValue(inCurrency(admin, 'JPY')));
    await until(() => expect(payoutCell(el, 'Lead Partners')).toBe('¥2,500'));
    const form = await openEditor(el);
    expect(field(form, 'Payout per qualified call').value).toBe('2500');
    type(field(form, 'Payout per qualified call'), '3000');
    submit(form);
    await until(() => expect(patches(requests)).toEqual([{ payout_cents: 3000 }]));
  });

  it("refuses what is not an amount without asking the server, and shows the server's refusal", async () => {
    const { requests } = collector(() => ({ status: 400, body: { error: { code: 'invalid_request', message: 'payout_cents: Too big: expected number to be <=10000000' } } }));
    const el = mount(<PublisherSettings />, dashboardValue(admin));
    const form = await openEditor(el);
    const input = field(form, 'Payout per qualified call');
    type(input, 'thirty');
    submit(form);
    expect(text(find(form, '[role="alert"]'))).toBe('Payout: enter an amount in USD such as 250 or 1,250.50, or leave it empty for the site\'s payout.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(patches(requests)).toEqual([]);

    type(input, '200000');
    submit(form);
    await until(() => expect(text(find(form, '[role="alert"]'))).toBe('payout_cents: Too big: expected number to be <=10000000'));
    // The form stays open with what was typed, to be corrected.
    expect(field(form, 'Payout per qualified call').value).toBe('200000');
  });

  it('closes on Escape without saving', async () => {
    const { requests } = collector();
    const el = mount(<PublisherSettings />, dashboardValue(admin));
    const form = await openEditor(el);
    act(() => void field(form, 'Payout per qualified call').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(el.querySelector('form.payout-form')).toBeNull();
    expect(document.activeElement).toBe(button(el, 'Edit payout for Lead Partners'));
    expect(patches(requests)).toEqual([]);
  });

  it("adds a publisher with a payout read in the account's currency", async () => {
    const { requests } = collector();
    const el = mount(<PublisherSettings />, dashboardValue(inCurrency(admin, 'JPY')));
    const add = [...el.querySelectorAll('form')].find((f) => f.querySelector('input[name="code"]'))!;
    type(field(add, 'Name'), 'Yen Leads');
    type(field(add, 'Code'), 'yenleads');
    type(field(add, 'Payout override'), '2500');
    submit(add);
    await until(() => expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'Yen Leads', code: 'yenleads', payout_cents: 2500 }));
  });
});
