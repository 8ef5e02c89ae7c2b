// The Node server sends dni.js and the dashboard compressed, as the browser downloads
// them: the snippet's 2,048-byte budget is for those bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

const DIST = resolve(import.meta.dirname, '../../dist');
const BUDGET = 2048;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The raw response: fetch would decompress it and hide what went over the wire. */
function raw(path: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    get(`${server.url}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

describe('static files over HTTP', () => {
  const source = readFileSync(resolve(DIST, 'dni.js'));

  it('sends dni.js brotli- or gzip-compressed within the budget, and plain to a client that asks for neither', async () => {
    const br = await raw('/dni.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(br.body.length).toBeLessThanOrEqual(BUDGET);
    expect(brotliDecompressSync(br.body).equals(source)).toBe(true);

    const gz = await raw('/dni.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThanOrEqual(BUDGET);
    expect(gunzipSync(gz.body).equals(source)).toBe(true);
    // The headers the snippet needs on every variant.
    expect(gz.headers['access-control-allow-origin']).toBe('*');
    expect(gz.headers['cache-control']).toBe('public, max-age=300');
    expect(gz.headers['content-type']).toMatch(/javascript/);

    const plain = await raw('/dni.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(source)).toBe(true);
  });

  it('sends the dashboard compressed too', async () => {
    const page = await raw('/dashboard/', 'gzip');
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(page.body).toString('utf8');
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await raw(script!, 'br');
    expect(js.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(js.body).equals(readFileSync(resolve(DIST, script!.slice(1))))).toBe(true);
  });
});

describe('the dashboard over HTTP, as an attacker sees it', () => {
  it('sends a CSP that refuses framing and foreign scripts, nosniff and Referrer-Policy', async () => {
    for (const path of ['/dashboard/', '/dashboard/calls']) {
      const page = await raw(path);
      expect(page.status).toBe(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves no source maps: the build makes none unless DNI_SOURCEMAPS=1', async () => {
    const html = (await raw('/dashboard/')).body.toString('utf8');
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = readFileSync(resolve(DIST, script.slice(1)), 'utf8');
    expect(js).not.toContain('sourceMappingURL');
    expect(readdirSync(resolve(DIST, 'dashboard/assets')).filter((f) => f.includes('.map'))).toEqual([]);
    expect((await raw(`${script}.map`)).status).toBe(404);
  });
});
