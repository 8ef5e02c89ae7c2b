// Ad platforms conversions go to (Google Ads, GA4, Meta Conversions API, Microsoft
// Ads): destinations like webhooks, on the same outbox, with settings and credentials.
// Admin keys only. Credentials are write-only: answers show each one's last 4
// characters at most, and a PATCH replaces only the ones it names.
import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import type { Db } from '../db/client';
import { forgetConfig } from '../db/config-cache';
import { adPlatformKinds, destinations, type AdPlatformKind } from '../db/schema';
import { conversionEvents, endpointUrl, type AdPlatform } from '../domain/events/ad-conversion';
import { adPlatforms } from '../domain/events/ad-platforms';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { newId } from '../ids';
import { deliveryLogRoutes, eventsField, findDestination } from './destinations';

type DestinationRow = typeof destinations.$inferSelect;

const events = eventsField(conversionEvents);
const description = z.string().max(200).nullish();
// Checked against the platform's own schema once the kind is known.
const loose = z.record(z.string(), z.unknown());

const createBody = z.strictObject({
  kind: z.enum(adPlatformKinds),
  base_url: endpointUrl.nullish(),
  events: events.default([...conversionEvents]),
  settings: loose,
  credentials: loose,
  description,
});
const patchBody = z.strictObject({
  base_url: endpointUrl.nullish(),
  events: events.optional(),
  settings: loose.optional(),
  credentials: loose.optional(),
  description: description.optional(),
});

/** `value` read by the platform's schema for `field`; its problems as a 400 naming the field. */
function checked<F extends 'settings' | 'credentials'>(kind: AdPlatformKind, field: F, value: Record<string, unknown>): z.output<AdPlatform[F]> {
  const parsed = adPlatforms[kind][field].safeParse(value);
  if (parsed.success) return parsed.data as z.output<AdPlatform[F]>;
  const issue = parsed.error.issues[0]!;
  // A credential's value is never echoed back: its field is named, nothing more.
  const why = field === 'credentials' && issue.code !== 'unrecognized_keys' ? 'missing, or not a non-empty string' : issue.message;
  throw new ApiError('invalid_request', `${[field, ...issue.path].join('.')}: ${why}`);
}

/** A credential as an answer shows it: its last 4 characters when it is long enough to spare them. */
const masked = (secret: string) => (secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••');

function adPlatformJson(d: DestinationRow) {
  return {
    id: d.id,
    kind: d.kind,
    base_url: d.url,
    events: d.events,
    settings: d.settings,
    credentials: Object.fromEntries(Object.entries(d.credentials ?? {}).map(([k, v]) => [k, masked(v)])),
    description: d.description,
    created_at: new Date(d.createdAt).toISOString(),
  };
}

const find = (db: Db, accountId: string, id: string) => findDestination(db, accountId, id, adPlatformKinds, 'Ad platform destination');

export const adPlatformRoutes = new Hono<AppEnv>();
adPlatformRoutes.use(requireRole('admin'));

adPlatformRoutes.post('/', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, createBody);
  const settings = checked(body.kind, 'settings', body.settings);
  const credentials = checked(body.kind, 'credentials', body.credentials);
  const [row] = await db
    .insert(destinations)
    .values({
      id: newId('ad'),
      accountId,
      kind: body.kind,
      url: body.base_url ?? adPlatforms[body.kind].defaultBaseUrl,
      events: body.events,
      settings,
      credentials,
      description: body.description ?? null,
      createdAt: now(),
    })
    .returning();
  forgetConfig(db);
  return c.json(adPlatformJson(row!), 201);
});

adPlatformRoutes.get('/', async (c) => {
  const { db } = c.get('deps');
  const rows = await db
    .select()
    .from(destinations)
    .where(and(eq(destinations.accountId, c.get('auth').accountId), isNull(destinations.archivedAt)))
    .orderBy(destinations.createdAt);
  const kinds = new Set<string>(adPlatformKinds);
  return c.json({ ad_platforms: rows.filter((r) => kinds.has(r.kind)).map(adPlatformJson) });
});

adPlatformRoutes.patch('/:id', async (c) => {
  const { db } = c.get('deps');
  const existing = await find(db, c.get('auth').accountId, c.req.param('id'));
  const body = await jsonBody(c, patchBody);
  const kind = existing.kind as AdPlatformKind;
  const changes = {
    // null puts the platform's own endpoint back.
    ...(body.base_url !== undefined ? { url: body.base_url ?? adPlatforms[kind].defaultBaseUrl } : {}),
    ...(body.events !== undefined ? { events: body.events } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    // Merged over what is stored: a field not named keeps its value.
    ...(body.settings !== undefined ? { settings: checked(kind, 'settings', { ...existing.settings, ...body.settings }) } : {}),
    ...(body.credentials !== undefined ? { credentials: checked(kind, 'credentials', { ...existing.credentials, ...body.credentials }) } : {}),
  };
  if (Object.keys(changes).length === 0) return c.json(adPlatformJson(existing));
  const [row] = await db.update(destinations).set(changes).where(eq(destinations.id, existing.id)).returning();
  forgetConfig(db);
  return c.json(adPlatformJson(row!));
});

deliveryLogRoutes(adPlatformRoutes, find);
