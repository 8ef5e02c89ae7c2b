import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { forgetConfig } from '../db/config-cache';
import { runBatch, type Statement } from '../db/leasing';
import { leases, pools, trackingNumbers } from '../db/schema';
import { ApiError } from '../http/errors';
import { newId } from '../ids';

type NewPool = Omit<typeof pools.$inferInsert, 'id' | 'createdAt'>;
export type PoolRow = typeof pools.$inferSelect;
type NumberRole = 'pool' | 'overflow';
type Existing = { id: string; number: string; removedAt: number | null };

/**
 * The rows of `numbers` this account has already, removed or not (D1 binds at most 100
 * parameters a statement, so it asks in chunks). Only this account's: numbers are unique
 * per account, so another account's numbers are neither a conflict nor named (a 409
 * naming them would tell anyone which numbers another account tracks). Calls to a number
 * two accounts hold reach the account whose Twilio token signs them.
 */
async function existingNumbers(db: Db, accountId: string, numbers: string[]): Promise<Existing[]> {
  const found: Existing[] = [];
  for (let i = 0; i < numbers.length; i += 90) {
    found.push(
      ...(await db
        .select({ id: trackingNumbers.id, number: trackingNumbers.number, removedAt: trackingNumbers.removedAt })
        .from(trackingNumbers)
        .where(and(eq(trackingNumbers.accountId, accountId), inArray(trackingNumbers.number, numbers.slice(i, i + 90))))),
    );
  }
  return found;
}

/** True for a UNIQUE constraint failure, however the driver wraps it (drizzle, libSQL, D1). */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (/UNIQUE constraint failed/i.test(e.message)) return true;
  return false;
}

const taken = (numbers: string[]) => new ApiError('conflict', `Already a tracking number of this account: ${numbers.join(', ')}`);

type NumberRow = typeof trackingNumbers.$inferInsert;

/**
 * The statements that put `numbers` into the pool: new rows for new numbers, and a
 * number this account removed earlier comes back (same row, so its lease history stays
 * one history). A number the account uses already is a 409 and nothing is written.
 */
async function numberStatements(db: Db, pool: { id: string; accountId: string }, numbers: string[], role: NumberRole, now: number) {
  const existing = await existingNumbers(db, pool.accountId, numbers);
  const inUse = existing.filter((r) => r.removedAt === null);
  if (inUse.length > 0) throw taken(inUse.map((r) => r.number));
  const known = new Set(existing.map((r) => r.number));
  const rows: NumberRow[] = numbers
    .filter((n) => !known.has(n))
    .map((number) => ({ id: newId('tn'), accountId: pool.accountId, poolId: pool.id, number, role, createdAt: now }));
  const statements: Statement[] = existing.map((r) =>
    db
      .update(trackingNumbers)
      .set({ poolId: pool.id, role, removedAt: null })
      .where(and(eq(trackingNumbers.id, r.id), eq(trackingNumbers.accountId, pool.accountId))),
  );
  // D1 limits bound parameters per statement; 10 rows of 6 columns stays well inside it.
  for (let i = 0; i < rows.length; i += 10) statements.push(db.insert(trackingNumbers).values(rows.slice(i, i + 10)));
  return statements;
}

/**
 * Runs the batch that writes numbers, so all or nothing is stored. Callers check the
 * numbers first, so the usual conflict never opens a write transaction; the unique
 * index is the backstop for a request that took a number in between (a libSQL server
 * or D1 lets requests interleave), and its refusal is the same 409.
 */
async function runNumberBatch(db: Db, accountId: string, statements: Statement[], numbers: string[]): Promise<void> {
  try {
    await runBatch(db, statements);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const inUse = (await existingNumbers(db, accountId, numbers)).map((r) => r.number);
    throw taken(inUse.length ? inUse : numbers);
  }
  forgetConfig(db);
}

/** Refuses a change to an archived pool: it is kept as it was for its calls and reports. */
export function assertPoolActive(pool: PoolRow): void {
  if (pool.archivedAt !== null) throw new ApiError('conflict', `Pool ${pool.name} is archived`);
}

/** Adds numbers to a pool; a number already in use anywhere is a conflict and nothing is added. */
export async function addNumbers(db: Db, pool: PoolRow, numbers: string[], now: number) {
  assertPoolActive(pool);
  if (pool.kind === 'source') throw new ApiError('invalid_request', 'a source-level pool has one static number');
  const unique = [...new Set(numbers)];
  await runNumberBatch(db, pool.accountId, await numberStatements(db, pool, unique, 'pool', now), unique);
}

