import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { sessions, sites } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { domain, keepParams, timezone } from '../http/schemas';
import { createSite, scriptTag } from '../services/sites';

const siteBody = z.object({
  name: z.string().min(1).max(200),
  domains: z.array(domain).min(1).max(50),
  country: z.string().length(2).default('US'),
  timezone: timezone.default('UTC'),
  keep_params: keepParams.nullish(),
});

type SiteRow = typeof sites.$inferSelect;

/** `lastSeenAt`: when the snippet last opened a session there (the dashboard's "installed?" check). */
const siteJson = (s: SiteRow & { lastSeenAt: number | null }, publicUrl: string) => ({
  id: s.id,
  name: s.name,
  public_key: s.publicKey,
  domains: s.domains,
  country: s.country,
  timezone: s.timezone,
  keep_params: s.keepParams,
  script_tag: scriptTag(publicUrl, s.publicKey),
  last_seen_at: s.lastSeenAt === null ? null : new Date(s.lastSeenAt).toISOString(),
  created_at: new Date(s.createdAt).toISOString(),
});

export const siteRoutes = new Hono<AppEnv>();

siteRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now, config } = c.get('deps');
  const body = await jsonBody(c, siteBody);
  const { keep_params, ...rest } = body;
  const site = await createSite(db, { accountId: c.get('auth').accountId, ...rest, keepParams: keep_params }, now());
  return c.json(siteJson({ ...site, lastSeenAt: null }, config.publicUrl), 201);
});

/** What a publisher needs of a site to read its reports: which site, and the zone its days are counted in. */
const publisherSiteJson = (s: SiteRow) => ({ id: s.id, name: s.name, domains: s.domains, country: s.country, timezone: s.timezone });

siteRoutes.get('/', async (c) => {
  const { db, config } = c.get('deps');
  const { accountId, role } = c.get('auth');
  // Derived, not stored: the newest session is one probe of sessions (site_id, started_at).
  // The outer column is named with its table: drizzle writes a bare "id", which the subquery would read as sessions.id.
  const lastSeenAt = sql<number | null>`(select max(${sessions.startedAt}) from ${sessions} where ${sessions.siteId} = ${sites}.${sql.identifier('id')})`;
  const rows = await db
    .select({ site: sites, lastSeenAt })
    .from(sites)
    .where(eq(sites.accountId, accountId))
    .orderBy(sites.createdAt);
  // The install details (site key, script tag, when the snippet was last seen) are the advertiser's.
  return c.json({
    sites: rows.map((r) => (role === 'publisher' ? publisherSiteJson(r.site) : siteJson({ ...r.site, lastSeenAt: r.lastSeenAt }, config.publicUrl))),
  });
});
