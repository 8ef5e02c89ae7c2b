// Running a pay-per-call network from the dashboard alone, in real Chromium against the
// real Node server: add a buyer and two targets, build a flow with a press-1 gate and a
// menu routing to them, run it on a pool, then a call driven through signed Twilio webhooks (the call
// simulator) reaches the dial and shows in the live view against its target's cap; then a
// target's cap is edited and the other target archived. Every step is checked through the
// API. Screenshots go to test-results/dashboard/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser } from '../helpers/browser';
import { SimulatedCall } from '../helpers/call-simulator';
import { startTestServer, type TestServer } from '../helpers/server';
import { TWILIO_TOKEN } from '../helpers/twilio';

const SHOTS = join(import.meta.dirname, '../../test-results/dashboard');
const AUSTIN = '+15125550101';
const DALLAS = 'sip:desk@pbx.example';
const TRACKING = '+14155550161';

describeBrowser('buyers, targets, flows and the live view from the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let pool: { id: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ TWILIO_AUTH_TOKEN: TWILIO_TOKEN })]);
    // The site and pool are the Numbers page's business (dashboard-manage.test.ts): made here through the API.
    const site = (await server.api('POST', '/v1/sites', { name: 'Plumbing leads', domains: ['leads.example'] })).json;
    pool = (await server.api('POST', '/v1/pools', { site: site.id, name: 'Paid search', replace: '+18005550142', forward_to: '+14155550100', numbers: [TRACKING] })).json;
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  async function signedIn(key: string, allowed: number[] = []): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && !allowed.length && problems.push(`console: ${m.text()}`));
    // A refusal the test asks for is an answer the page shows; nothing else may fail.
    page.on('response', (r) => r.status() >= 400 && !allowed.includes(r.status()) && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return { page, problems };
  }

  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });
  const targetsOf = async (query = '') => (await server.api('GET', `/v1/targets${query}`)).json.targets as { id: string; name: string; archived_at: string | null; concurrency_cap: number | null }[];

  it('adds a buyer and two targets, builds a press-1 flow on a pool, sees a call live against its cap, edits a cap and archives a target', async () => {
    const { page, problems } = await signedIn(server.adminKey, [400]);

    // A buyer.
    await nav(page, 'Buyers').click();
    await page.getByRole('heading', { level: 1, name: 'Buyers' }).waitFor();
    const newBuyer = page.locator('section.card', { has: page.getByRole('heading', { name: 'New buyer' }) });
    await newBuyer.getByLabel('Buyer name').fill('Rooter Co');
    await newBuyer.getByRole('button', { name: 'Add buyer' }).click();
    await expect.poll(() => newBuyer.getByRole('status').textContent()).toContain('Added Rooter Co');
    const buyer = (await server.api('GET', '/v1/buyers')).json.buyers[0];
    expect(buyer).toMatchObject({ name: 'Rooter Co', archived_at: null });

    // A target the API refuses: its own message is shown, and nothing is stored.
    const form = page.getByRole('form', { name: 'New target' });
    await form.getByLabel('Target name').fill('Rooter Austin');
    await form.getByLabel('Destination').fill('not a number');
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect.poll(() => form.locator('..').getByRole('alert').textContent()).toBe('destination: a phone number or a SIP URI such as sip:desk@pbx.example');
    expect(await targetsOf()).toEqual([]);

    // Austin: a phone number, office hours in Chicago, two calls at once, 20 a day, $45 for 90 s.
    await form.getByLabel('Destination').fill('(512) 555-0101');
    await form.getByLabel('Revenue per converted call (USD)').fill('45');
    await form.getByLabel('Converts after (seconds)').fill('90');
    await form.getByLabel('Live calls at once').fill('2');
    await form.getByLabel('Daily cap (calls)').fill('20');
    await form.getByLabel('Priority').fill('10');
    await form.getByLabel('Allowed regions').fill('CA, TX');
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect.poll(() => form.locator('..').getByRole('status').textContent()).toContain('Added Rooter Austin');

    // Dallas: a SIP desk, any hour, revenue-capped at $500 a day, converting on a key press.
    await form.getByLabel('Target name').fill('Rooter Dallas');
    await form.getByLabel('Destination').fill(DALLAS);
    await form.getByLabel('Revenue per converted call (USD)').fill('35');
    await form.getByLabel('Converts on').selectOption('keypress');
    await form.getByLabel('Key that converts').fill('9');
    await form.getByLabel('Period caps count').selectOption('revenue');
    await form.getByLabel('Daily cap (USD)').fill('500');
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect.poll(() => form.locator('..').getByRole('status').textContent()).toContain('Added Rooter Dallas');

    const [austin, dallas] = await targetsOf();
    expect(austin).toMatchObject({
      buyer: buyer.id,
      name: 'Rooter Austin',
      destination: AUSTIN,
      concurrency_cap: 2,
      cap_unit: 'calls',
      daily_cap: 20,
      priority: 10,
      convert_on: 'duration',
      convert_min_duration_s: 90,
      revenue_cents: 4500,
      allowed_regions: ['CA', 'TX'],
      schedule: null,
    });
    expect(dallas).toMatchObject({ destination: DALLAS, cap_unit: 'revenue', daily_cap: 50_000, convert_on: 'keypress', convert_key: '9', revenue_cents: 3500, concurrency_cap: null });
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'Rooter Co' }) });
    await expect.poll(() => card.locator('tbody tr').count()).toBe(2);
    expect(await card.locator('tr', { hasText: 'Rooter Austin' }).textContent()).toContain('2 at once · 20 calls a day');
    expect(await card.locator('tr', { hasText: 'Rooter Dallas' }).textContent()).toContain('$500.00 a day');
    await page.screenshot({ path: join(SHOTS, 'buyers.png'), fullPage: true });

    // A flow: greeting, a press-1 gate, both targets, a voicemail when neither is free.
    await nav(page, 'Flows').click();
    const flowForm = page.getByRole('form', { name: 'New flow' });
    await flowForm.getByLabel('Flow name').fill('Plumbing network');
    await flowForm.getByLabel('Greeting').fill('Thanks for calling the plumbing network.');
    await flowForm.getByLabel('Gate prompt').fill('Press 1 to speak with a licensed plumber now.');
    await flowForm.getByLabel('Then, with no key').selectOption('route');
    // Ticking the menu redraws the form: the choice just made must survive it.
    await flowForm.getByLabel("Menu: the caller's answer picks the targets that take it").check();
    expect(await flowForm.getByLabel('Then, with no key').inputValue()).toBe('route');
    await flowForm.getByLabel('Menu prompt').fill('Press 1 for a repair, 2 for a new installation.');
    await flowForm.getByLabel('Options, one a line').fill('1 = repair\n2 = install');
    await flowForm.getByLabel('Rooter Austin').check();
    await flowForm.getByLabel('Rooter Dallas').check();
    await flowForm.getByLabel('Whisper').fill('Call from the plumbing network');
    await flowForm.getByLabel('When no target takes the call').selectOption('voicemail');
    await flowForm.getByLabel('Voicemail prompt').fill('All plumbers are busy. Leave your name and number.');
    await flowForm.getByRole('button', { name: 'Create flow' }).click();
    await expect.poll(() => flowForm.getByRole('status').textContent()).toContain('Created Plumbing network');
    const flow = (await server.api('GET', '/v1/flows')).json.flows[0];
    expect(flow).toMatchObject({
      name: 'Plumbing network',
      greeting: 'Thanks for calling the plumbing network.',
      gate: { prompt: 'Press 1 to speak with a licensed plumber now.', digit: '1', timeout_s: 5, retries: 1, no_input: 'route' },
      menu: { prompt: 'Press 1 for a repair, 2 for a new installation.', options: { '1': 'repair', '2': 'install' }, timeout_s: 5, retries: 1 },
      targets: [austin!.id, dallas!.id],
      whisper: 'Call from the plumbing network',
      overflow: { kind: 'voicemail', prompt: 'All plumbers are busy. Leave your name and number.' },
    });

    // Run on the pool.
    const flowCard = page.locator('section.card', { has: page.getByRole('heading', { name: 'Plumbing network' }) });
    const runOn = flowCard.getByRole('form', { name: 'Run Plumbing network on a pool or site' });
    await runOn.getByLabel('Run on').selectOption({ label: 'Pool Paid search (Plumbing leads)' });
    await runOn.getByRole('button', { name: 'Run this flow' }).click();
    await expect.poll(async () => (await server.api('GET', `/v1/pools/${pool.id}`)).json.flow).toBe(flow.id);
    await flowCard.locator('li', { hasText: 'Pool Paid search' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'flows.png'), fullPage: true });

    // The live view, open before the call: it must refresh by itself.
    await nav(page, 'Live calls').click();
    const austinRow = page.locator('tbody tr', { hasText: 'Rooter Austin' });
    await expect.poll(() => austinRow.locator('td').nth(2).textContent()).toBe('0 of 2');

    // A caller presses 1 at the gate, 1 (repair) at the menu, and Austin (priority 10) is dialled.
    const call = new SimulatedCall(server, '+14155550199', TRACKING);
    await call.voice();
    expect(call.twiml).toContain('Press 1 to speak with a licensed plumber now.');
    await call.press('1');
    expect(call.twiml).toContain('Press 1 for a repair, 2 for a new installation.');
    await call.press('1');
    expect(call.dialled()).toBe(AUSTIN);
    await expect.poll(() => austinRow.locator('td').nth(2).textContent(), { timeout: 15_000 }).toBe('1 of 2');
    expect(await austinRow.locator('td').nth(4).textContent()).toBe('1 of 20');
    expect(await page.locator('tbody tr', { hasText: 'Rooter Dallas' }).locator('td').nth(4).textContent()).toBe('$0.00 of $500.00');
    const live = (await server.api('GET', '/v1/targets/live')).json.targets.find((t: { id: string }) => t.id === austin!.id);
    expect(live).toMatchObject({ live: 1, concurrency_cap: 2, day: 1, daily_cap: 20 });
    await page.screenshot({ path: join(SHOTS, 'live.png'), fullPage: true });

    // Austin's cap raised to 3 from its Edit form.
    await nav(page, 'Buyers').click();
    await card.locator('tr', { hasText: 'Rooter Austin' }).getByRole('button', { name: 'Edit Rooter Austin' }).click();
    const edit = page.getByRole('form', { name: 'Target Rooter Austin' });
    expect(await edit.getByLabel('Live calls at once').inputValue()).toBe('2');
    await edit.getByLabel('Live calls at once').fill('3');
    await edit.getByRole('button', { name: 'Save target' }).click();
    await expect.poll(async () => (await targetsOf()).find((t) => t.id === austin!.id)?.concurrency_cap).toBe(3);
    // Only the cap changed.
    expect((await targetsOf()).find((t) => t.id === austin!.id)).toMatchObject({ daily_cap: 20, revenue_cents: 4500, priority: 10, destination: AUSTIN });

    // Dallas archived, once confirmed.
    const dallasRow = card.locator('tr', { hasText: 'Rooter Dallas' });
    await dallasRow.getByRole('button', { name: 'Archive' }).click();
    expect((await targetsOf()).map((t) => t.name)).toEqual(['Rooter Austin', 'Rooter Dallas']);
    await dallasRow.getByRole('button', { name: 'Yes, archive' }).click();
    await expect.poll(async () => (await targetsOf()).map((t) => t.name)).toEqual(['Rooter Austin']);
    expect((await targetsOf('?archived=1')).find((t) => t.id === dallas!.id)?.archived_at).toEqual(expect.any(String));
    await expect.poll(() => card.locator('tbody tr').count()).toBe(1);

    // The live view follows: Austin against its new cap, Dallas gone.
    await nav(page, 'Live calls').click();
    await expect.poll(() => austinRow.locator('td').nth(2).textContent()).toBe('1 of 3');
    expect(await page.locator('tbody tr', { hasText: 'Rooter Dallas' }).count()).toBe(0);
    await call.dialEnded('completed', 95);
    await expect.poll(() => austinRow.locator('td').nth(2).textContent(), { timeout: 15_000 }).toBe('0 of 3');
    expect(problems).toEqual([]);
  }, 120_000);

  it('shows a viewer the buyers, flows and live view without a single form or button that changes them', async () => {
    const viewer = (await server.api('POST', '/v1/api-keys', { role: 'viewer', name: 'Ops screen' })).json.key as string;
    const { page, problems } = await signedIn(viewer);
    for (const [hash, title] of [
      ['#/buyers', 'Buyers'],
      ['#/flows', 'Flows'],
      ['#/live', 'Live calls'],
    ] as const) {
      await page.goto(`${server.url}/dashboard/${hash}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.locator('main section.card').first().waitFor();
      await page.locator('main table, main dl').first().waitFor();
      expect(await page.locator('main form').count(), title).toBe(0);
      // Sortable column headings are the only buttons.
      expect(await page.locator('main button:not(.sort)').count(), title).toBe(0);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
