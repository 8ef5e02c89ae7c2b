import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calls } from '../../db/schema';

export type CallRow = typeof calls.$inferSelect;

const PAGE_SIZE = 500;

/**
 * Every call matching `where`, oldest first, a page at a time. Keyset paging on
 * (started_at, id) uses the calls' time index and stays fast however deep it goes.
 */
export async function* callPages(db: Db, where: SQL): AsyncGenerator<CallRow[]> {
  let after: { startedAt: number; id: string } | undefined;
  for (;;) {
    const page = await db
      .select()
      .from(calls)
      .where(and(where, after ? or(gt(calls.startedAt, after.startedAt), and(eq(calls.startedAt, after.startedAt), gt(calls.id, after.id))) : undefined))
      .orderBy(asc(calls.startedAt), asc(calls.id))
      .limit(PAGE_SIZE);
    if (page.length > 0) yield page;
    if (page.length < PAGE_SIZE) return;
    const last = page[page.length - 1]!;
    after = { startedAt: last.startedAt, id: last.id };
  }
}
