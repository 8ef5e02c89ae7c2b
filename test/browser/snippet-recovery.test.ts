// dni.js in Chromium when the collector no longer knows the visitor's stored session
// (a new database, a session cleaned up): the ping's 404 must reach the snippet, which
// then opens a new session and shows its number, not the stored one that may be
// someone else's by now.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeSnippet } from '../../snippet/build';
import { describeBrowser, launchBrowser, servePages, visitorContext, type PageServer } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const SALES = '+18005550100';
const POOL = ['+14155550120', '+14155550121'];
const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

describeBrowser('dni.js when the collector forgot the session', () => {
  let browser: Browser;
  let collector: TestServer;
  let pages: PageServer;
  let siteKey: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    await writeSnippet();
    [browser, pages, collector] = await Promise.all([launchBrowser(), servePages(), startTestServer()]);
    const site = await collector.api('POST', '/v1/sites', { name: 'Plumbing', domains: ['127.0.0.1'] });
    siteKey = site.json.public_key;
    const pool = await collector.api('POST', '/v1/pools', { site: site.json.id, name: 'Sales', replace: SALES, forward_to: SALES, numbers: POOL });
    expect(pool.status, pool.text).toBe(201);
  });

  afterAll(async () => {
    await context?.close();
    await Promise.all([browser?.close(), collector?.close(), pages?.close()]);
  });

  it('opens a new session and shows its number', async () => {
    context = await visitorContext(browser);
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    const sessionRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url() === `${collector.url}/v1/sessions`) sessionRequests.push(r.postData() ?? '');
    });
    // What a visitor's browser holds from an earlier visit: a live-looking assignment of
    // a session this collector has never seen, showing a number outside the pool.
    const stale = {
      a: { visitor: 'v_gone', session: 's_gone', expires_at: new Date(Date.now() + 20 * 60_000).toISOString(), ping_s: 60, numbers: [{ replace: SALES, number: '+14155550199', leased: true }] },
      t: Date.now(),
    };
    await page.addInitScript((value) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('dni', value);
        sessionStorage.setItem('seeded', '1');
      }
    }, JSON.stringify(stale));
    await page.goto(
      pages.page('/returning', `<!doctype html><html><head><title>Plumbing</title><script src="${collector.url}/dni.js" data-site="${siteKey}" async></script></head><body><p id="sales">Call (800) 555-0100</p></body></html>`),
    );
    const fresh = await page.waitForFunction((pool) => pool.some((n) => document.getElementById('sales')!.textContent!.includes(n)), POOL.map(national));
    expect(await fresh.jsonValue()).toBe(true);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('dni')!));
    expect(stored.a.session).not.toBe('s_gone');
    expect(POOL).toContain(stored.a.numbers[0].number);
    // The new session was asked for without the forgotten one.
    expect(sessionRequests).toHaveLength(1);
    expect(JSON.parse(sessionRequests[0]!).session).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
