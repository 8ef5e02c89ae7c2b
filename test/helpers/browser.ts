// Real Chromium for browser tests (snippet, end to end, dashboard), through playwright-core.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';
import { VISITOR_USER_AGENT } from './http';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Headless Chromium. Playwright gives every launch a fresh temporary user-data dir
 * and removes it on close(), so no state survives from one launch to the next.
 */
export async function launchBrowser(opts: { extraArgs?: string[] } = {}): Promise<Browser> {
  if (!hasChromium) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])] });
}

// Headless Chromium says "HeadlessChrome" in its user agent, which the collector rightly
// takes for a bot (no pool lease). Visitors in tests present an ordinary desktop Chrome.
export { VISITOR_USER_AGENT };

/** A fresh browser profile for one visitor: empty storage and cookies, an ordinary user agent. */
export function visitorContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ userAgent: VISITOR_USER_AGENT });
}

/**
 * `describe` for tests that need Chromium. Without it they fail on CI (CI=true), where
 * a missing browser is a broken machine, and are skipped with a notice elsewhere.
 */
export function describeBrowser(name: string, tests: () => void): void {
  if (hasChromium) {
    describe(name, tests);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs Chromium at ${CHROMIUM_PATH}`, () => {
        throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; browser tests cannot run on CI without it`);
      });
    });
  } else {
    console.warn(`Skipping "${name}": Chromium is not installed at ${CHROMIUM_PATH}`);
    describe.skip(name, tests);
  }
}

export type PageServer = {
  /** `http://127.0.0.1:port`: an origin other than the collector's, as on a real site. */
  url: string;
  /** Serves `html` at `path` (exact match, query ignored) from now on. */
  page(path: string, html: string): string;
  close(): Promise<void>;
};

/** A tiny web server for the pages a browser test visits. */
export async function servePages(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(path, html) {
      pages.set(path, html);
      return `${url}${path}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
