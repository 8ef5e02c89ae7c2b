// Twilio's I-Twilio-Idempotency-Token, remembered per account for the status webhook.
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { twilioRequestsHandled } from '../db/schema';
import type { ScheduledJob } from '../jobs/scheduled';

/** Twilio retries a webhook for minutes, not days: a week covers every retry with room to spare. */
const KEEP_MS = 7 * 24 * 60 * 60_000;

export async function alreadyHandled(db: Db, accountId: string, token: string): Promise<boolean> {
  const [row] = await db
    .select({ token: twilioRequestsHandled.token })
    .from(twilioRequestsHandled)
    .where(and(eq(twilioRequestsHandled.accountId, accountId), eq(twilioRequestsHandled.token, token.slice(0, 128))))
    .limit(1);
  return row !== undefined;
}

export async function rememberHandled(db: Db, accountId: string, token: string, now: number): Promise<void> {
  await db.insert(twilioRequestsHandled).values({ accountId, token: token.slice(0, 128), handledAt: now }).onConflictDoNothing();
}

/** Forgets tokens older than a week. */
export const forgetOldTwilioTokens: ScheduledJob = {
  name: 'forget-old-twilio-tokens',
  run: async ({ db, now }) => {
    const gone = await db.delete(twilioRequestsHandled).where(lt(twilioRequestsHandled.handledAt, now - KEEP_MS)).returning({ token: twilioRequestsHandled.token });
    return { forgotten: gone.length };
  },
};
