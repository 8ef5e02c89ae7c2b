import { and, asc, desc, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calls } from '../../db/schema';

export type CallRow = typeof calls.$inferSelect;

const PAGE_SIZE = 500;

/**
 * Every call matching `where`, oldest first (or newest first, as the dashboard lists them),
 * a page at a time. Keyset paging on (started_at, id) uses the calls' time index and stays
 * fast however deep it goes.
 */
export async function* callPages(db: Db, where: SQL, order: 'asc' | 'desc' = 'asc'): AsyncGenerator<CallRow[]> {
  const [beyond, by] = order === 'asc' ? [gt, asc] : [lt, desc];
  let after: { startedAt: number; id: string } | undefined;
  for (;;) {
    const page = await db
      .select()
      .from(calls)
      .where(and(where, after ? or(beyond(calls.startedAt, after.startedAt), and(eq(calls.startedAt, after.startedAt), beyond(calls.id, after.id))) : undefined))
      .orderBy(by(calls.startedAt), by(calls.id))
      .limit(PAGE_SIZE);
    if (page.length > 0) yield page;
    if (page.length < PAGE_SIZE) return;
    const last = page[page.length - 1]!;
    after = { startedAt: last.startedAt, id: last.id };
  }
}
