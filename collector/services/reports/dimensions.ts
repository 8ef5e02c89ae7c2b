import { sql } from 'drizzle-orm';
import { calls, sessionDayCounts, sessions } from '../../db/schema';
import type { Role } from '../../http/context';

/** What a report can group by and filter on (API.md's `group_by` names, and `buyer`). */
export const dimensions = ['source', 'medium', 'campaign', 'keyword', 'publisher', 'landing_page', 'device', 'buyer'] as const;
export type Dimension = (typeof dimensions)[number];

/**
 * The dimensions a key may group and filter by. A publisher never learns the buyers; a
 * buyer only its own buyer, none of the network's traffic (where callers came from and
 * which publisher sent them).
 */
export function dimensionsFor(role: Role): readonly Dimension[] {
  if (role === 'publisher') return dimensions.filter((d) => d !== 'buyer');
  if (role === 'buyer') return ['buyer'];
  return dimensions;
}

// A session has no buyer: one is chosen only when a call is routed. Grouped by buyer, the
// sessions fall in the row with no buyer; filtered by a buyer, none match.
const noBuyer = sql<string | null>`NULL`;

// Sessions are grouped by their own columns; calls by the attribution frozen on the
// call when it was matched, so a report never shifts when a session changes later.
export const sessionColumn = {
  source: sessions.source,
  medium: sessions.medium,
  campaign: sessions.campaign,
  keyword: sessions.keyword,
  publisher: sessions.publisherId,
  landing_page: sessions.landingPage,
  device: sessions.device,
  buyer: noBuyer,
} as const;

export const dayCountColumn = {
  source: sessionDayCounts.source,
  medium: sessionDayCounts.medium,
  campaign: sessionDayCounts.campaign,
  keyword: sessionDayCounts.keyword,
  publisher: sessionDayCounts.publisherId,
  landing_page: sessionDayCounts.landingPage,
  device: sessionDayCounts.device,
  buyer: noBuyer,
} as const;

export const callColumn = {
  source: calls.source,
  medium: calls.medium,
  campaign: calls.campaign,
  keyword: calls.keyword,
  publisher: calls.publisherId,
  landing_page: calls.landingPage,
  device: calls.device,
  buyer: calls.buyerId,
} as const;

/**
 * Narrows a report to one value per dimension (the dashboard's drill-down). An empty
 * string matches rows without a value. `publisher` holds the publisher's id here, `buyer` the buyer's id.
 */
export type DimensionFilters = Partial<Record<Dimension, string>>;
