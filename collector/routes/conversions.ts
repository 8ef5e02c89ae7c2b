import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { calls } from '../db/schema';
import { callerNumber } from '../domain/caller-id';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import { callJson } from '../http/call-json';
import type { AppEnv } from '../http/context';
import { deliverAfter } from '../http/deliver-after';
import { ApiError, notFound } from '../http/errors';
import { currencyCode } from '../http/schemas';
import { callByCaller, convertCall } from '../services/convert-call';
import { publisherCodes } from '../services/reports/filters';

const HOUR_MS = 3_600_000;

// A sale from a CRM: by our call id, or by the caller's number when the CRM knows only
// the phone (the caller's latest call in the window before the sale).
const conversionIn = z
  .strictObject({
    call_id: z.string().min(1).max(128).optional(),
    caller: z.string().min(3).max(32).optional(),
    window_hours: z.number().int().min(1).max(90 * 24).default(30 * 24),
    value_cents: z.number().int().min(0).max(100_000_000_000),
    currency: currencyCode.optional(),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => (b.call_id === undefined) !== (b.caller === undefined), { message: 'give call_id or caller, not both', path: ['call_id'] });

export const conversionRoutes = new Hono<AppEnv>();

conversionRoutes.post('/', requireRole('admin', 'integration'), deliverAfter, async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, conversionIn);
  const at = body.at ? Date.parse(body.at) : now();
  let call;
  if (body.call_id !== undefined) {
    [call] = await db.select().from(calls).where(and(eq(calls.accountId, accountId), eq(calls.id, body.call_id))).limit(1);
    if (!call) throw notFound('Call');
  } else {
    const caller = callerNumber(body.caller);
    if (!caller) throw new ApiError('invalid_request', 'caller: not a phone number');
    call = await callByCaller(db, accountId, caller, at, body.window_hours * HOUR_MS);
    if (!call) throw new ApiError('not_found', `No call from that caller in the ${body.window_hours} hours before the sale`);
  }
  const converted = await convertCall(db, call, { valueCents: body.value_cents, currency: body.currency, at }, now());
  return c.json({ matched_by: body.call_id !== undefined ? 'call_id' : 'caller', call: callJson(converted, 'admin', await publisherCodes(db, accountId)) });
});
