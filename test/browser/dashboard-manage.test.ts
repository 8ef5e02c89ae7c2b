// Running a real site from the dashboard alone, in real Chromium against the real Node
// server (demo on): add a site, create a pool with numbers, edit its forwarding, add and
// remove numbers, archive the demo, then a visitor to the new site gets a number leased
// from the new pool (never the removed one). Screenshots go to test-results/dashboard/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, servePages, visitorContext, type PageServer } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const SHOTS = join(import.meta.dirname, '../../test-results/dashboard');
const POOL_NUMBERS = ['(415) 555-0161', '(415) 555-0162'];
const ADDED = '(415) 555-0163';
const e164 = (national: string) => `+1${national.replace(/\D/g, '')}`;

describeBrowser('managing sites, pools and numbers from the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let pages: PageServer;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser, server, pages] = await Promise.all([launchBrowser(), startTestServer({ DNI_DEMO: '1' }), servePages()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), pages?.close()]);
  });

  async function signedIn(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // A step that cannot happen fails with what it waited for, well inside the test's time.
    page.setDefaultTimeout(8_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // A 409 for the held number is an answer the page shows, not a failure; nothing else may fail.
    page.on('response', (r) => r.status() >= 400 && r.status() !== 409 && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('API key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return { page, problems };
  }

  it('creates a site, a pool and numbers, edits forwarding, removes a number, archives the demo, and a visitor is leased from the new pool', async () => {
    const { page, problems } = await signedIn();

    // A site.
    await page.goto(`${server.url}/dashboard/#/settings/sites`);
    const add = page.locator('section.card', { has: page.getByRole('heading', { name: 'Add a site' }) });
    await add.getByLabel('Name', { exact: true }).fill('Acme Plumbing');
    await add.getByLabel('Domains').fill('127.0.0.1');
    await add.getByLabel('Time zone').selectOption('America/Chicago');
    await add.getByRole('button', { name: 'Add site' }).click();
    await expect.poll(() => add.getByRole('status').textContent()).toContain('Added Acme Plumbing');
    const site = (await server.api('GET', '/v1/sites')).json.sites.find((s: { name: string }) => s.name === 'Acme Plumbing');
    expect(site).toMatchObject({ domains: ['127.0.0.1'], timezone: 'America/Chicago' });

    // A pool with two numbers.
    await page.goto(`${server.url}/dashboard/#/numbers`);
    const create = page.locator('section.card', { has: page.getByRole('heading', { name: 'New pool' }) });
    await create.locator('select[name=site]').selectOption({ label: 'Acme Plumbing' });
    await create.getByLabel('Business number it replaces').fill('(800) 555-0142');
    await create.getByLabel('Pool name').fill('Acme visitors');
    await create.getByLabel('Forward calls to').fill('(415) 555-0100');
    await create.getByLabel('Tracking numbers, one a line').fill(POOL_NUMBERS.join('\n'));
    await create.getByRole('button', { name: 'Create pool' }).click();
    await expect.poll(() => create.getByRole('status').textContent()).toBe('Created Acme visitors with 2 numbers.');
    const card = page.locator('section.pool', { has: page.getByRole('heading', { name: 'Acme visitors' }) });
    await card.waitFor();

    // Its forwarding, edited.
    await card.getByText('Settings', { exact: true }).click();
    const settings = card.getByRole('form', { name: 'Settings of Acme visitors' });
    await settings.getByLabel('Forward calls to').fill('(415) 555-0199');
    await settings.getByRole('button', { name: 'Save pool' }).click();
    await expect.poll(async () => (await server.api('GET', `/v1/pools?site=${site.public_key}`)).json.pools[0]?.forward_to).toBe('+14155550199');

    // A third number added beside the size advice, then the first one removed, once confirmed.
    const adding = card.getByRole('form', { name: 'Add numbers to Acme visitors' });
    await adding.getByLabel('Add numbers, one a line').fill(ADDED);
    await adding.getByRole('button', { name: 'Add numbers' }).click();
    await card.locator('.pool-numbers li', { hasText: ADDED }).waitFor();
    const removed = card.locator('.pool-numbers li', { hasText: POOL_NUMBERS[0]! });
    await removed.getByRole('button', { name: 'Remove' }).click();
    await removed.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => card.locator('.pool-numbers li').allTextContents()).toHaveLength(2);
    const pool = (await server.api('GET', `/v1/pools?site=${site.id}`)).json.pools[0];
    expect(pool.numbers).toEqual([e164(POOL_NUMBERS[1]!), e164(ADDED)]);
    await page.screenshot({ path: join(SHOTS, 'numbers-manage.png'), fullPage: true });

    // The demo, archived from Settings like any site.
    await page.goto(`${server.url}/dashboard/#/settings/sites`);
    const demoRow = page.locator('tr', { hasText: 'Demo plumbing' });
    await demoRow.getByRole('button', { name: 'Archive' }).click();
    await demoRow.getByRole('button', { name: 'Yes, archive' }).click();
    await expect.poll(() => page.locator('tr', { hasText: 'Demo plumbing' }).count()).toBe(0);
    expect((await server.api('GET', '/v1/sites')).json.sites.map((s: { name: string }) => s.name)).toEqual(['Acme Plumbing']);
    expect((await fetch(`${server.url}/demo`)).status).toBe(404);
    expect(problems).toEqual([]);

    // A visitor to the new site sees a number leased from the new pool, and never the removed one.
    const visitor = await (await visitorContext(browser)).newPage();
    const url = pages.page(
      '/acme',
      `<!doctype html><html><head><title>Acme</title><script src="${server.url}/dni.js" data-site="${site.public_key}" async></script></head>` +
        `<body><p>Call <a id="cta" href="tel:+18005550142">(800) 555-0142</a></p></body></html>`,
    );
    await visitor.goto(url);
    const cta = visitor.locator('#cta');
    await expect.poll(() => cta.textContent()).not.toBe('(800) 555-0142');
    expect([POOL_NUMBERS[1], ADDED]).toContain(await cta.textContent());
    expect(await cta.getAttribute('href')).toBe(`tel:${e164((await cta.textContent())!)}`);
  });
});
