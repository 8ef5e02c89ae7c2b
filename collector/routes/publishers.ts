import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { publishers } from '../db/schema';
import { forgetConfig } from '../db/config-cache';
import { ownPublisherOnly, requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { newId } from '../ids';

const publisherBody = z.object({
  name: z.string().min(1).max(200),
  code: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash or underscore'),
  payout_cents: z.number().int().min(0).max(10_000_000).nullish(),
});
const publisherPatch = z.object({ name: z.string().min(1).max(200).optional(), payout_cents: z.number().int().min(0).max(10_000_000).nullable().optional() });

type PublisherRow = typeof publishers.$inferSelect;
const publisherJson = (p: PublisherRow) => ({ id: p.id, name: p.name, code: p.code, payout_cents: p.payoutCents });

export const publisherRoutes = new Hono<AppEnv>();

publisherRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, publisherBody);
  const code = body.code.toLowerCase();
  // The unique index decides, not a read before the write: two requests for one code
  // at once (a libSQL server or D1 lets them interleave) get one 201 and one 409.
  const [row] = await db
    .insert(publishers)
    .values({ id: newId('pub'), accountId, name: body.name, code, payoutCents: body.payout_cents ?? null, createdAt: now() })
    .onConflictDoNothing({ target: [publishers.accountId, publishers.code] })
    .returning();
  if (!row) throw new ApiError('conflict', `A publisher already has the code ${code}`);
  forgetConfig(db);
  return c.json(publisherJson(row), 201);
});

publisherRoutes.get('/', async (c) => {
  const { db } = c.get('deps');
  const auth = c.get('auth');
  const rows = await db
    .select()
    .from(publishers)
    .where(and(eq(publishers.accountId, auth.accountId), ownPublisherOnly(auth, publishers.id)))
    .orderBy(publishers.name);
  return c.json({ publishers: rows.map(publisherJson) });
});

publisherRoutes.patch('/:id', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const body = await jsonBody(c, publisherPatch);
  const changes = { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.payout_cents !== undefined ? { payoutCents: body.payout_cents } : {}) };
  const where = and(eq(publishers.id, c.req.param('id')), eq(publishers.accountId, c.get('auth').accountId));
  const [row] = Object.keys(changes).length
    ? await db.update(publishers).set(changes).where(where).returning()
    : await db.select().from(publishers).where(where).limit(1);
  if (!row) throw notFound('Publisher');
  return c.json(publisherJson(row));
});
