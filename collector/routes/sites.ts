import { and, eq, isNull, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { sessions, sites } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody, queryParams } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { archivedParam, domain, keepParams, timezone } from '../http/schemas';
import { archiveSite, createSite, scriptTag, siteOrNotFound, updateSite, type Site } from '../services/sites';

const siteFields = {
  name: z.string().min(1).max(200),
  domains: z.array(domain).min(1).max(50),
  country: z.string().length(2),
  timezone,
  keep_params: keepParams.nullish(),
};

const siteBody = z.object({ ...siteFields, country: siteFields.country.default('US'), timezone: timezone.default('UTC') });
const sitePatch = z.strictObject(siteFields).partial();
const listQuery = z.strictObject({ archived: archivedParam });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `lastSeenAt`: when the snippet last opened a session there (the dashboard's "installed?" check). */
const siteJson = (s: Site & { lastSeenAt: number | null }, publicUrl: string) => ({
  id: s.id,
  name: s.name,
  public_key: s.publicKey,
  domains: s.domains,
  country: s.country,
  timezone: s.timezone,
  keep_params: s.keepParams,
  script_tag: scriptTag(publicUrl, s.publicKey),
  last_seen_at: iso(s.lastSeenAt),
  flow: s.flowId,
  created_at: new Date(s.createdAt).toISOString(),
  archived_at: iso(s.archivedAt),
});

// Derived, not stored: the newest session is one probe of sessions (site_id, started_at).
// The outer column is named with its table: drizzle writes a bare "id", which the subquery would read as sessions.id.
const lastSeenAt = sql<number | null>`(select max(${sessions.startedAt}) from ${sessions} where ${sessions.siteId} = ${sites}.${sql.identifier('id')})`;

export const siteRoutes = new Hono<AppEnv>();

siteRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now, config } = c.get('deps');
  const { keep_params, ...rest } = await jsonBody(c, siteBody);
  const site = await createSite(db, { accountId: c.get('auth').accountId, ...rest, keepParams: keep_params }, now());
  return c.json(siteJson({ ...site, lastSeenAt: null }, config.publicUrl), 201);
});

/** What a publisher needs of a site to read its reports: which site, and the zone its days are counted in. */
const publisherSiteJson = (s: Site) => ({ id: s.id, name: s.name, domains: s.domains, country: s.country, timezone: s.timezone });

siteRoutes.get('/', async (c) => {
  const { db, config } = c.get('deps');
  const { accountId, role } = c.get('auth');
  const q = queryParams(c, listQuery);
  const rows = await db
    .select({ site: sites, lastSeenAt })
    .from(sites)
    .where(and(eq(sites.accountId, accountId), q.archived ? undefined : isNull(sites.archivedAt)))
    .orderBy(sites.createdAt);
  // The install details (site key, script tag, when the snippet was last seen) are the advertiser's.
  return c.json({
    sites: rows.map((r) => (role === 'publisher' ? publisherSiteJson(r.site) : siteJson({ ...r.site, lastSeenAt: r.lastSeenAt }, config.publicUrl))),
  });
});

async function siteWithLastSeen(c: AppContext, site: Site) {
  const [row] = await c.get('deps').db.select({ lastSeenAt }).from(sites).where(eq(sites.id, site.id));
  return siteJson({ ...site, lastSeenAt: row?.lastSeenAt ?? null }, c.get('deps').config.publicUrl);
}

siteRoutes.patch('/:id', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const site = await siteOrNotFound(db, c.get('auth').accountId, c.req.param('id'));
  const { keep_params, ...rest } = await jsonBody(c, sitePatch);
  const changes = { ...rest, ...(keep_params !== undefined ? { keepParams: keep_params } : {}) };
  return c.json(await siteWithLastSeen(c, await updateSite(db, site, changes)));
});

// Archives: hidden from lists, no new sessions or leases; sessions, calls and reports stay.
siteRoutes.delete('/:id', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const site = await siteOrNotFound(db, c.get('auth').accountId, c.req.param('id'));
  return c.json(await siteWithLastSeen(c, await archiveSite(db, site, now())));
});
