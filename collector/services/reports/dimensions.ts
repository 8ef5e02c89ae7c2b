import { calls, sessionDayCounts, sessions } from '../../db/schema';

/** What a report can group by and filter on (API.md's `group_by` names). */
export const dimensions = ['source', 'medium', 'campaign', 'keyword', 'publisher', 'landing_page', 'device'] as const;
export type Dimension = (typeof dimensions)[number];

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
} as const;

export const dayCountColumn = {
  source: sessionDayCounts.source,
  medium: sessionDayCounts.medium,
  campaign: sessionDayCounts.campaign,
  keyword: sessionDayCounts.keyword,
  publisher: sessionDayCounts.publisherId,
  landing_page: sessionDayCounts.landingPage,
  device: sessionDayCounts.device,
} as const;

export const callColumn = {
  source: calls.source,
  medium: calls.medium,
  campaign: calls.campaign,
  keyword: calls.keyword,
  publisher: calls.publisherId,
  landing_page: calls.landingPage,
  device: calls.device,
} as const;

/**
 * Narrows a report to one value per dimension (the dashboard's drill-down). An empty
 * string matches rows without a value. `publisher` holds the publisher's id here.
 */
export type DimensionFilters = Partial<Record<Dimension, string>>;
