// dni.js as built, served by the real collector, on pages from another origin, in real Chromium.
import { createClient } from '@libsql/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Assignment } from '../../snippet/collector';
import { writeSnippet } from '../../snippet/build';
import { describeBrowser, launchBrowser, servePages, visitorContext, type PageServer } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const SALES = '+18005550100';
const SUPPORT = '+18885550177';
const poolNumbers = (prefix: string) => Array.from({ length: 30 }, (_, i) => `${prefix}${String(i + 10)}`);

/** `+14155550101` as `(415) 555-0101`, `415.555.0101` and so on: how the page writes it. */
const written = (e164: string, format: (area: string, exchange: string, line: string) => string) =>
  format(e164.slice(2, 5), e164.slice(5, 8), e164.slice(8));
const national = (e164: string) => written(e164, (a, e, l) => `(${a}) ${e}-${l}`);

type Visit = { context: BrowserContext; page: Page; errors: Error[]; collectorRequests: string[] };

describeBrowser('dni.js in Chromium against the collector', () => {
  let browser: Browser;
  let collector: TestServer;
  let pages: PageServer;
  let siteKey: string;
  const visits: Visit[] = [];

  beforeAll(async () => {
    await writeSnippet(); // the collector serves dist/dni.js
    [browser, collector, pages] = await Promise.all([launchBrowser(), startTestServer(), servePages()]);
    const site = await collector.api('POST', '/v1/sites', { name: 'Plumbing', domains: ['127.0.0.1', 'localhost'], timezone: 'America/New_York' });
    expect(site.status).toBe(201);
    siteKey = site.json.public_key;
    for (const [name, replace, prefix] of [
      ['Sales', SALES, '+141555501'],
      ['Support', SUPPORT, '+141555502'],
    ] as const) {
      const pool = await collector.api('POST', '/v1/pools', {
        site: site.json.id,
        name,
        replace,
        kind: 'session',
        lease_minutes: 30,
        match_window_minutes: 60,
        forward_to: replace,
        numbers: poolNumbers(prefix),
      });
      expect(pool.status).toBe(201);
    }
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), collector?.close(), pages?.close()]);
  });

  afterEach(async () => {
    for (const visit of visits.splice(0)) {
      // Whatever else a test checks, the snippet never throws into the page.
      expect(visit.errors).toEqual([]);
      await visit.context.close();
    }
  });

  const tag = (attributes = 'async') => `<script src="${collector.url}/dni.js" data-site="${siteKey}" ${attributes}></script>`;
  const html = (head: string, body: string) => `<!doctype html><html><head><title>Plumbing</title>${head}</head><body>${body}</body></html>`;

  async function newVisitor(): Promise<Visit> {
    const context = await visitorContext(browser);
    const page = await context.newPage();
    const visit: Visit = { context, page, errors: [], collectorRequests: [] };
    page.on('pageerror', (error) => visit.errors.push(error));
    page.on('request', (request) => {
      if (request.url().startsWith(`${collector.url}/v1/`)) visit.collectorRequests.push(new URL(request.url()).pathname);
    });
    visits.push(visit);
    return visit;
  }

  const ready = (page: Page) => page.evaluate(() => (window as unknown as { dni: { ready: Promise<Assignment | null> } }).dni.ready);
  const text = (page: Page, selector: string) => page.locator(selector).textContent();
  const trackingFor = (assignment: Assignment | null, replace: string) => {
    const swap = assignment?.numbers.find((n) => n.replace === replace);
    expect(swap?.leased).toBe(true);
    expect(swap?.number).not.toBe(replace);
    return swap!.number;
  };

  it('swaps a static page: text in its own format and tel: links, never excluded places', async () => {
    const url = pages.page(
      '/static',
      html(
        tag(),
        `<p id="sales">Call (800) 555-0100</p>
         <a id="call" href="tel:+1-800-555-0100">Call now</a>
         <p id="noswap" data-dni-noswap>Head office: 800-555-0100</p>
         <textarea id="field">800-555-0100</textarea>
         <div contenteditable="true" id="editor">800-555-0100</div>`,
      ),
    );
    const { page } = await newVisitor();
    await page.goto(url);
    const tracking = trackingFor(await ready(page), SALES);
    expect(await text(page, '#sales')).toBe(`Call ${national(tracking)}`);
    expect(await page.getAttribute('#call', 'href')).toBe(written(tracking, (a, e, l) => `tel:+1-${a}-${e}-${l}`));
    expect(await text(page, '#noswap')).toBe('Head office: 800-555-0100');
    expect(await page.inputValue('#field')).toBe('800-555-0100');
    expect(await text(page, '#editor')).toBe('800-555-0100');
    expect(await page.evaluate(() => document.documentElement.classList.contains('dni-loading'))).toBe(false);
  });

  it('swaps content inserted after load', async () => {
    const url = pages.page('/later', html(tag(), '<main id="app">Loading…</main>'));
    const { page } = await newVisitor();
    await page.goto(url);
    const tracking = trackingFor(await ready(page), SALES);
    await page.evaluate(() => {
      document.getElementById('app')!.innerHTML = '<p id="later">Support: <b>800.555.0100</b></p>';
    });
    const dotted = written(tracking, (a, e, l) => `${a}.${e}.${l}`);
    await page.waitForFunction((expected) => document.getElementById('later')?.textContent === `Support: ${expected}`, dotted);
  });

  it('swaps two business numbers, each to its own tracking number', async () => {
    const url = pages.page('/two', html(tag(), '<p id="sales">Sales 800-555-0100</p><p id="support">Support 1-888-555-0177</p>'));
    const { page } = await newVisitor();
    await page.goto(url);
    const assignment = await ready(page);
    const sales = trackingFor(assignment, SALES);
    const support = trackingFor(assignment, SUPPORT);
    expect(sales).not.toBe(support);
    expect(await text(page, '#sales')).toBe(written(sales, (a, e, l) => `Sales ${a}-${e}-${l}`));
    expect(await text(page, '#support')).toBe(written(support, (a, e, l) => `Support 1-${a}-${e}-${l}`));
  });

  it('records a single-page-app route change as a page view of the session', async () => {
    const url = pages.page('/spa', html(tag(), '<p id="sales">Call (800) 555-0100</p>'));
    const { page } = await newVisitor();
    await page.goto(url);
    const tracking = trackingFor(await ready(page), SALES);
    const pinged = page.waitForResponse((r) => r.url().endsWith('/ping') && r.request().postDataJSON().url === `${pages.url}/spa/pricing`);
    await page.evaluate(() => {
      document.title = 'Pricing';
      history.pushState({}, '', '/spa/pricing');
    });
    expect((await pinged).status()).toBe(200);

    // A call to the visitor's number now carries the route change in its journey.
    const call = await collector.api('POST', '/v1/calls', {
      id: 'spa-route-call',
      to: tracking,
      from: '+14155550199',
      started_at: new Date().toISOString(),
      duration_s: 95,
      status: 'completed',
    });
    expect(call.status).toBe(201);
    const detail = await collector.api('GET', `/v1/calls/${call.json.id}`);
    expect(detail.json.journey.map((p: { url: string; title: string }) => [p.url, p.title])).toEqual([
      [`${pages.url}/spa`, 'Plumbing'],
      [`${pages.url}/spa/pricing`, 'Pricing'],
    ]);
  });

  it('with data-consent="required": nothing stored or sent until dni.consent(true)', async () => {
    const url = pages.page('/consent', html(tag('async data-consent="required"'), '<p id="sales">Call (800) 555-0100</p>'));
    const visit = await newVisitor();
    const { page } = visit;
    await page.goto(url);
    await page.waitForFunction(() => 'dni' in window);
    expect(visit.collectorRequests).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, document.cookie])).toEqual([0, '']);
    expect(await text(page, '#sales')).toBe('Call (800) 555-0100');

    const assignment = await page.evaluate(() => {
      const dni = (window as unknown as { dni: { consent(granted: boolean): void; ready: Promise<Assignment | null> } }).dni;
      dni.consent(true);
      return dni.ready;
    });
    expect(await text(page, '#sales')).toBe(`Call ${national(trackingFor(assignment, SALES))}`);
    expect(visit.collectorRequests).toContain('/v1/sessions');
    expect(await page.evaluate(() => localStorage.getItem('dni'))).not.toBeNull();
  });

  it("stores the GA4 client id and Meta's browser ids from the page's cookies on the session", async () => {
    // The platforms' tags set their cookies: _ga and _fbp before dni.js runs, _fbc later (an ad click's id).
    const cookies = `<script>document.cookie = '_ga=GA1.1.1234567890.1700000000'; document.cookie = '_fbp=fb.1.1596403881668.1116446470';</script>`;
    const url = pages.page('/ad-ids', html(cookies + tag(), '<p id="sales">Call (800) 555-0100</p>'));
    const { page } = await newVisitor();
    await page.goto(url);
    const assignment = await ready(page);
    const pinged = page.waitForResponse((r) => r.url().endsWith('/ping'));
    await page.evaluate(() => {
      document.cookie = '_fbc=fb.1.1554763741205.IwAR2F4-dbP0l7Mn';
      history.pushState({}, '', '/ad-ids/next');
    });
    expect((await pinged).status()).toBe(200);
    const db = createClient({ url: collector.databaseUrl });
    const row = (await db.execute({ sql: 'select ga_client_id, fbp, fbc from sessions where id = ?', args: [assignment!.session] })).rows[0];
    db.close();
    expect({ ...row }).toEqual({ ga_client_id: '1234567890.1700000000', fbp: 'fb.1.1596403881668.1116446470', fbc: 'fb.1.1554763741205.IwAR2F4-dbP0l7Mn' });
  });

  it('leaves the page intact when the collector is down', async () => {
    // Port 9 (discard) has no listener here: every request is refused.
    const body = '<p id="sales">Call (800) 555-0100</p><a id="call" href="tel:8005550100">Call</a><button id="b" onclick="this.textContent=\'clicked\'">go</button>';
    const url = pages.page('/down', html(tag('async data-api="http://127.0.0.1:9"'), body));
    const { page } = await newVisitor();
    await page.goto(url);
    expect(await ready(page)).toBeNull();
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(body);
    expect(await page.evaluate(() => document.documentElement.className)).toBe('');
    await page.click('#b');
    expect(await text(page, '#b')).toBe('clicked');
  });

  it('adds nothing to window but dni', async () => {
    // A top-level const in a classic script is no property of window.
    const snapshot = '<script>const globalsBeforeDni = Object.getOwnPropertyNames(window);</script>';
    const url = pages.page('/globals', html(snapshot + tag(), '<p>Call (800) 555-0100</p>'));
    const { page } = await newVisitor();
    await page.goto(url);
    await ready(page);
    const added = await page.evaluate(() => {
      const before = new Set((globalThis as unknown as { eval(code: string): string[] }).eval('globalsBeforeDni'));
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
    });
    expect(added).toEqual(['dni']);
  });

  // What a returning visitor sees, recorded from the first moment: the text of the page
  // in every frame the browser renders (requestAnimationFrame runs before each paint), and
  // every change of text. (Whether the swap lands before DOMContentLoaded is not asserted:
  // Chromium may fire that event at the end of parsing before mutation callbacks run.)
  const recorder = `<script>
    const seen = { frames: [], changes: [] };
    const sample = () => { seen.frames.push(document.body ? document.body.innerText : ''); requestAnimationFrame(sample); };
    requestAnimationFrame(sample);
    new MutationObserver((records) => {
      for (const r of records) if (r.type === 'characterData') seen.changes.push({ from: r.oldValue, to: r.target.data });
    }).observe(document, { subtree: true, characterData: true, characterDataOldValue: true });
  </script>`;

  it.each([
    ['without async', ''],
    ['async with blocking="render"', 'async blocking="render"'],
  ])('a returning visitor never sees the original number (tag %s)', async (_how, attributes) => {
    const visit = await newVisitor();
    const { page } = visit;
    await page.goto(pages.page('/first', html(tag(), '<p>Call (800) 555-0100</p>')));
    const tracking = trackingFor(await ready(page), SALES);
    const requestsBefore = visit.collectorRequests.length;

    await page.goto(pages.page(`/returning-${attributes ? 'async' : 'sync'}`, html(recorder + tag(attributes), '<p id="sales">Call (800) 555-0100</p>')));
    await page.waitForFunction((expected) => {
      const frames = (globalThis as unknown as { eval(code: string): { frames: string[] } }).eval('seen').frames;
      return frames.some((frame) => frame.includes(expected));
    }, national(tracking));
    const seen = await page.evaluate(() => (globalThis as unknown as { eval(code: string): unknown }).eval('seen')) as {
      frames: string[];
      changes: Array<{ from: string; to: string }>;
    };

    expect(seen.frames.filter((frame) => frame.includes('(800) 555-0100'))).toEqual([]);
    expect(seen.changes).toContainEqual(expect.objectContaining({ from: 'Call (800) 555-0100', to: `Call ${national(tracking)}` }));
    // No waiting on the network: the page asked for no new session, it only pinged.
    expect(visit.collectorRequests.slice(requestsBefore).every((path) => path.endsWith('/ping'))).toBe(true);
  });
});
