// Publisher postbacks managed from the dashboard alone, in real Chromium against the real
// Node server and a real receiver: a refused template shows the API's message, a default
// and a publisher's postback are added and listed, one is edited, a call's postback that
// failed is sent again from the delivery log, and one is archived once confirmed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, VISITOR_USER_AGENT } from '../helpers/browser';
import { startReceiver } from '../helpers/receiver';
import { startTestServer, type TestServer } from '../helpers/server';

describeBrowser('publisher postbacks in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let siteKey: string;

  beforeAll(async () => {
    [browser, server, receiver] = await Promise.all([launchBrowser(), startTestServer(), startReceiver()]);
    const site = await server.api('POST', '/v1/sites', { name: 'Shop', domains: ['shop.example'], timezone: 'America/New_York' });
    siteKey = site.json.public_key;
    const pool = await server.api('POST', '/v1/pools', {
      site: site.json.id,
      name: 'Visitors',
      replace: '+18005550100',
      kind: 'session',
      forward_to: '+18005550100',
      numbers: ['+14155550171', '+14155550172'],
    });
    expect(pool.status).toBe(201);
    expect((await server.api('POST', '/v1/publishers', { name: 'Acme Leads', code: 'acme' })).status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), receiver?.close()]);
  });

  async function signedIn(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // The refused template's 400 is an answer the page shows; nothing else may fail.
    page.on('response', (r) => r.status() >= 400 && !(r.status() === 400 && r.url().endsWith('/v1/postbacks')) && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('API key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return { page, problems };
  }

  const postbacks = async () => (await server.api('GET', '/v1/postbacks')).json.postbacks as Array<{ id: string; url: string; events: string[]; publisher: string | null }>;

  it('adds, lists, edits, sends again and archives postbacks', async () => {
    const { page, problems } = await signedIn();
    await page.goto(`${server.url}/dashboard/#/settings`);
    await page.getByRole('link', { name: 'Postbacks' }).click();
    const add = page.locator('section.card', { has: page.getByRole('heading', { name: 'Add a postback' }) });
    // The macros are listed beside the form.
    await expect.poll(() => add.textContent()).toContain('{click_id}');
    expect(await add.textContent()).toContain('{sub1}');

    // A template with a macro that does not exist: the API's own words, nothing stored.
    await add.getByLabel('URL template').fill(`${receiver.url}/pb?click={clickid}`);
    await add.getByRole('button', { name: 'Add postback' }).click();
    await expect.poll(() => add.getByRole('alert').textContent()).toContain('unknown macro {clickid}');
    expect(await postbacks()).toEqual([]);

    // The account default, for disqualified calls; then Acme's own, for qualified ones.
    await add.getByLabel('URL template').fill(`${receiver.url}/default?call={call_id}`);
    await add.getByLabel('call.qualified').uncheck();
    await add.getByLabel('call.disqualified').check();
    await add.getByRole('button', { name: 'Add postback' }).click();
    await expect.poll(() => add.getByRole('status').textContent()).toBe('Postback added.');
    await add.locator('select[name=publisher]').selectOption({ label: 'Acme Leads' });
    await add.getByLabel('URL template').fill(`${receiver.url}/acme?click={click_id}&payout={payout}`);
    await add.getByRole('button', { name: 'Add postback' }).click();
    const list = page.getByRole('table', { name: 'Publisher postbacks' });
    await expect.poll(() => list.locator('tbody tr').count()).toBe(2);
    expect(await list.locator('tbody tr').first().textContent()).toContain('Account default');
    const acmeRow = list.locator('tbody tr', { hasText: 'Acme Leads' });
    expect(await acmeRow.textContent()).toContain('call.qualified');
    const stored = await postbacks();
    expect(stored.find((p) => p.publisher === null)).toMatchObject({ events: ['call.disqualified'], url: `${receiver.url}/default?call={call_id}` });
    const acme = stored.find((p) => p.publisher !== null)!;
    expect(acme.events).toEqual(['call.qualified']);

    // Edited: a new template with the sub id, and the conversions too.
    await acmeRow.getByRole('button', { name: 'Edit' }).click();
    const edit = page.locator('section.card', { has: page.getByRole('heading', { name: 'Edit the postback for Acme Leads' }) });
    await edit.getByLabel('URL template').fill(`${receiver.url}/acme?click={click_id}&sub1={sub1}&status={status}`);
    await edit.getByLabel('call.converted').check();
    await edit.getByRole('button', { name: 'Save postback' }).click();
    await edit.waitFor({ state: 'detached' });
    expect((await postbacks()).find((p) => p.id === acme.id)).toMatchObject({
      url: `${receiver.url}/acme?click={click_id}&sub1={sub1}&status={status}`,
      events: ['call.qualified', 'call.converted'],
    });

    // A qualified call from Acme's traffic: its postback fails once (503), then is sent again from the log.
    receiver.answer(503);
    const visit = await server.request('POST', '/v1/sessions', {
      body: { site: siteKey, url: 'https://shop.example/?pub=acme&clickid=abc&sub1=feed' },
      key: null,
      headers: { 'user-agent': VISITOR_USER_AGENT },
    });
    expect(visit.json.numbers[0].leased).toBe(true);
    const call = await server.api('POST', '/v1/calls', {
      id: 'CA-postback-1',
      to: visit.json.numbers[0].number,
      from: '+14155550199',
      started_at: new Date().toISOString(),
      duration_s: 95,
      status: 'completed',
    });
    expect(call.json).toMatchObject({ qualified: true });
    const acmeRequests = () => receiver.requests.filter((r) => r.url.startsWith('/acme'));
    await expect.poll(() => acmeRequests().length).toBe(1);
    expect(acmeRequests()[0]!.url).toBe('/acme?click=abc&sub1=feed&status=qualified');
    // The receiver has it; the server stores its answer just after.
    const lastAnswer = async () => (await server.api('GET', `/v1/postbacks/${acme.id}/deliveries`)).json.deliveries[0]?.last_status_code;
    await expect.poll(lastAnswer).toBe(503);
    await acmeRow.getByRole('button', { name: 'Deliveries' }).click();
    const log = page.getByRole('table', { name: /^Deliveries to .*\/acme/ });
    await expect.poll(() => log.textContent()).toContain('503');
    await log.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => acmeRequests().length).toBe(2);
    expect(acmeRequests()[1]!.url).toBe('/acme?click=abc&sub1=feed&status=qualified');

    // Archived, once confirmed; cancelling first changes nothing.
    await acmeRow.getByRole('button', { name: 'Archive' }).click();
    await acmeRow.getByRole('button', { name: 'Cancel' }).click();
    expect(await postbacks()).toHaveLength(2);
    await acmeRow.getByRole('button', { name: 'Archive' }).click();
    await acmeRow.getByRole('button', { name: 'Archive postback' }).click();
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    expect((await postbacks()).map((p) => p.publisher)).toEqual([null]);
    expect(problems).toEqual([]);
  });
});
