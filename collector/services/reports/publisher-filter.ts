import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { publishers } from '../../db/schema';

/** The id of the account's publisher with this code (any case) or id; undefined when there is none. */
export async function publisherIdOf(db: Db, accountId: string, codeOrId: string): Promise<string | undefined> {
  const [p] = await db
    .select({ id: publishers.id })
    .from(publishers)
    .where(and(eq(publishers.accountId, accountId), or(eq(publishers.code, codeOrId.toLowerCase()), eq(publishers.id, codeOrId))))
    .limit(1);
  return p?.id;
}
