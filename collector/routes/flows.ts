import { and, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { flows, targets } from '../db/schema';
import type { FlowGate, FlowMenu, FlowOverflow } from '../domain/call-flow';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { e164 } from '../http/schemas';
import { newId } from '../ids';

const speech = z.string().trim().min(1).max(1000);
const key = z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #');
const timeout = z.number().int().min(1).max(60);
const retries = z.number().int().min(0).max(5);

const gate = z.strictObject({
  prompt: speech,
  digit: key.default('1'),
  timeout_s: timeout.default(5),
  retries: retries.default(1),
  no_input: z.enum(['hangup', 'route']).default('hangup'),
});
const menu = z.strictObject({
  prompt: speech,
  options: z.record(key, z.string().trim().min(1).max(64)).refine((o) => Object.keys(o).length > 0, 'at least one option'),
  timeout_s: timeout.default(5),
  retries: retries.default(1),
});
const overflow = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('hangup'), message: speech.nullish() }),
  z.strictObject({ kind: z.literal('number'), number: e164 }),
  z.strictObject({ kind: z.literal('voicemail'), prompt: speech }),
]);

const fields = {
  name: z.string().trim().min(1).max(200),
  greeting: speech.nullable(),
  recording_disclosure: speech.nullable(),
  gate: gate.nullable(),
  menu: menu.nullable(),
  targets: z.array(z.string().min(1).max(64)).max(100),
  ring_timeout_s: z.number().int().min(5).max(120),
  sticky: z.boolean(),
  overflow,
  whisper: speech.nullable(),
  record: z.boolean(),
};
const { name, ...optional } = fields;
const flowBody = z.strictObject({ name, ...z.object(optional).partial().shape });
const flowPatch = z.strictObject(fields).partial();
type Body = z.infer<typeof flowPatch>;

type FlowRow = typeof flows.$inferSelect;
const gateJson = (g: FlowGate | null) => g && { prompt: g.prompt, digit: g.digit, timeout_s: g.timeoutS, retries: g.retries, no_input: g.noInput };
const menuJson = (m: FlowMenu | null) => m && { prompt: m.prompt, options: m.options, timeout_s: m.timeoutS, retries: m.retries };
export const flowJson = (f: FlowRow) => ({
  id: f.id,
  name: f.name,
  greeting: f.greeting,
  recording_disclosure: f.recordingDisclosure,
  gate: gateJson(f.gate ?? null),
  menu: menuJson(f.menu ?? null),
  targets: f.targetIds,
  ring_timeout_s: f.ringTimeoutS,
  sticky: f.sticky,
  overflow: f.overflow,
  whisper: f.whisper,
  record: f.record,
  created_at: new Date(f.createdAt).toISOString(),
});

const hangUp: FlowOverflow = { kind: 'hangup', message: null };
const toOverflow = (o: z.infer<typeof overflow>): FlowOverflow => (o.kind === 'hangup' ? { kind: 'hangup', message: o.message ?? null } : o);

/** Every target must be this account's and not archived; each may appear once. */
async function checkTargets(c: AppContext, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await c
    .get('deps')
    .db.select({ id: targets.id, name: targets.name, archivedAt: targets.archivedAt })
    .from(targets)
    .where(and(eq(targets.accountId, c.get('auth').accountId), inArray(targets.id, unique)));
  const known = new Set(found.map((t) => t.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length) throw new ApiError('invalid_request', `targets: no such target in this account: ${missing.join(', ')}`);
  const archived = found.filter((t) => t.archivedAt !== null);
  if (archived.length) throw new ApiError('conflict', `targets: archived, so no call can go to ${archived.map((t) => t.name).join(', ')}`);
  return unique;
}

async function columns(c: AppContext, b: Body): Promise<Partial<typeof flows.$inferInsert>> {
  return {
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.greeting !== undefined ? { greeting: b.greeting } : {}),
    ...(b.recording_disclosure !== undefined ? { recordingDisclosure: b.recording_disclosure } : {}),
    ...(b.gate !== undefined ? { gate: b.gate && { prompt: b.gate.prompt, digit: b.gate.digit, timeoutS: b.gate.timeout_s, retries: b.gate.retries, noInput: b.gate.no_input } } : {}),
    ...(b.menu !== undefined ? { menu: b.menu && { prompt: b.menu.prompt, options: b.menu.options, timeoutS: b.menu.timeout_s, retries: b.menu.retries } } : {}),
    ...(b.targets !== undefined ? { targetIds: await checkTargets(c, b.targets) } : {}),
    ...(b.ring_timeout_s !== undefined ? { ringTimeoutS: b.ring_timeout_s } : {}),
    ...(b.sticky !== undefined ? { sticky: b.sticky } : {}),
    ...(b.overflow !== undefined ? { overflow: toOverflow(b.overflow) } : {}),
    ...(b.whisper !== undefined ? { whisper: b.whisper } : {}),
    ...(b.record !== undefined ? { record: b.record } : {}),
  };
}

export const flowRoutes = new Hono<AppEnv>();

flowRoutes.post('/', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const body = await jsonBody(c, flowBody);
  const set = await columns(c, body);
  const [row] = await db
    .insert(flows)
    .values({ id: newId('fl'), accountId: c.get('auth').accountId, name: body.name, overflow: hangUp, createdAt: now(), ...set })
    .returning();
  return c.json(flowJson(row!), 201);
});

flowRoutes.get('/', requireRole('admin', 'viewer'), async (c) => {
  const rows = await c.get('deps').db.select().from(flows).where(eq(flows.accountId, c.get('auth').accountId)).orderBy(flows.createdAt);
  return c.json({ flows: rows.map(flowJson) });
});

flowRoutes.patch('/:id', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const body = await jsonBody(c, flowPatch);
  const where = and(eq(flows.id, c.req.param('id')), eq(flows.accountId, c.get('auth').accountId));
  const [current] = await db.select().from(flows).where(where).limit(1);
  if (!current) throw notFound('Flow');
  const set = await columns(c, body);
  const [row] = Object.keys(set).length ? await db.update(flows).set(set).where(where).returning() : [current];
  return c.json(flowJson(row!));
});
