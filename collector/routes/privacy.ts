// Erasure (admin): DELETE /v1/visitors/{id}, DELETE /v1/callers/{e164}; the audit log
// of such actions: GET /v1/audit. See docs/privacy.md.
import { and, desc, eq, lt } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { auditLog } from '../db/schema';
import { requireRole } from '../http/auth';
import { queryParams } from '../http/body';
import type { AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { e164 } from '../http/schemas';
import { eraseCaller, eraseVisitor, type Erased } from '../services/privacy/erase';

const erasedJson = (e: Erased) => ({ erased: e });

export const visitorRoutes = new Hono<AppEnv>();

visitorRoutes.delete('/:id', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const id = c.req.param('id');
  if (id.length > 64) throw new ApiError('invalid_request', 'A visitor id is at most 64 characters');
  const erased = await eraseVisitor(db, c.get('auth'), id, now());
  if (!erased) throw notFound('Visitor');
  return c.json(erasedJson(erased));
});

export const callerRoutes = new Hono<AppEnv>();

callerRoutes.delete('/:number', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const parsed = e164.safeParse(c.req.param('number'));
  if (!parsed.success) throw new ApiError('invalid_request', 'Name the caller as a phone number, e.g. +14155550123 (encode + as %2B)');
  const erased = await eraseCaller(db, c.get('auth'), parsed.data, now());
  if (!erased) throw notFound('Caller');
  return c.json(erasedJson(erased));
});

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime().optional(),
});

export const auditRoutes = new Hono<AppEnv>();

auditRoutes.get('/', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const q = queryParams(c, auditQuery);
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.accountId, c.get('auth').accountId), q.before ? lt(auditLog.at, Date.parse(q.before)) : undefined))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit);
  return c.json({
    entries: rows.map((r) => ({ id: r.id, key_id: r.keyId, action: r.action, target: r.target, detail: r.detail, at: new Date(r.at).toISOString() })),
  });
});
