import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { sites } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { domain, timezone } from '../http/schemas';
import { createSite, scriptTag } from '../services/sites';

const siteBody = z.object({
  name: z.string().min(1).max(200),
  domains: z.array(domain).min(1).max(50),
  country: z.string().length(2).default('US'),
  timezone: timezone.default('UTC'),
});

type SiteRow = typeof sites.$inferSelect;

export const siteJson = (s: SiteRow, publicUrl: string) => ({
  id: s.id,
  name: s.name,
  public_key: s.publicKey,
  domains: s.domains,
  country: s.country,
  timezone: s.timezone,
  script_tag: scriptTag(publicUrl, s.publicKey),
  last_seen_at: s.lastSeenAt === null ? null : new Date(s.lastSeenAt).toISOString(),
  created_at: new Date(s.createdAt).toISOString(),
});

export const siteRoutes = new Hono<AppEnv>();

siteRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now, config } = c.get('deps');
  const body = await jsonBody(c, siteBody);
  const site = await createSite(db, { accountId: c.get('auth').accountId, ...body }, now());
  return c.json(siteJson(site, config.publicUrl), 201);
});

siteRoutes.get('/', async (c) => {
  const { db, config } = c.get('deps');
  const rows = await db.select().from(sites).where(eq(sites.accountId, c.get('auth').accountId)).orderBy(sites.createdAt);
  return c.json({ sites: rows.map((s) => siteJson(s, config.publicUrl)) });
});
