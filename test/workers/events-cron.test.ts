// Events out on workerd (wrangler dev, local D1): the first try runs in ctx.waitUntil
// after the answer, and the cron trigger, fired by the test, retries what it left.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver } from '../helpers/receiver';
import { startTestWorker } from '../helpers/worker';

let worker: Awaited<ReturnType<typeof startTestWorker>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startTestWorker({ vars: { DNI_DEMO: '0' } });
});
afterAll(async () => {
  await worker?.close();
  await receiver?.close();
});

it('a webhook that failed its first try (waitUntil) is delivered by the cron trigger', async () => {
  const hook = await worker.api('POST', '/v1/webhooks', { url: `${receiver.url}/hook`, events: ['call.completed'] });
  expect(hook.status, hook.text).toBe(201);
  receiver.answer(500);
  const call = await worker.api('POST', '/v1/calls', {
    id: 'cron-1',
    to: '+14155550101',
    from: '+14155550199',
    started_at: new Date().toISOString(),
    duration_s: 45,
    status: 'completed',
  });
  expect(call.status, call.text).toBe(201);
  await receiver.received(1);
  // Polls a condition, one request per tick, until it holds or the deadline passes.
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 90_000; !(await check()); await new Promise((ok) => setTimeout(ok, 500))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  };
  const log = async () => (await worker.api('GET', `/v1/webhooks/${hook.json.id}/deliveries`)).json.deliveries;
  // The first try's outcome is stored by its waitUntil, after the answer.
  await until('the first try to be logged', async () => (await log())[0]?.last_status_code === 500);
  expect((await log())[0]).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });

  // wrangler's /__scheduled runs the jobs at the real time (it ignores a given time), so
  // the cron trigger is fired until the retry comes due (the first backoff: 15 to 30 s).
  await until('the cron trigger to send the retry', async () => {
    await worker.runCron();
    return receiver.requests.length >= 2 && (await log())[0]?.status === 'sent';
  });
  expect(receiver.requests).toHaveLength(2);
  const [first, second] = receiver.requests.map((r) => JSON.parse(r.body));
  expect(second).toMatchObject({ type: 'call.completed', data: { call: { id: call.json.id } } });
  expect(second.id).toBe(first.id);
  expect(receiver.requests[1]!.headers['dni-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  expect((await log())[0]).toMatchObject({ status: 'sent', attempts: 2, last_status_code: 200 });
}, 150_000);

it('a Google Ads conversion goes out from workerd: the OAuth exchange, then the upload with the hashed number', async () => {
  receiver.reply('/token', JSON.stringify({ access_token: 'ya29.worker-token' }));
  const ad = await worker.api('POST', '/v1/ad-platforms', {
    kind: 'google_ads',
    base_url: receiver.url,
    events: ['call.converted'],
    settings: { customer_id: '1234567890', conversion_action: '9', ad_user_data_consent: 'GRANTED', enhanced_conversions: true, token_url: `${receiver.url}/token` },
    credentials: { developer_token: 'dev', client_id: 'id', client_secret: 'secret', refresh_token: 'refresh' },
  });
  expect(ad.status, ad.text).toBe(201);
  const before = receiver.requests.length;
  const call = await worker.api('POST', '/v1/calls', { id: 'ad-1', to: '+14155550101', from: '+14155550199', started_at: new Date().toISOString(), duration_s: 45, status: 'completed' });
  expect(call.status, call.text).toBe(201);
  const sale = await worker.api('POST', '/v1/conversions', { call_id: call.json.id, value_cents: 1999 });
  expect(sale.status, sale.text).toBe(200);
  // The first test's webhook hears of the new call too: three requests in all.
  await receiver.received(before + 3);
  const [token, upload] = receiver.requests.slice(before).filter((r) => r.url !== '/hook');
  expect(new URL(token!.url, receiver.url).pathname).toBe('/token');
  expect(upload!.url).toBe('/customers/1234567890:uploadClickConversions');
  expect(upload!.headers.authorization).toBe('Bearer ya29.worker-token');
  expect(JSON.parse(upload!.body).conversions[0]).toMatchObject({
    orderId: call.json.id,
    conversionValue: 19.99,
    userIdentifiers: [{ hashedPhoneNumber: createHash('sha256').update('+14155550199').digest('hex') }],
  });
}, 60_000);
