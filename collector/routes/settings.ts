import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { accounts } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv } from '../http/context';

const twilioBody = z.object({
  auth_token: z.string().min(16).max(128),
  // Optional: lets a call to a number no account owns find its account by AccountSid.
  account_sid: z.string().regex(/^AC[0-9a-f]{32}$/i, 'an AccountSid such as AC0123…').optional(),
});

export const settingsRoutes = new Hono<AppEnv>();

settingsRoutes.put('/twilio', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const body = await jsonBody(c, twilioBody);
  await db.update(accounts).set({ twilioAuthToken: body.auth_token, ...(body.account_sid ? { twilioAccountSid: body.account_sid } : {}) }).where(eq(accounts.id, c.get('auth').accountId));
  return c.body(null, 204);
});
