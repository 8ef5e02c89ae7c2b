// Which flow a pool's or a site's calls run: PUT /v1/pools/{id}/flow and /v1/sites/{id}/flow.
// A pool's own flow wins over its site's; with neither, a call is forwarded to the pool's forward_to.
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { flows, pools, sites } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';

const assignment = z.strictObject({ flow: z.string().min(1).max(64).nullable() });

async function flowInAccount(c: AppContext, id: string | null): Promise<string | null> {
  if (id === null) return null;
  const [row] = await c
    .get('deps')
    .db.select({ id: flows.id })
    .from(flows)
    .where(and(eq(flows.id, id), eq(flows.accountId, c.get('auth').accountId)))
    .limit(1);
  if (!row) throw new ApiError('invalid_request', 'flow: no such flow in this account');
  return row.id;
}

export const flowAssignmentRoutes = new Hono<AppEnv>();

flowAssignmentRoutes.put('/pools/:id/flow', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const where = and(eq(pools.id, c.req.param('id')), eq(pools.accountId, c.get('auth').accountId));
  const [pool] = await db.select({ id: pools.id }).from(pools).where(where).limit(1);
  if (!pool) throw notFound('Pool');
  const flowId = await flowInAccount(c, (await jsonBody(c, assignment)).flow);
  await db.update(pools).set({ flowId }).where(where);
  return c.json({ pool: pool.id, flow: flowId });
});

flowAssignmentRoutes.put('/sites/:id/flow', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const where = and(eq(sites.id, c.req.param('id')), eq(sites.accountId, c.get('auth').accountId));
  const [site] = await db.select({ id: sites.id }).from(sites).where(where).limit(1);
  if (!site) throw notFound('Site');
  const flowId = await flowInAccount(c, (await jsonBody(c, assignment)).flow);
  await db.update(sites).set({ flowId }).where(where);
  return c.json({ site: site.id, flow: flowId });
});
