// The dashboard in real Chromium against the real Node server and the built bundle
// (npx vite build first): sign in, read the overview, drill down to a keyword, open a
// call's journey, mark it converted, and see a publisher's and a buyer's narrower views. Screenshots
// go to test-results/dashboard/ for a person to look at.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { seedDashboard, type Seeded } from './dashboard-seed';

const SHOTS = join(import.meta.dirname, '../../test-results/dashboard');

describeBrowser('dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let seeded: Seeded;
  let dir: string;
  let databaseUrl: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'dni-dashboard-'));
    databaseUrl = `file:${join(dir, 'dni.db')}`;
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ DNI_DATABASE_URL: databaseUrl })]);
    seeded = await seedDashboard(server, databaseUrl);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records every console error, page error and failed request. */
  async function open(viewport = { width: 1360, height: 900 }): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    return { page, problems };
  }

  async function signIn(page: Page, key: string) {
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  }

  it('signs in, shows the month at a glance and drills down to a keyword', async () => {
    const { page, problems } = await open();
    await signIn(page, server.adminKey);
    const kpis = page.locator('.kpis');
    await expect.poll(() => kpis.textContent()).toContain('Qualified calls');
    await page.locator('.chart canvas').first().waitFor();
    await expect.poll(() => page.locator('section[aria-labelledby="top-keyword"]').textContent()).toContain('emergency plumber');
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });

    await page.getByRole('link', { name: 'Attribution', exact: true }).click();
    await page.getByRole('link', { name: /^google/ }).click();
    await page.getByRole('link', { name: /^emergency/ }).click();
    const crumbs = page.getByRole('navigation', { name: 'Drill-down path' });
    await expect.poll(() => crumbs.textContent()).toBe('All sources › google › emergency');
    const table = page.locator('table');
    await expect.poll(() => table.locator('tbody').textContent()).toContain('emergency plumber');
    expect(await table.locator('thead').textContent()).toContain('Keyword');
    expect(await table.locator('tfoot').textContent()).toMatch(/^Total/);

    // Sorting by keyword puts them in alphabetical order.
    await table.getByRole('button', { name: 'Keyword' }).click();
    expect(await table.locator('th', { hasText: 'Keyword' }).getAttribute('aria-sort')).toBe('ascending');
    const keywords = await table.locator('tbody tr td:first-child').allTextContents();
    expect(keywords).toEqual([...keywords].sort((a, b) => a.localeCompare(b)));
    await page.screenshot({ path: join(SHOTS, 'attribution-keyword.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^keyword,sessions,calls,qualified_calls/);
    expect(csv).toContain('emergency plumber,');

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("opens a call's journey and marks it converted", async () => {
    const { page, problems } = await open();
    await signIn(page, server.adminKey);
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    await page.getByLabel('Keyword').fill('emergency plumber');
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.locator(`tr[data-call="${seeded.journeyCallId}"]`);
    await expect.poll(() => row.textContent()).toContain('emergency plumber');
    await page.screenshot({ path: join(SHOTS, 'calls.png'), fullPage: true });

    // The export holds the list on screen: the collector takes the same filters as the list.
    await page.getByText('Export', { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download calls CSV' }).click()]);
    const [header, ...records] = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    const keyword = header!.split(',').indexOf('keyword');
    // One page of the list (50) holds every match of the seeded month, so the counts agree.
    if ((await page.getByRole('button', { name: 'Show more calls' }).count()) === 0) expect(records.length).toBe(await page.locator('tr[data-call]').count());
    expect(new Set(records.map((r) => r.split(',')[keyword]))).toEqual(new Set(['emergency plumber']));

    await row.getByRole('link').first().click();
    const journey = page.locator('ol.journey');
    await expect.poll(() => journey.locator('.journey-title').allTextContents()).toEqual([
      'Acme Plumbing · 24/7 emergency plumbers',
      'Burst pipe repair',
      'Contact us',
      'Called',
    ]);
    expect(await page.locator('.kvs').textContent()).toContain('emergency plumber');

    await page.getByLabel(/Conversion value/).fill('850');
    await page.getByRole('button', { name: 'Mark converted' }).click();
    await expect.poll(() => page.locator('[data-converted]').textContent()).toContain('$850');
    await page.screenshot({ path: join(SHOTS, 'call-detail.png'), fullPage: true });
    const stored = await server.api('GET', `/v1/calls/${seeded.journeyCallId}`);
    expect(stored.json.conversion.value_cents).toBe(85_000);

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows numbers, install and settings pages to an admin', async () => {
    const { page, problems } = await open();
    await signIn(page, server.adminKey);
    await page.getByRole('link', { name: 'Numbers', exact: true }).click();
    await expect.poll(() => page.locator('.pool').first().textContent()).toContain('Website visitors');
    await page.screenshot({ path: join(SHOTS, 'numbers.png'), fullPage: true });

    await page.getByRole('link', { name: 'Install', exact: true }).click();
    await expect.poll(() => page.locator('.install pre').first().textContent()).toMatch(/<script src=".*\/dni\.js" data-site="site_/);
    expect(await page.locator('.install').textContent()).toContain('html.dni-loading .phone{visibility:hidden}');
    // The API visit above opened a session: the snippet counts as seen.
    expect(await page.locator('.status').textContent()).toMatch(/^Working: last seen/);
    await page.screenshot({ path: join(SHOTS, 'install.png'), fullPage: true });

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('link', { name: 'Qualification rules' }).click();
    const minimum = page.getByLabel('Minimum duration (seconds)');
    await expect.poll(() => minimum.inputValue()).toBe('60');
    await minimum.fill('90');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Rules saved.');
    const rules = await server.api('GET', `/v1/sites/${seeded.siteId}/rules`);
    expect(rules.json.min_duration_s).toBe(90);
    await page.screenshot({ path: join(SHOTS, 'settings-rules.png'), fullPage: true });

    // A publisher's payout override, set and then cleared, through the real PATCH.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Publishers' }).click();
    await page.getByRole('button', { name: 'Edit payout for Lead Partners' }).click();
    const payout = page.getByLabel(/^Payout per qualified call/);
    expect(await payout.evaluate((el) => el === document.activeElement)).toBe(true);
    await payout.fill('30');
    await page.getByRole('button', { name: 'Save payout' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Lead Partners now earns $30.00 per qualified call.');
    const publisherPayout = async () => ((await server.api('GET', '/v1/publishers')).json.publishers as { code: string; payout_cents: number | null }[]).find((p) => p.code === 'leadpartners')?.payout_cents;
    expect(await publisherPayout()).toBe(3000);
    await page.getByRole('button', { name: 'Edit payout for Lead Partners' }).click();
    await page.screenshot({ path: join(SHOTS, 'settings-publisher-payout.png'), fullPage: true });
    await page.getByRole('button', { name: "Use the site's payout" }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain("Lead Partners now earns the site's payout per qualified call.");
    expect(await publisherPayout()).toBeNull();

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('fits a phone screen', async () => {
    const { page, problems } = await open({ width: 390, height: 844 });
    await signIn(page, server.adminKey);
    await page.locator('.chart canvas').first().waitFor();
    // Nothing wider than the screen: wide tables scroll inside their cards.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'overview-phone.png'), fullPage: true });
    // The payout editor sits under the table, not in it: it fits too.
    await page.goto(`${server.url}/dashboard/#/settings/publishers`);
    await page.getByRole('button', { name: 'Edit payout for Home Pros Media' }).click();
    await page.getByLabel(/^Payout per qualified call/).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'settings-publishers-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows a publisher only its own calls, callers masked, and no admin pages', async () => {
    const { page, problems } = await open();
    await signIn(page, seeded.publisherKey);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Attribution', 'Calls']);
    await expect.poll(() => page.locator('.kpis').textContent()).toContain('Payouts');
    expect(await page.locator('.kpis').textContent()).not.toContain('Revenue');
    await page.screenshot({ path: join(SHOTS, 'publisher-overview.png'), fullPage: true });

    await nav.getByRole('link', { name: 'Calls' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    const rows = page.locator('tr[data-call]');
    await rows.first().waitFor();
    const sources = await rows.locator('td:nth-child(5)').allTextContents();
    expect(new Set(sources)).toEqual(new Set(['leadpartners']));
    for (const caller of await rows.locator('td:nth-child(2)').allTextContents()) expect(caller).toMatch(/^••• \d{4}$/);

    await page.goto(`${server.url}/dashboard/#/settings`);
    await expect.poll(() => page.locator('main').textContent()).toContain('Not available with this key');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('dni.key'))).toBeNull();

    expect(problems).toEqual([]);
    await page.context().close();
  });

  // Last: it adds a buyer to the account, which the pages above are read without.
  it('shows a buyer only the call routed to it and what it owes, with no traffic, payouts or admin pages', async () => {
    const buyer = await server.api('POST', '/v1/buyers', { name: 'Rooter Co' });
    const key = await server.api('POST', '/v1/api-keys', { role: 'buyer', buyer: buyer.json.id, name: 'Rooter' });
    expect(key.status).toBe(201);
    // The journey call, routed to the buyer as a call flow leaves it: its buyer, and revenue frozen.
    const db = createClient({ url: databaseUrl });
    await db.execute({ sql: 'UPDATE calls SET buyer_id = ?, target_id = ?, revenue_cents = 4500 WHERE id = ?', args: [buyer.json.id, 'tg_rooter', seeded.journeyCallId] });
    db.close();

    const { page, problems } = await open();
    await signIn(page, key.json.key);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Calls']);
    await expect.poll(() => page.locator('.kpis').textContent()).toContain('Owed');
    const kpis = (await page.locator('.kpis').textContent())!;
    expect(kpis).toContain('$45.00');
    for (const hidden of ['Revenue', 'Cost', 'Payouts', 'ROI', 'sessions']) expect(kpis).not.toContain(hidden);
    await page.locator('tr[data-call]').first().waitFor();
    expect(await page.locator('section[aria-labelledby="top-source"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'buyer-overview.png'), fullPage: true });

    await nav.getByRole('link', { name: 'Calls' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    const rows = page.locator('tr[data-call]');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-call')))).toEqual([seeded.journeyCallId]);
    // The whole caller (a buyer talks to them), and what the call owes; no attribution columns.
    expect(await rows.locator('td:nth-child(2)').textContent()).toContain('0147');
    expect(await rows.locator('td:nth-child(2)').textContent()).not.toContain('•');
    expect(await page.locator('table.calls thead').textContent()).not.toContain('Source');
    expect(await rows.locator('td').last().textContent()).toBe('$45.00');

    await rows.locator('td a').first().click();
    await page.getByRole('heading', { level: 1, name: 'Call' }).waitFor();
    await expect.poll(() => page.locator('.detail-badges').textContent()).toContain('$45.00 owed');
    expect(await page.getByRole('heading', { name: 'Journey' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('emergency plumber');

    // Every request the pages made was one the key may make: no 403 along the way.
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
