// Why nothing swapped, said in real Chromium: the demo page names the collector's reason
// for a visit without a tracking number, and `?dni_debug=1` loads dni.debug.js, whose log
// says the server's own message for a refused tag and the reason for a kept number.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { writeSnippet } from '../../snippet/build';
import { describeBrowser, launchBrowser, servePages, visitorContext, type PageServer } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const BUSINESS = '+18005550100';

describeBrowser('the reason a page keeps its number, on the demo page and in the debug log', () => {
  let browser: Browser;
  let server: TestServer;
  let pages: PageServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await writeSnippet(); // the server sends dist/dni.js and dist/dni.debug.js
    [browser, server, pages] = await Promise.all([launchBrowser(), startTestServer({ DNI_DEMO: '1' }), servePages()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), pages?.close()]);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  /** A page whose `[dni]` console lines are collected; `asVisitor` false keeps headless Chromium's own (bot) user agent. */
  async function open(asVisitor = true): Promise<{ page: Page; logged: string[]; scripts: string[] }> {
    const context = asVisitor ? await visitorContext(browser) : await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const logged: string[] = [];
    const scripts: string[] = [];
    page.on('console', (m) => m.text().startsWith('[dni]') && logged.push(m.text()));
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    return { page, logged, scripts };
  }

  const demo = () => `${server.url.replace('127.0.0.1', 'localhost')}/demo`;

  it('tells a headless browser on the demo page that bots keep the business number, and logs why with ?dni_debug=1', async () => {
    const { page, logged, scripts } = await open(false);
    await page.goto(`${demo()}?dni_debug=1`);
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('took this browser for a bot');
    expect(await page.locator('#cta-phone').textContent()).toBe('(800) 555-0100');
    // dni.js handed over to its debug build, which logged the reason.
    expect(scripts).toEqual(['/dni.js', '/dni.debug.js']);
    await expect.poll(() => logged.join('\n')).toContain(`[dni] bot: business number kept ${BUSINESS} ${BUSINESS}`);
  });

  it('shows a visitor the number leased to it, and loads no debug build without ?dni_debug=1', async () => {
    const { page, logged, scripts } = await open();
    await page.goto(demo());
    await expect.poll(() => page.locator('#dni-status').textContent()).toMatch(/^Tracking number leased to this visit: \+141555501\d\d\.$/);
    expect(scripts).toEqual(['/dni.js']);
    expect(logged).toEqual([]);
  });

  it('simulates calls from a different caller each time, so a repeat demo call is no duplicate', async () => {
    const { page } = await open();
    await page.goto(demo());
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('leased');
    for (let i = 1; i <= 2; i++) {
      await page.locator('#simulate-call').click();
      await expect.poll(() => page.locator('#call-result').textContent()).toMatch(/^Call recorded/);
      if (i === 1) await page.locator('#call-result').evaluate((e) => (e.textContent = ''));
    }
    const calls = await server.api('GET', '/v1/calls?limit=10');
    expect(calls.status).toBe(200);
    const made = calls.json.calls as Array<{ caller: string; duplicate: boolean }>;
    expect(made).toHaveLength(2);
    expect(new Set(made.map((c) => c.caller)).size).toBe(2);
    expect(made.map((c) => c.duplicate)).toEqual([false, false]);
  });

  it("logs the server's own message when it refuses the tag: an unknown site key, a page on another domain", async () => {
    const site = await server.api('POST', '/v1/sites', { name: 'Elsewhere', domains: ['shop.example'] });
    expect(site.status).toBe(201);
    for (const [path, key, message] of [
      ['/unknown', 'site_nope', '[dni] refused 404 Unknown site key'],
      ['/foreign', site.json.public_key as string, "[dni] refused 403 This origin is not one of the site's domains"],
    ] as const) {
      const url = pages.page(path, `<!doctype html><p>Call ${BUSINESS}</p><script src="${server.url}/dni.js" data-site="${key}" async></script>`);
      const { page, logged } = await open();
      await page.goto(`${url}?dni_debug=1`);
      await expect.poll(() => logged.join('\n')).toContain(message);
      expect(logged.join('\n')).toMatch(/\[dni\] offline (404|403)/);
    }
  });

  it('logs "pool exhausted" for the visitor who finds every number taken', async () => {
    const site = await server.api('POST', '/v1/sites', { name: 'Tiny', domains: ['127.0.0.1'] });
    const pool = await server.api('POST', '/v1/pools', { site: site.json.id, name: 'one', replace: BUSINESS, forward_to: BUSINESS, numbers: ['+14155550301'] });
    expect(pool.status).toBe(201);
    const url = pages.page('/tiny', `<!doctype html><p id="phone">Call ${BUSINESS}</p><script src="${server.url}/dni.js" data-site="${site.json.public_key}" async></script>`);
    const first = await open();
    await first.page.goto(url);
    await expect.poll(() => first.page.locator('#phone').textContent()).toBe('Call +14155550301');
    const second = await open();
    await second.page.goto(`${url}?dni_debug=1`);
    await expect.poll(() => second.logged.join('\n')).toContain(`[dni] pool exhausted ${BUSINESS} ${BUSINESS}`);
    expect(await second.page.locator('#phone').textContent()).toBe(`Call ${BUSINESS}`);
  });
});
