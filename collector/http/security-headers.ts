// The security headers every response carries, on both entries. Pure: the Node entry
// and the app set them in a middleware, the Worker on the responses it makes, and the
// build writes them into dist/_headers for the assets Cloudflare serves without the Worker.
import { createMiddleware } from 'hono/factory';

const COMMON = {
  // A JSON body or an uploaded file is never run as a script or a page.
  'X-Content-Type-Options': 'nosniff',
  // Dashboard URLs carry call ids and filters: no other site learns them.
  'Referrer-Policy': 'no-referrer',
};

// The dashboard loads only its own files; its icon is a data: URL. uPlot and Preact set
// styles from script, which CSP allows, so no inline style is needed beyond attributes.
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
// The demo page is a stand-in for a customer's site: inline script and style, and the
// snippet from the public URL, so it only refuses framing, plugins and a foreign <base>.
const PAGE_CSP = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
// Everything else is JSON or a script: nothing in it may load anything or be framed.
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The security headers for a response to `path`. */
export function securityHeaders(path: string): Record<string, string> {
  const csp = path === '/dashboard' || path.startsWith('/dashboard/') ? DASHBOARD_CSP : path === '/demo' ? PAGE_CSP : API_CSP;
  return { ...COMMON, 'Content-Security-Policy': csp };
}

/** Copies the headers onto a response, leaving any a route set itself. */
export function addSecurityHeaders(headers: Headers, path: string): void {
  for (const [name, value] of Object.entries(securityHeaders(path))) if (!headers.has(name)) headers.set(name, value);
}

/** The same, as a Hono middleware. */
export const securityHeadersMiddleware = createMiddleware(async (c, next) => {
  await next();
  addSecurityHeaders(c.res.headers, c.req.path);
});

/** dist/_headers for Cloudflare's asset store: the dashboard's files skip the Worker. */
export function assetHeadersFile(): string {
  const block = (pattern: string, path: string) =>
    `${pattern}\n${Object.entries(securityHeaders(path))
      .map(([name, value]) => `  ${name}: ${value}`)
      .join('\n')}\n`;
  return [block('/dashboard/*', '/dashboard/'), block('/dashboard', '/dashboard'), block('/dni.js', '/dni.js')].join('\n');
}
