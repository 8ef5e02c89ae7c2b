// dni.js in Chromium against the real collector when time passes: the page's clock is
// Playwright's, and the collector's clock moves with it, so that a lease really ends.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Assignment } from '../../snippet/collector';
import { writeSnippet } from '../../snippet/build';
import { describeBrowser, launchBrowser, servePages, visitorContext, type PageServer } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const SALES = '+18005550100';
const MINUTE = 60_000;
const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

describeBrowser('dni.js when time passes', () => {
  let browser: Browser;
  let collector: TestServer;
  let pages: PageServer;
  let siteKey: string;
  const contexts: BrowserContext[] = [];
  // How far the collector's clock runs ahead of the real one. The server takes its
  // clock (`Date.now`) once, when it starts, so only it sees this; the tests do not.
  let collectorAhead = 0;

  beforeAll(async () => {
    await writeSnippet();
    const realNow = Date.now;
    Date.now = () => realNow() + collectorAhead;
    try {
      collector = await startTestServer();
    } finally {
      Date.now = realNow;
    }
    [browser, pages] = await Promise.all([launchBrowser(), servePages()]);
    const site = await collector.api('POST', '/v1/sites', { name: 'Plumbing', domains: ['127.0.0.1'], timezone: 'America/New_York' });
    expect(site.status).toBe(201);
    siteKey = site.json.public_key;
    const pool = await collector.api('POST', '/v1/pools', {
      site: site.json.id,
      name: 'Sales',
      replace: SALES,
      kind: 'session',
      lease_minutes: 30,
      rest_minutes: 15,
      match_window_minutes: 60,
      forward_to: SALES,
      numbers: ['+14155550110', '+14155550111', '+14155550112'],
    });
    expect(pool.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), collector?.close(), pages?.close()]);
  });

  afterEach(async () => {
    collectorAhead = 0;
    for (const context of contexts.splice(0)) await context.close();
  });

  /** Hides or shows the tab. Headless Chromium keeps every page visible, so the page is told. */
  const setHidden = (page: Page, hidden: boolean) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);

  it('a visitor back on a tab whose lease expired while hidden sees the new number, even when the answer is slow', async () => {
    const context = await visitorContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.clock.install();
    const url = pages.page(
      '/hidden',
      `<!doctype html><html><head><title>Plumbing</title><script src="${collector.url}/dni.js" data-site="${siteKey}" async></script></head>` +
        '<body><p id="sales">Call (800) 555-0100</p><a id="call" href="tel:+18005550100">Call</a></body></html>',
    );
    await page.goto(url);
    const first = await page.evaluate(() => (window as unknown as { dni: { ready: Promise<Assignment | null> } }).dni.ready);
    const old = first!.numbers[0]!;
    expect(old.leased).toBe(true);
    await page.waitForFunction((shown) => document.getElementById('sales')!.textContent === `Call ${shown}`, national(old.number));

    // Hidden for 40 minutes: no pings; the lease (30 minutes) ends and its number rests (15).
    await setHidden(page, true);
    collectorAhead = 40 * MINUTE;
    await page.clock.fastForward(40 * MINUTE);

    // Back on the tab: the snippet asks for a session; its answer is held past the one second.
    let held!: Route;
    let onAsked!: () => void;
    const asked = new Promise<void>((resolve) => (onAsked = resolve));
    await page.route(`${collector.url}/v1/sessions`, (route) => {
      held = route;
      onAsked();
    });
    await setHidden(page, false);
    await asked;
    expect(held.request().postDataJSON()).toMatchObject({ visitor: first!.visitor, session: first!.session });
    await page.clock.fastForward(2000);
    await page.waitForFunction(() => !document.documentElement.classList.contains('dni-loading'));

    const answered = page.waitForResponse((response) => response.url() === `${collector.url}/v1/sessions`);
    await held.continue();
    const fresh = (await (await answered).json()) as Assignment;
    const now = fresh.numbers[0]!;
    expect(fresh.session).not.toBe(first!.session);
    expect(now.leased).toBe(true);
    expect(now.number).not.toBe(old.number);

    // The page moves to the new number, and content added later gets it too.
    await page.waitForFunction((shown) => document.getElementById('sales')!.textContent === `Call ${shown}`, national(now.number), { timeout: 10_000 });
    expect(await page.getAttribute('#call', 'href')).toBe(`tel:${now.number}`);
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p id="later">Or 800-555-0100</p>'));
    const dashed = now.number.slice(2).replace(/(\d{3})(\d{3})/, '$1-$2-');
    await page.waitForFunction((shown) => document.getElementById('later')?.textContent === `Or ${shown}`, dashed, { timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});
