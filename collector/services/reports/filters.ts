import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { publishers } from '../../db/schema';
import type { Auth, Role } from '../../http/context';
import { ApiError } from '../../http/errors';
import { dimensions, dimensionsFor, type Dimension, type DimensionFilters } from './dimensions';

// Publishers are named by code at the API's edges and stored by id: the two directions,
// and the drill-down filters that need the first.

/** The id of the account's publisher with this code (any case) or id; undefined when there is none. */
export async function publisherIdOf(db: Db, accountId: string, codeOrId: string): Promise<string | undefined> {
  const [p] = await db
    .select({ id: publishers.id })
    .from(publishers)
    .where(and(eq(publishers.accountId, accountId), or(eq(publishers.code, codeOrId.toLowerCase()), eq(publishers.id, codeOrId))))
    .limit(1);
  return p?.id;
}

/** 403 unless a key of `role` may group or filter by every one of `used` (dimensionsFor). */
export function refuseHiddenDimensions(role: Role, used: readonly Dimension[]): void {
  const allowed = dimensionsFor(role);
  const hidden = used.filter((d) => !allowed.includes(d));
  if (hidden.length > 0) throw new ApiError('forbidden', `A ${role} key cannot group or filter by ${hidden.join(', ')}`);
}

/** The drill-down filters a request gave, with a publisher code turned into its id; 403 for a dimension the key may not use. */
export async function dimensionFilters(db: Db, auth: Auth, q: Partial<Record<Dimension, string>>): Promise<DimensionFilters> {
  const filters: DimensionFilters = {};
  for (const d of dimensions) if (q[d] !== undefined) filters[d] = q[d];
  refuseHiddenDimensions(auth.role, Object.keys(filters) as Dimension[]);
  // An unknown code matches no row rather than being ignored.
  if (filters.publisher) filters.publisher = (await publisherIdOf(db, auth.accountId, filters.publisher)) ?? '-';
  return filters;
}

/** Maps publisher ids to codes for one account, so calls show the code people know. */
export async function publisherCodes(db: Db, accountId: string): Promise<(id: string | null) => string | null> {
  const rows = await db.select({ id: publishers.id, code: publishers.code }).from(publishers).where(eq(publishers.accountId, accountId));
  const byId = new Map(rows.map((r) => [r.id, r.code]));
  return (id) => (id ? (byId.get(id) ?? null) : null);
}
