import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { accounts, auditLog } from '../db/schema';
import { newId } from '../ids';
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

// Days each kind of personal data is kept (null: until erased); docs/privacy.md.
const days = z.number().int().min(1).max(3650).nullable();
const retentionBody = z.strictObject({ sessions_days: days, caller_numbers_days: days, recording_links_days: days });

settingsRoutes.get('/retention', requireRole('admin'), async (c) => {
  const { db } = c.get('deps');
  const [a] = await db.select().from(accounts).where(eq(accounts.id, c.get('auth').accountId)).limit(1);
  return c.json({ sessions_days: a!.retentionSessionsDays, caller_numbers_days: a!.retentionCallersDays, recording_links_days: a!.retentionRecordingsDays });
});

settingsRoutes.put('/retention', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const { accountId, keyId } = c.get('auth');
  const body = await jsonBody(c, retentionBody);
  await db.batch([
    db
      .update(accounts)
      .set({ retentionSessionsDays: body.sessions_days, retentionCallersDays: body.caller_numbers_days, retentionRecordingsDays: body.recording_links_days })
      .where(eq(accounts.id, accountId)),
    db.insert(auditLog).values({
      id: newId('au'),
      accountId,
      keyId,
      action: 'settings.retention',
      target: null,
      detail: body,
      at: now(),
    }),
  ]);
  return c.json(body);
});
