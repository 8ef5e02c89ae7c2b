import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { buyers } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { notFound } from '../http/errors';
import { newId } from '../ids';

const buyerBody = z.strictObject({ name: z.string().trim().min(1).max(200) });

type BuyerRow = typeof buyers.$inferSelect;
const buyerJson = (b: BuyerRow) => ({ id: b.id, name: b.name, created_at: new Date(b.createdAt).toISOString() });

export const buyerRoutes = new Hono<AppEnv>();

buyerRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const body = await jsonBody(c, buyerBody);
  const [row] = await db.insert(buyers).values({ id: newId('by'), accountId: c.get('auth').accountId, name: body.name, createdAt: now() }).returning();
  return c.json(buyerJson(row!), 201);
});

// Buyers and their terms are the network's business, not a publisher's.
buyerRoutes.get('/', requireRole('admin', 'viewer'), async (c) => {
  const rows = await c.get('deps').db.select().from(buyers).where(eq(buyers.accountId, c.get('auth').accountId)).orderBy(buyers.name);
  return c.json({ buyers: rows.map(buyerJson) });
});

buyerRoutes.patch('/:id', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const body = await jsonBody(c, buyerBody);
  const [row] = await db
    .update(buyers)
    .set({ name: body.name })
    .where(and(eq(buyers.id, c.req.param('id')), eq(buyers.accountId, c.get('auth').accountId)))
    .returning();
  if (!row) throw notFound('Buyer');
  return c.json(buyerJson(row));
});
