// The dashboard's layout at a phone's width (390 px) and a laptop's (1280 px), in real
// Chromium: the first column of every table stays in view (a table wider than the
// screen scrolls inside its own box, which says so), the phone's top bar keeps its
// height on a short page and the active tab is fully in view; the buyers, flows and
// live-calls pages (long names, every field filled) fit the screen. Screenshots go to
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
    await seedFlows();
  });

  /** A buyer with long-named targets and a flow with every step, so the pay-per-call pages are at their widest. */
  async function seedFlows() {
    const made = async (path: string, body: unknown) => {
      const res = await server.api('POST', path, body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
      return res.json as { id: string };
    };
    const buyer = await made('/v1/buyers', { name: 'Rooter Plumbing & Drain Cleaning of Central Texas' });
    const austin = await made('/v1/targets', {
      buyer: buyer.id,
      name: 'Rooter Austin emergency desk (24/7)',
      destination: '+15125550101',
      schedule: { timezone: 'America/Chicago', mon: ['08:00', '18:00'], tue: ['08:00', '18:00'], wed: ['08:00', '18:00'], thu: ['08:00', '18:00'], fri: ['08:00', '13:00'] },
      allowed_regions: ['TX', '512', '737', '78701', '78702'],
      menu_answers: ['repair', 'emergency'],
      concurrency_cap: 2,
      hourly_cap: 5,
      daily_cap: 20,
      monthly_cap: 400,
      priority: 10,
      weight: 3,
      revenue_cents: 4500,
      convert_min_duration_s: 90,
    });
    const dallas = await made('/v1/targets', { buyer: buyer.id, name: 'Dallas', destination: 'sip:overflow-desk-dallas@pbx.rooterplumbing.example', cap_unit: 'revenue', daily_cap: 50_000, convert_on: 'conversion', revenue_cents: 2500 });
    await made('/v1/flows', {
      name: 'Plumbing network — Texas, repairs and installs',
      greeting: 'Thanks for calling the plumbing network. We connect you with a licensed plumber near you in under a minute.',
      recording_disclosure: 'This call may be recorded for quality and training.',
      gate: { prompt: 'Press 1 to speak with a licensed plumber now.', no_input: 'route' },
      menu: { prompt: 'Press 1 for a repair, 2 for a new installation.', options: { '1': 'repair', '2': 'install', '9': 'emergency' } },
      targets: [austin.id, dallas.id],
      sticky: true,
      whisper: 'Call from the plumbing network, Google Ads, emergency plumber Austin',
      overflow: { kind: 'voicemail', prompt: 'All plumbers are busy. Leave your name and number after the tone.' },
    });
  }
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

  for (const width of WIDTHS) {
    it(`fits the buyers, flows and live-calls pages at ${width} px`, async () => {
      const page = await signedIn(width);
      for (const [hash, name, ready] of [
        ['#/buyers', 'buyers', 'table tbody tr'],
        ['#/live', 'live', 'table tbody tr'],
        ['#/flows', 'flows', 'dl.kvs'],
      ] as const) {
        await page.goto(`${server.url}/dashboard/${hash}`);
        await page.locator(ready).first().waitFor();
        await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
        if (name === 'flows') {
          // No table: every card and field lies inside the screen.
          const widest = await page.locator('main .card, main input, main select, main textarea').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
          expect(widest, 'flows: nothing past the right edge').toBeLessThanOrEqual(width);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        } else {
          await firstColumnsInView(page, width);
        }
      }
      await page.context().close();
    }, 120_000);
  }

  it('keeps the phone top bar its own height on a short page, with the active tab wholly in view', async () => {
    const page = await signedIn(390, 844);
    for (const [hash, label] of [
      ['#/settings', 'Settings'],
      ['#/publishers', 'Publishers'],
      ['#/live', 'Live calls'],
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
