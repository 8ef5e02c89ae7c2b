import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { pools, trackingNumbers } from '../db/schema';
import { ApiError } from '../http/errors';
import { newId } from '../ids';

type NewPool = Omit<typeof pools.$inferInsert, 'id' | 'createdAt' | 'exhaustionCount' | 'peakLeases'>;

/** The numbers of `numbers` that are already tracking numbers (D1 binds at most 100 parameters a statement, so it asks in chunks). */
async function takenNumbers(db: Db, numbers: string[]): Promise<string[]> {
  const taken: string[] = [];
  for (let i = 0; i < numbers.length; i += 90) {
    const rows = await db.select({ number: trackingNumbers.number }).from(trackingNumbers).where(inArray(trackingNumbers.number, numbers.slice(i, i + 90)));
    taken.push(...rows.map((r) => r.number));
  }
  return taken;
}

/** Adds numbers to a pool; a number already in use anywhere is a conflict and nothing is added. */
export async function addNumbers(db: Db, pool: { id: string; accountId: string }, numbers: string[], role: 'pool' | 'overflow', now: number) {
  const unique = [...new Set(numbers)];
  if (unique.length === 0) return;
  const taken = await takenNumbers(db, unique);
  if (taken.length > 0) throw new ApiError('conflict', `Already a tracking number: ${taken.join(', ')}`);
  const rows = unique.map((number) => ({ id: newId('tn'), accountId: pool.accountId, poolId: pool.id, number, role, createdAt: now }));
  // D1 limits bound parameters per statement; 10 rows of 6 columns stays well inside it.
  const chunks = [];
  for (let i = 0; i < rows.length; i += 10) chunks.push(db.insert(trackingNumbers).values(rows.slice(i, i + 10)));
  await db.batch(chunks as [(typeof chunks)[number], ...typeof chunks]);
}

export async function createPool(db: Db, input: NewPool, numbers: string[], now: number) {
  const pool = { ...input, id: newId('pl'), createdAt: now };
  const all = [...numbers, ...(input.overflowNumber ? [input.overflowNumber] : [])];
  if (new Set(all).size !== all.length) throw new ApiError('invalid_request', 'numbers: each number may appear once (and not also as the overflow number)');
  const taken = await takenNumbers(db, all);
  if (taken.length > 0) throw new ApiError('conflict', `Already a tracking number: ${taken.join(', ')}`);
  const [row] = await db.insert(pools).values(pool).returning();
  await addNumbers(db, pool, numbers, 'pool', now);
  if (input.overflowNumber) await addNumbers(db, pool, [input.overflowNumber], 'overflow', now);
  return row!;
}

export async function poolNumbers(db: Db, poolId: string) {
  return db.select().from(trackingNumbers).where(eq(trackingNumbers.poolId, poolId)).orderBy(trackingNumbers.number);
}
