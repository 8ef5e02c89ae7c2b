// Behind a proxy (DNI_TRUST_PROXY=1) the client's address is the one the proxy saw: the
// last X-Forwarded-For entry. Entries before it are whatever the client wrote, so a
// script rotating them must not get past the per-IP session limit.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

// A browser's, or the visit is a bot's and gets no number at all.
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function siteKey(s: TestServer): Promise<string> {
  const site = await s.api('POST', '/v1/sites', { name: 'Shop', domains: ['shop.example'] });
  const pool = await s.api('POST', '/v1/pools', {
    site: site.json.id,
    name: 'Visitors',
    replace: '+18005550100',
    forward_to: '+18005550100',
    numbers: ['+14155550101', '+14155550102', '+14155550103', '+14155550104', '+14155550105'],
  });
  expect(pool.status, pool.text).toBe(201);
  return site.json.public_key;
}

const visit = (s: TestServer, site: string, forwardedFor: string) =>
  s.request('POST', '/v1/sessions', { key: null, body: { site, url: 'https://shop.example/' }, headers: { 'x-forwarded-for': forwardedFor, 'user-agent': BROWSER } });

describe('the client address behind a proxy', () => {
  it('is the last X-Forwarded-For entry, so spoofed entries before it change nothing', async () => {
    server = await startTestServer({ DNI_TRUST_PROXY: '1', DNI_SESSION_RATE_LIMIT: '2' });
    const site = await siteKey(server);
    const leased = [];
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) leased.push((await visit(server, site, `${spoofed}, 198.51.100.7`)).json.numbers[0].leased);
    expect(leased).toEqual([true, true, false]);
    // Another client behind the same proxy has its own allowance.
    expect((await visit(server, site, '198.51.100.8')).json.numbers[0].leased).toBe(true);
  });

  it('is the socket peer without DNI_TRUST_PROXY, whatever the header says', async () => {
    server = await startTestServer({ DNI_SESSION_RATE_LIMIT: '2' });
    const site = await siteKey(server);
    const leased = [];
    for (const claimed of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) leased.push((await visit(server, site, claimed)).json.numbers[0].leased);
    expect(leased).toEqual([true, true, false]);
  });
});
