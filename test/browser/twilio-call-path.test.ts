// The paid path end to end: a visitor from an ad in real Chromium, a call to the number
// they saw arriving from Twilio (signed by Twilio's own library), and a qualified call
// with its payout and journey.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, servePages, visitorContext, type PageServer } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { callSid, twilioPost, voiceParams } from '../helpers/twilio';

const TOKEN = 'twilio_e2e_token_0123456789abcdef';
const BUSINESS = '+18005550100';

describeBrowser('Chromium visit → signed Twilio call → qualified call with payout', () => {
  let browser: Browser;
  let server: TestServer;
  let pages: PageServer;

  beforeAll(async () => {
    [browser, server, pages] = await Promise.all([launchBrowser(), startTestServer({ TWILIO_AUTH_TOKEN: TOKEN }), servePages()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), pages?.close()]);
  });

  const twilio = (path: string, params: Record<string, string>) => twilioPost(server, path, params, { token: TOKEN });

  it('qualifies a 95-second call to the tracking number a visitor saw and pays the publisher rate', async () => {
    const site = await server.api('POST', '/v1/sites', { name: 'Plumber', domains: ['127.0.0.1'], timezone: 'America/New_York' });
    const rules = await server.api('PUT', `/v1/sites/${site.json.id}/rules`, {
      min_duration_s: 60,
      dedupe_days: 30,
      business_hours: null,
      allowed_regions: null,
      blocked_callers: [],
      payout_cents: 2500,
      currency: 'USD',
    });
    expect(rules.status).toBe(200);
    const publisher = await server.api('POST', '/v1/publishers', { name: 'Acme Leads', code: 'acme' });
    await server.api('PATCH', `/v1/publishers/${publisher.json.id}`, { payout_cents: 4000 });
    await server.api('POST', '/v1/pools', {
      site: site.json.id,
      name: 'Visitors',
      replace: BUSINESS,
      forward_to: BUSINESS,
      numbers: ['+14155550131', '+14155550132'],
    });

    const landing = pages.page(
      '/plumbing',
      `<!doctype html><title>Plumber</title><p>Call <a id="phone" href="tel:+18005550100">800-555-0100</a></p>
       <script src="${server.url}/dni.js" data-site="${site.json.public_key}" async></script>`,
    );
    const context = await visitorContext(browser);
    const page = await context.newPage();
    await page.goto(`${landing}?utm_source=acme&utm_medium=cpc&utm_campaign=burst-pipes&utm_term=emergency+plumber`);
    const phone = page.locator('#phone');
    await expect.poll(() => phone.textContent()).toMatch(/^415-555-013[12]$/);
    const tracking = `+1${(await phone.textContent())!.replace(/\D/g, '')}`;
    expect(await phone.getAttribute('href')).toBe(`tel:${tracking}`);
    await context.close();

    const sid = callSid();
    const voice = await twilio('/v1/twilio/voice', voiceParams({ CallSid: sid, From: '+14155550199', To: tracking }));
    expect(voice.status).toBe(200);
    expect(voice.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(voice.text).toContain(`<Number>${BUSINESS}</Number>`);
    expect(voice.text).toContain(`action="${server.publicUrl}/v1/twilio/status"`);

    const done = await twilio(
      '/v1/twilio/status',
      voiceParams({ CallSid: sid, From: '+14155550199', To: tracking, CallStatus: 'completed', DialCallStatus: 'completed', DialCallDuration: '95' }),
    );
    expect(done.status).toBe(200);

    const listed = await server.api('GET', '/v1/calls');
    expect(listed.json.calls).toHaveLength(1);
    const call = (await server.api('GET', `/v1/calls/${listed.json.calls[0].id}`)).json;
    expect(call).toMatchObject({
      provider_id: sid,
      tracking_number: tracking,
      status: 'completed',
      duration_s: 95,
      qualified: true,
      reasons: [],
      payout_cents: 4000,
      attribution: { confidence: 'exclusive', source: 'acme', publisher: 'acme', campaign: 'burst-pipes', keyword: 'emergency plumber' },
    });
    expect(call.journey.map((p: { url: string }) => new URL(p.url).pathname)).toEqual(['/plumbing']);
  });
});
