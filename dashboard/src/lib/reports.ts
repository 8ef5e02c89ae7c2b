// Loaders for the report endpoints, with the shared filters filled in.
import type { Dashboard } from './context';
import { intervalFor } from './range';
import type { AttributionReport, Dimension, Timeseries } from './types';

export type Drill = Partial<Record<Dimension, string>>;

export function loadAttribution(d: Dashboard, groupBy: Dimension[], filters: Drill = {}, limit = 500, signal?: AbortSignal) {
  return d.api.get<AttributionReport>(
    '/v1/reports/attribution',
    { group_by: groupBy.join(','), ...d.scope, limit, ...filters },
    signal,
  );
}

export function loadTimeseries(d: Dashboard, signal?: AbortSignal) {
  return d.api.get<Timeseries>('/v1/reports/timeseries', { interval: intervalFor(d.range), ...d.scope }, signal);
}
