import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { buyers, targets } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody, queryParams } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { archivedParam } from '../http/schemas';
import { newId } from '../ids';

const buyerBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
const listQuery = z.strictObject({ archived: archivedParam });

type BuyerRow = typeof buyers.$inferSelect;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const buyerJson = (b: BuyerRow) => ({ id: b.id, name: b.name, created_at: new Date(b.createdAt).toISOString(), archived_at: iso(b.archivedAt) });

async function buyerOf(c: AppContext): Promise<BuyerRow> {
  const [row] = await c
    .get('deps')
    .db.select()
    .from(buyers)
    .where(and(eq(buyers.id, c.req.param('id')!), eq(buyers.accountId, c.get('auth').accountId)))
    .limit(1);
  if (!row) throw notFound('Buyer');
  return row;
}

export const buyerRoutes = new Hono<AppEnv>();

buyerRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const body = await jsonBody(c, buyerBody);
  const [row] = await db.insert(buyers).values({ id: newId('by'), accountId: c.get('auth').accountId, name: body.name, createdAt: now() }).returning();
  return c.json(buyerJson(row!), 201);
});

// Buyers and their terms are the network's business, not a publisher's.
buyerRoutes.get('/', requireRole('admin', 'viewer'), async (c) => {
  const q = queryParams(c, listQuery);
  const rows = await c
    .get('deps')
    .db.select()
    .from(buyers)
    .where(and(eq(buyers.accountId, c.get('auth').accountId), q.archived ? undefined : isNull(buyers.archivedAt)))
    .orderBy(buyers.name);
  return c.json({ buyers: rows.map(buyerJson) });
});

buyerRoutes.patch('/:id', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const body = await jsonBody(c, buyerBody);
  const buyer = await buyerOf(c);
  if (buyer.archivedAt !== null) throw new ApiError('conflict', `Buyer ${buyer.name} is archived`);
  const [row] = await db.update(buyers).set({ name: body.name }).where(eq(buyers.id, buyer.id)).returning();
  return c.json(buyerJson(row!));
});

// Archiving a buyer archives its targets in the same batch: no call is offered to them again.
buyerRoutes.delete('/:id', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const buyer = await buyerOf(c);
  if (buyer.archivedAt !== null) return c.json(buyerJson(buyer));
  const at = now();
  await db.batch([
    db.update(buyers).set({ archivedAt: at }).where(eq(buyers.id, buyer.id)),
    db.update(targets).set({ archivedAt: at }).where(and(eq(targets.buyerId, buyer.id), isNull(targets.archivedAt))),
  ]);
  return c.json(buyerJson({ ...buyer, archivedAt: at }));
});
