import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calls, targets } from '../db/schema';
import { revenueOf, type ConvertRule } from '../domain/buyer-revenue';

type CallRow = typeof calls.$inferSelect;

/** What the buyer of the target that took the call owes for it, by that target's convert-on rule; 0 for a call no target took. */
export async function buyerRevenue(db: Db, call: CallRow): Promise<number> {
  if (!call.targetId) return 0;
  const [target] = await db.select().from(targets).where(eq(targets.id, call.targetId)).limit(1);
  if (!target) return 0;
  const rule = { convertOn: target.convertOn, convertMinDurationS: target.convertMinDurationS, convertKey: target.convertKey, revenueCents: target.revenueCents } as ConvertRule;
  return revenueOf(rule, { answered: call.status === 'completed', durationS: call.durationS, keys: call.flowState?.keys ?? [], conversionPosted: call.convertedAt !== null });
}
