// The dashboard's layout at a phone's width (390 px) and a laptop's (1280 px), in real
// Chromium: the first column of every table stays in view (a table wider than the
// screen scrolls inside its own box, which says so), the phone's top bar keeps its
// height on a short page and the active tab is fully in view. Screenshots go to
// test-results/dashboard-layout/ for a person to look at.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { seedDashboard } from './dashboard-seed';

const SHOTS = join(import.meta.dirname, '../../test-results/dashboard-layout');
const WIDTHS = [390, 1280] as const;

type Box = { left: number; right: number; top: number; bottom: number; width: number; height: number };

describeBrowser('dashboard layout at 390 px and 1280 px', () => {
  let browser: Browser;
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'dni-layout-'));
    const databaseUrl = `file:${join(dir, 'dni.db')}`;
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ DNI_DATABASE_URL: databaseUrl })]);
    await seedDashboard(server, databaseUrl);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(width: number, height = 900): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('API key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return page;
  }

  const box = (page: Page, selector: string) =>
    page.locator(selector).first().evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height } as Box;
    });

  /** Every table's first header cell lies wholly inside the viewport and inside the box that clips the table. */
  async function firstColumnsInView(page: Page, width: number) {
    const tables = await page.locator('table').count();
    expect(tables).toBeGreaterThan(0);
    for (let i = 0; i < tables; i++) {
      const cells = await page.locator('table').nth(i).evaluate((table) => {
        const rect = (e: Element) => e.getBoundingClientRect();
        const first = table.querySelector('tr > :first-child')!;
        // The nearest ancestor that clips what overflows it.
        let clip: Element | null = table.parentElement;
        while (clip && getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
        const c = rect(first);
        const k = clip ? rect(clip) : { left: 0, right: innerWidth };
        return { first: { left: c.left, right: c.right }, clip: { left: k.left, right: k.right } };
      });
      expect(cells.first.left, `table ${i}: first column starts in view`).toBeGreaterThanOrEqual(0);
      expect(cells.first.right, `table ${i}: first column ends in view`).toBeLessThanOrEqual(width);
      expect(cells.first.left).toBeGreaterThanOrEqual(cells.clip.left - 0.5);
      expect(cells.first.right).toBeLessThanOrEqual(cells.clip.right + 0.5);
    }
    // Nothing makes the page itself scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }

  for (const width of WIDTHS) {
    it(`keeps the first column of the attribution and call tables in view at ${width} px, and a wide table says it scrolls`, async () => {
      const page = await signedIn(width);
      await page.goto(`${server.url}/dashboard/#/attribution`);
      await page.locator('table tbody tr').first().waitFor();
      await page.screenshot({ path: join(SHOTS, `attribution-${width}.png`), fullPage: true });
      await firstColumnsInView(page, width);
      // A table wider than its box scrolls inside it, and the box says so.
      const scroller = page.locator('.table-wrap').first();
      const overflows = await scroller.evaluate((e) => e.scrollWidth > e.clientWidth);
      if (overflows) expect(await scroller.getAttribute('data-scrolls')).toBe('right');

      await page.goto(`${server.url}/dashboard/#/calls`);
      await page.locator('table tbody tr').first().waitFor();
      await page.screenshot({ path: join(SHOTS, `calls-${width}.png`), fullPage: true });
      await firstColumnsInView(page, width);
      await page.context().close();
    }, 120_000);
  }

  it('keeps the phone top bar its own height on a short page, with the active tab wholly in view', async () => {
    const page = await signedIn(390, 844);
    for (const [hash, label] of [
      ['#/settings', 'Settings'],
      ['#/publishers', 'Publishers'],
    ] as const) {
      await page.goto(`${server.url}/dashboard/${hash}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.screenshot({ path: join(SHOTS, `phone-${label.toLowerCase()}.png`), fullPage: true });
      const bar = await box(page, 'header');
      expect(bar.height, `${label}: top bar height`).toBeLessThan(160);
      const active = await box(page, '[aria-current="page"]');
      expect(active.left, `${label}: active tab starts in view`).toBeGreaterThanOrEqual(0);
      expect(active.right, `${label}: active tab ends in view`).toBeLessThanOrEqual(390);
    }
    await page.context().close();
  }, 120_000);
});
