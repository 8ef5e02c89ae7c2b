import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { runBatch, type Statement } from '../db/leasing';
import { pools, trackingNumbers } from '../db/schema';
import { ApiError } from '../http/errors';
import { newId } from '../ids';

type NewPool = Omit<typeof pools.$inferInsert, 'id' | 'createdAt'>;

/**
 * The numbers of `numbers` that are already tracking numbers of this account (D1 binds
 * at most 100 parameters a statement, so it asks in chunks). Only this account's: numbers
 * are unique per account, so another account's numbers are neither a conflict nor named
 * (a 409 naming them would tell anyone which numbers another account tracks). Calls to
 * a number two accounts hold reach the account whose Twilio token signs them.
 */
async function takenNumbers(db: Db, accountId: string, numbers: string[]): Promise<string[]> {
  const taken: string[] = [];
  for (let i = 0; i < numbers.length; i += 90) {
    const rows = await db
      .select({ number: trackingNumbers.number })
      .from(trackingNumbers)
      .where(and(eq(trackingNumbers.accountId, accountId), inArray(trackingNumbers.number, numbers.slice(i, i + 90))));
    taken.push(...rows.map((r) => r.number));
  }
  return taken;
}

async function refuseTaken(db: Db, accountId: string, numbers: string[]): Promise<void> {
  const taken = await takenNumbers(db, accountId, numbers);
  if (taken.length > 0) throw new ApiError('conflict', `Already a tracking number of this account: ${taken.join(', ')}`);
}

/** True for a UNIQUE constraint failure, however the driver wraps it (drizzle, libSQL, D1). */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (/UNIQUE constraint failed/i.test(e.message)) return true;
  return false;
}

type NumberRow = typeof trackingNumbers.$inferInsert;
const numberRows = (pool: { id: string; accountId: string }, numbers: string[], role: 'pool' | 'overflow', now: number): NumberRow[] =>
  numbers.map((number) => ({ id: newId('tn'), accountId: pool.accountId, poolId: pool.id, number, role, createdAt: now }));

/**
 * Writes the pool (when given) and the number rows in one batch, so all or nothing is
 * stored. Callers check the numbers first, so the usual conflict never opens a write
 * transaction; the unique index is the backstop for a request that took a number in
 * between (a libSQL server or D1 lets requests interleave), and its refusal is the same 409.
 */
async function insertWithNumbers(db: Db, accountId: string, pool: Statement | null, rows: NumberRow[]): Promise<void> {
  const statements: Statement[] = pool ? [pool] : [];
  // D1 limits bound parameters per statement; 10 rows of 6 columns stays well inside it.
  for (let i = 0; i < rows.length; i += 10) statements.push(db.insert(trackingNumbers).values(rows.slice(i, i + 10)));
  try {
    await runBatch(db, statements);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const numbers = rows.map((r) => r.number);
    const taken = await takenNumbers(db, accountId, numbers);
    throw new ApiError('conflict', `Already a tracking number of this account: ${(taken.length ? taken : numbers).join(', ')}`);
  }
}

/** Adds numbers to a pool; a number the account already tracks is a conflict and nothing is added. */
export async function addNumbers(db: Db, pool: { id: string; accountId: string }, numbers: string[], role: 'pool' | 'overflow', now: number) {
  const unique = [...new Set(numbers)];
  if (unique.length === 0) return;
  await refuseTaken(db, pool.accountId, unique);
  await insertWithNumbers(db, pool.accountId, null, numberRows(pool, unique, role, now));
}

/** Creates a pool with its numbers (and overflow number) in one batch: a conflict stores nothing. */
export async function createPool(db: Db, input: NewPool, numbers: string[], now: number) {
  const pool = { ...input, id: newId('pl'), createdAt: now };
  const all = [...numbers, ...(input.overflowNumber ? [input.overflowNumber] : [])];
  if (new Set(all).size !== all.length) throw new ApiError('invalid_request', 'numbers: each number may appear once (and not also as the overflow number)');
  await refuseTaken(db, input.accountId, all);
  const rows = [...numberRows(pool, numbers, 'pool', now), ...(input.overflowNumber ? numberRows(pool, [input.overflowNumber], 'overflow', now) : [])];
  await insertWithNumbers(db, input.accountId, db.insert(pools).values(pool), rows);
  const [row] = await db.select().from(pools).where(eq(pools.id, pool.id)).limit(1);
  return row!;
}

export async function poolNumbers(db: Db, poolId: string) {
  return db.select().from(trackingNumbers).where(eq(trackingNumbers.poolId, poolId)).orderBy(trackingNumbers.number);
}
