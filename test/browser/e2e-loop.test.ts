// The whole loop on the embedded default, as a newcomer runs it: the demo page in real
// Chromium swaps the number, a call to that number arrives, and the call shows up
// attributed to its keyword through the API and on the dashboard.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, visitorContext } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const AD_CLICK = '/demo?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=emergency+plumber';

describeBrowser('the whole loop: page → tracking number → call → attribution → dashboard', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ DNI_DEMO: '1' })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('attributes a call to the number a visitor saw to "emergency plumber"', async () => {
    const context = await visitorContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}${AD_CLICK}`);
    // The demo's business number is (800) 555-0100; the pool holds (415) 555-0101…0120.
    const cta = page.locator('#cta-phone');
    await expect.poll(() => cta.textContent()).toMatch(/^\(415\) 555-01\d\d$/);
    const shown = (await cta.textContent())!;
    const e164 = `+1${shown.replace(/\D/g, '')}`;
    expect(await cta.getAttribute('href')).toBe(`tel:${e164}`);
    // The panel marked data-dni-noswap keeps the business number.
    expect(await page.locator('[data-dni-noswap] code').first().textContent()).toBe('(800) 555-0100');

    const call = await server.api('POST', '/v1/calls', {
      id: 'e2e-call-1',
      to: e164,
      from: '+14155550199',
      started_at: new Date().toISOString(),
      duration_s: 95,
      status: 'completed',
    });
    expect(call.status).toBe(201);
    expect(call.json.attribution).toMatchObject({ confidence: 'exclusive', source: 'google', medium: 'cpc', campaign: 'spring', keyword: 'emergency plumber' });

    const listed = await server.api('GET', '/v1/calls?keyword=emergency%20plumber');
    expect(listed.json.calls.map((c: { id: string }) => c.id)).toEqual([call.json.id]);

    const dashboard = await context.newPage();
    dashboard.on('pageerror', (e) => errors.push(e.message));
    await dashboard.goto(`${server.url}/dashboard/`);
    await dashboard.getByLabel(/api key/i).fill(server.adminKey);
    await dashboard.getByRole('button', { name: /sign in/i }).click();
    await dashboard.goto(`${server.url}/dashboard/calls`);
    const row = dashboard.locator(`tr[data-call="${call.json.id}"]`);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('emergency plumber');

    expect(errors).toEqual([]);
    await context.close();
  });
});
