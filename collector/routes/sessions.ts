import { Hono } from 'hono';
import * as z from 'zod';
import { jsonBody } from '../http/body';
import { httpUrl } from '../http/schemas';
import { adIdFields } from '../domain/ad-ids';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { findSiteWithPools } from '../db/session-queries';
import { openSession, pingSession } from '../services/open-session';
import { leaseHolder } from '../services/lease-holder';
import { newSessionCount, writeBudget } from '../services/rate-limit';

const sessionBody = z.object({
  site: z.string().min(1).max(64),
  url: httpUrl(4096),
  referrer: z.string().max(4096).nullish(),
  title: z.string().max(1024).nullish(),
  visitor: z.string().max(64).optional(),
  session: z.string().max(64).optional(),
  ...adIdFields,
});

const pingBody = z.object({ url: httpUrl(4096).optional(), title: z.string().max(1024).nullish(), ...adIdFields });

/** True when `origin` is one of the site's domains or a subdomain of one. */
export function originAllowed(origin: string, domains: string[]): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`));
}

/** Refuses a page on another site's domain; a request without Origin (no browser page) passes. */
function checkOrigin(origin: string | undefined, domains: string[]): void {
  if (origin && !originAllowed(origin, domains)) throw new ApiError('forbidden', "This origin is not one of the site's domains");
}

// Set before any check, so that refusals reach the page too: the snippet must read a
// 404 (the collector forgot the session: start a new one) and a 403 (wrong domain, for
// its debug log); without the header the browser hides both as a network error. An
// answer to a foreign origin says nothing that origin could use.
function allowCors(c: AppContext, origin: string | undefined) {
  if (!origin) return;
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Vary', 'Origin');
}

export const sessionRoutes = new Hono<AppEnv>();

// The snippet posts text/plain so it never needs a preflight, but a JSON client may.
sessionRoutes.options('/*', (c) => {
  const origin = c.req.header('origin');
  allowCors(c, origin);
  if (origin) {
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '86400');
  }
  return c.body(null, 204);
});

sessionRoutes.post('/', async (c) => {
  const { db, now, config, clientIp } = c.get('deps');
  const origin = c.req.header('origin');
  allowCors(c, origin);
  const body = await jsonBody(c, sessionBody, { allowTextPlain: true });
  const at = now();
  const found = await findSiteWithPools(db, body.site, at);
  if (!found) throw new ApiError('not_found', 'Unknown site key');
  const { site, pools } = found;
  // Archived: nothing new is recorded there, and the page keeps its own numbers.
  if (site.archivedAt !== null) throw new ApiError('not_found', 'This site is archived');
  checkOrigin(origin, site.domains);
  const ip = clientIp(c);
  const answer = await openSession(db, site, pools, body, {
    now: at,
    userAgent: c.req.header('user-agent'),
    countLease: () => newSessionCount(db, site.id, ip, config.sessionRateLimit, at),
    limits: { client: await leaseHolder(ip, config.liveLeasesPerClient), maxLifeMs: config.leaseMaxMinutes * 60_000 },
    budget: writeBudget(db, ip, config.writeBudgetPerMinute, at),
  });
  return c.json(answer);
});

sessionRoutes.post('/:session/ping', async (c) => {
  const { db, now, config, clientIp } = c.get('deps');
  const origin = c.req.header('origin');
  allowCors(c, origin);
  const body = await jsonBody(c, pingBody, { allowTextPlain: true, optional: true });
  const at = now();
  const answer = await pingSession(db, c.req.param('session'), body, at, (domains) => checkOrigin(origin, domains), {
    maxLifeMs: config.leaseMaxMinutes * 60_000,
    budget: writeBudget(db, clientIp(c), config.writeBudgetPerMinute, at),
  });
  if (!answer) throw new ApiError('not_found', 'Unknown session');
  return c.json(answer);
});
