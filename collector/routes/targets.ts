import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { capUsage } from '../db/routing';
import { buyers, capUnits, convertOns, targets } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody, queryParams } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { archivedParam, businessHours, e164, region } from '../http/schemas';
import { newId } from '../ids';

// A SIP URI as Twilio's <Sip> takes it: sip:user@host, optional port and parameters.
const sipUri = z
  .string()
  .max(256)
  .regex(/^sips?:[^\s@<>"]+@[^\s<>"]+$/i, 'a phone number or a SIP URI such as sip:desk@pbx.example');
const destination = z.union([sipUri, e164]);
const cap = z.number().int().min(1).max(10_000_000).nullable();

const fields = {
  buyer: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  destination,
  schedule: businessHours.nullable(),
  allowed_regions: z.array(region).min(1, 'use null to take every region').max(500).nullable(),
  menu_answers: z.array(z.string().trim().min(1).max(64)).min(1, 'use null to take any answer').max(50).nullable(),
  concurrency_cap: cap,
  cap_unit: z.enum(capUnits),
  hourly_cap: cap,
  daily_cap: cap,
  monthly_cap: cap,
  priority: z.number().int().min(-1000).max(1000),
  weight: z.number().int().min(1).max(1000),
  convert_on: z.enum(convertOns),
  convert_min_duration_s: z.number().int().min(0).max(86_400),
  convert_key: z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #').nullable(),
  revenue_cents: z.number().int().min(0).max(10_000_000),
};
const { buyer, name, destination: dest, ...optional } = fields;
const targetBody = z
  .strictObject({ buyer, name, destination: dest, ...z.object(optional).partial().shape })
  .refine((t) => t.convert_on !== 'keypress' || t.convert_key, { message: 'convert_on keypress needs a convert_key', path: ['convert_key'] });
const targetPatch = z.strictObject(fields).partial();
const listQuery = z.strictObject({ buyer: z.string().max(64).optional(), archived: archivedParam });

type TargetRow = typeof targets.$inferSelect;
export const targetJson = (t: TargetRow) => ({
  id: t.id,
  buyer: t.buyerId,
  name: t.name,
  destination: t.destination,
  schedule: t.schedule ?? null,
  allowed_regions: t.allowedRegions ?? null,
  menu_answers: t.menuAnswers ?? null,
  concurrency_cap: t.concurrencyCap,
  cap_unit: t.capUnit,
  hourly_cap: t.hourlyCap,
  daily_cap: t.dailyCap,
  monthly_cap: t.monthlyCap,
  priority: t.priority,
  weight: t.weight,
  convert_on: t.convertOn,
  convert_min_duration_s: t.convertMinDurationS,
  convert_key: t.convertKey,
  revenue_cents: t.revenueCents,
  created_at: new Date(t.createdAt).toISOString(),
  archived_at: t.archivedAt === null ? null : new Date(t.archivedAt).toISOString(),
});

type Fields = Partial<z.infer<typeof targetPatch>>;
/** The columns a body sets; fields not sent are left out. */
function columns(b: Fields) {
  const set = <K extends keyof Fields, V>(key: K, column: string, map: (v: NonNullable<Fields[K]> | null) => V = (v) => v as V) =>
    b[key] === undefined ? {} : { [column]: map(b[key] as NonNullable<Fields[K]> | null) };
  return {
    ...set('name', 'name'),
    ...set('destination', 'destination'),
    ...set('schedule', 'schedule'),
    ...set('allowed_regions', 'allowedRegions', (v) => v && [...new Set(v as string[])]),
    ...set('menu_answers', 'menuAnswers', (v) => v && [...new Set(v as string[])]),
    ...set('concurrency_cap', 'concurrencyCap'),
    ...set('cap_unit', 'capUnit'),
    ...set('hourly_cap', 'hourlyCap'),
    ...set('daily_cap', 'dailyCap'),
    ...set('monthly_cap', 'monthlyCap'),
    ...set('priority', 'priority'),
    ...set('weight', 'weight'),
    ...set('convert_on', 'convertOn'),
    ...set('convert_min_duration_s', 'convertMinDurationS'),
    ...set('convert_key', 'convertKey'),
    ...set('revenue_cents', 'revenueCents'),
  } as Partial<typeof targets.$inferInsert>;
}