/** Creates a pool with its numbers (and overflow number) in one batch: a conflict stores nothing. */
export async function createPool(db: Db, input: NewPool, numbers: string[], now: number) {
  const pool = { ...input, id: newId('pl'), createdAt: now };
  const all = [...numbers, ...(input.overflowNumber ? [input.overflowNumber] : [])];
  if (new Set(all).size !== all.length) throw new ApiError('invalid_request', 'numbers: each number may appear once (and not also as the overflow number)');
  const statements: Statement[] = [
    db.insert(pools).values(pool),
    ...(await numberStatements(db, pool, numbers, 'pool', now)),
    ...(input.overflowNumber ? await numberStatements(db, pool, [input.overflowNumber], 'overflow', now) : []),
  ];
  await runNumberBatch(db, input.accountId, statements, all);
  const [row] = await db.select().from(pools).where(eq(pools.id, pool.id)).limit(1);
  return row!;
}

export type PoolChanges = Partial<
  Pick<
    PoolRow,
    | 'name'
    | 'matchSource'
    | 'matchMedium'
    | 'matchCampaign'
    | 'matchPublisher'
    | 'priority'
    | 'leaseMinutes'
    | 'restMinutes'
    | 'matchWindowMinutes'
    | 'forwardTo'
    | 'overflowNumber'
    | 'record'
  >
>;

/**
 * Changes a pool's settings. A new overflow number replaces the old one in one batch:
 * the old one is removed (its history stays for matching), the new one added.
 */
export async function updatePool(db: Db, pool: PoolRow, changes: PoolChanges, now: number): Promise<PoolRow> {
  assertPoolActive(pool);
  const statements: Statement[] = [];
  const overflowChanges = changes.overflowNumber !== undefined && changes.overflowNumber !== pool.overflowNumber;
  if (overflowChanges) {
    if (changes.overflowNumber && (await activeNumbers(db, pool.id)).some((n) => n.number === changes.overflowNumber && n.role === 'pool')) {
      throw new ApiError('invalid_request', 'overflow_number: already one of this pool\'s numbers');
    }
    statements.push(
      db
        .update(trackingNumbers)
        .set({ removedAt: now })
        .where(and(eq(trackingNumbers.poolId, pool.id), eq(trackingNumbers.role, 'overflow'), isNull(trackingNumbers.removedAt))),
    );
    if (changes.overflowNumber) statements.push(...(await numberStatements(db, pool, [changes.overflowNumber], 'overflow', now)));
  }
  if (Object.keys(changes).length > 0) statements.push(db.update(pools).set(changes).where(eq(pools.id, pool.id)));
  await runNumberBatch(db, pool.accountId, statements, changes.overflowNumber ? [changes.overflowNumber] : []);
  const [row] = await db.select().from(pools).where(eq(pools.id, pool.id)).limit(1);
  return row!;
}

/** Archives a pool: never leased again; its numbers, their history and its calls stay. Archiving twice changes nothing. */
export async function archivePool(db: Db, pool: PoolRow, now: number): Promise<PoolRow> {
  if (pool.archivedAt !== null) return pool;
  await db.update(pools).set({ archivedAt: now }).where(eq(pools.id, pool.id));
  forgetConfig(db);
  return { ...pool, archivedAt: now };
}

/**
 * Takes a number out of its pool: it is never leased again from now on, and its row and
 * lease history stay so a call to it still matches the visitor who held it. While a
 * visitor holds it the removal is a 409, unless `force`: then the holder's lease ends now
 * (the snippet's next ping gets another number) and a call still matches it for the
 * pool's match window.
 */
export async function removeNumber(db: Db, pool: PoolRow, number: string, force: boolean, now: number): Promise<void> {
  assertPoolActive(pool);
  const [row] = await db
    .select()
    .from(trackingNumbers)
    .where(and(eq(trackingNumbers.poolId, pool.id), eq(trackingNumbers.number, number), eq(trackingNumbers.role, 'pool'), isNull(trackingNumbers.removedAt)))
    .limit(1);
  if (!row) throw new ApiError('not_found', `${number} is not one of this pool's numbers`);
  const live = and(eq(leases.numberId, row.id), gt(leases.endsAt, now));
  const [held] = await db.select({ id: leases.id }).from(leases).where(live).limit(1);
  if (held && !force) {
    throw new ApiError('conflict', `${number} is leased to a visitor right now; remove it with force=1 to end that lease, or try again when it ends`);
  }
  await runBatch(db, [
    db
      .update(trackingNumbers)
      // A held number's lease ends now; added back later, it rests first like any released number.
      .set(held ? { removedAt: now, leasedUntil: now } : { removedAt: now })
      .where(eq(trackingNumbers.id, row.id)),
    // Ended just before now, so a ping at this very moment already finds it over (never before it began).
    ...(held ? [db.update(leases).set({ endsAt: sql`max(${leases.startedAt}, ${now - 1})` }).where(live)] : []),
  ]);
  forgetConfig(db);
}

/** The pool's numbers that are still in it (removed numbers keep their rows for matching). */
export async function activeNumbers(db: Db, poolId: string) {
  return db
    .select()
    .from(trackingNumbers)
    .where(and(eq(trackingNumbers.poolId, poolId), isNull(trackingNumbers.removedAt)))
    .orderBy(trackingNumbers.number);
}
