// Conversions to the ad platforms from the dashboard, in real Chromium against the real
// Node server (demo on) and a real receiver standing in for Meta: add a Meta destination
// (its token typed once, shown back only as its last 4 characters), a call from a visitor
// who came by a Facebook ad goes to Meta, and the call's page says where it was sent and
// why Google Ads refused it. Screenshots go to test-results/dashboard/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_SITE_KEY } from '../../collector/bootstrap';
import { describeBrowser, launchBrowser } from '../helpers/browser';
import { VISITOR_USER_AGENT } from '../helpers/http';
import { startReceiver } from '../helpers/receiver';
import { startTestServer, type TestServer } from '../helpers/server';

const SHOTS = join(import.meta.dirname, '../../test-results/dashboard');
const META_TOKEN = 'EAAB-browser-meta-token-7731';

describeBrowser('ad platforms in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser, server, receiver] = await Promise.all([launchBrowser(), startTestServer({ DNI_DEMO: '1' }), startReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), receiver?.close()]);
  });

  it('adds Meta with its token entered once, and a call page shows "sent" to Meta and why Google Ads refused it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('API key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

    await page.goto(`${server.url}/dashboard/#/settings/ad-platforms`);
    const meta = page.locator('section[data-platform="meta_capi"]');
    await meta.locator('summary', { hasText: 'Add Meta Conversions API' }).click();
    await meta.getByLabel('Pixel (dataset) id').fill('555000111');
    await meta.getByLabel('Conversions API access token').fill(META_TOKEN);
    await meta.getByLabel("Endpoint (optional: the platform's own)").fill(receiver.url);
    await meta.getByRole('button', { name: 'Add Meta Conversions API' }).click();
    await expect.poll(() => meta.getByRole('status').textContent()).toContain('will not be shown again');
    await expect.poll(() => meta.locator('table').textContent()).toContain('access_token ••••7731');
    expect(await page.content()).not.toContain(META_TOKEN);
    await page.screenshot({ path: join(SHOTS, 'ad-platforms.png'), fullPage: true });

    // Google Ads too, through the API: this visitor brought no gclid, so it is refused.
    const google = await server.api('POST', '/v1/ad-platforms', {
      kind: 'google_ads',
      base_url: receiver.url,
      settings: { customer_id: '1234567890', conversion_action: '9', token_url: `${receiver.url}/token` },
      credentials: { developer_token: 'd', client_id: 'c', client_secret: 's', refresh_token: 'r' },
    });
    expect(google.status, google.text).toBe(201);

    const visit = await server.request('POST', '/v1/sessions', {
      key: null,
      headers: { 'user-agent': VISITOR_USER_AGENT },
      body: { site: DEMO_SITE_KEY, url: `${server.publicUrl}/demo?fbclid=IwAR-browser` },
    });
    expect(visit.status, visit.text).toBe(200);
    const call = await server.api('POST', '/v1/calls', {
      id: 'browser-ad-1',
      to: visit.json.numbers[0].number,
      from: '+14155550199',
      started_at: new Date().toISOString(),
      duration_s: 120,
      status: 'completed',
    });
    expect(call.status, call.text).toBe(201);
    await receiver.received(1);
    expect(JSON.parse(receiver.requests[0]!.body).data[0]).toMatchObject({ event_name: 'Lead', action_source: 'phone_call' });

    await page.goto(`${server.url}/dashboard/#/calls/${call.json.id}`);
    const sent = page.locator('section[aria-labelledby="deliveries-title"]');
    await expect.poll(() => sent.locator('tbody tr').count()).toBe(2);
    const rows = await sent.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
    expect(rows).toEqual(
      expect.arrayContaining([
        ['Meta Conversions API', 'call.qualified', 'sent'],
        ['Google Ads', 'call.qualified', 'refused: no gclid/gbraid/wbraid'],
      ]),
    );
    await page.screenshot({ path: join(SHOTS, 'call-sent-to.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