async function buyerInAccount(c: AppContext, id: string) {
  const [row] = await c
    .get('deps')
    .db.select({ id: buyers.id, name: buyers.name, archivedAt: buyers.archivedAt })
    .from(buyers)
    .where(and(eq(buyers.id, id), eq(buyers.accountId, c.get('auth').accountId)))
    .limit(1);
  if (!row) throw new ApiError('invalid_request', 'buyer: no such buyer in this account');
  if (row.archivedAt !== null) throw new ApiError('conflict', `Buyer ${row.name} is archived`);
  return row.id;
}

async function targetOf(c: AppContext): Promise<TargetRow> {
  const [row] = await c
    .get('deps')
    .db.select()
    .from(targets)
    .where(and(eq(targets.id, c.req.param('id')!), eq(targets.accountId, c.get('auth').accountId)))
    .limit(1);
  if (!row) throw notFound('Target');
  return row;
}

export const targetRoutes = new Hono<AppEnv>();

targetRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const body = await jsonBody(c, targetBody);
  const buyerId = await buyerInAccount(c, body.buyer);
  const [row] = await db
    .insert(targets)
    .values({ id: newId('tg'), accountId: c.get('auth').accountId, buyerId, name: body.name, destination: body.destination, createdAt: now(), ...columns(body) })
    .returning();
  return c.json(targetJson(row!), 201);
});

targetRoutes.get('/', requireRole('admin', 'viewer'), async (c) => {
  const q = queryParams(c, listQuery);
  const rows = await c
    .get('deps')
    .db.select()
    .from(targets)
    .where(and(eq(targets.accountId, c.get('auth').accountId), q.buyer ? eq(targets.buyerId, q.buyer) : undefined, q.archived ? undefined : isNull(targets.archivedAt)))
    .orderBy(targets.createdAt);
  return c.json({ targets: rows.map(targetJson) });
});

// The live view: each target's calls in progress and period use against its caps.
targetRoutes.get('/live', requireRole('admin', 'viewer'), async (c) => {
  const { db, now } = c.get('deps');
  const rows = await db
    .select()
    .from(targets)
    .where(and(eq(targets.accountId, c.get('auth').accountId), isNull(targets.archivedAt)))
    .orderBy(targets.createdAt);
  const at = now();
  const usage = await Promise.all(rows.map((t) => capUsage(db, t, at)));
  return c.json({
    at: new Date(at).toISOString(),
    targets: rows.map((t, i) => ({
      id: t.id,
      name: t.name,
      buyer: t.buyerId,
      cap_unit: t.capUnit,
      live: usage[i]!.live,
      concurrency_cap: t.concurrencyCap,
      hour: usage[i]!.hour,
      hourly_cap: t.hourlyCap,
      day: usage[i]!.day,
      daily_cap: t.dailyCap,
      month: usage[i]!.month,
      monthly_cap: t.monthlyCap,
    })),
  });
});

// Changing a target never touches calls already routed: they keep what they were claimed with.
targetRoutes.patch('/:id', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const body = await jsonBody(c, targetPatch);
  const current = await targetOf(c);
  if (current.archivedAt !== null) throw new ApiError('conflict', `Target ${current.name} is archived`);
  const convertOn = body.convert_on ?? current.convertOn;
  const convertKey = body.convert_key !== undefined ? body.convert_key : current.convertKey;
  if (convertOn === 'keypress' && !convertKey) throw new ApiError('invalid_request', 'convert_on keypress needs a convert_key');
  const changes = { ...columns(body), ...(body.buyer !== undefined ? { buyerId: await buyerInAccount(c, body.buyer) } : {}) };
  const [row] = Object.keys(changes).length ? await db.update(targets).set(changes).where(eq(targets.id, current.id)).returning() : [current];
  return c.json(targetJson(row!));
});

// Archived: never offered a call again (flows naming it skip it); calls it took, and their revenue, stay.
targetRoutes.delete('/:id', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const target = await targetOf(c);
  if (target.archivedAt !== null) return c.json(targetJson(target));
  const [row] = await db.update(targets).set({ archivedAt: now() }).where(eq(targets.id, target.id)).returning();
  return c.json(targetJson(row!));
});
