import { ScrollBox } from './scroll-box';
import { callZone, useDashboard } from '../lib/context';
import { duration, dateTime, dimensionValue, money, phone } from '../lib/format';
import { href } from '../lib/router';
import type { Call } from '../lib/types';
import { QualifiedBadge } from './badges';

/**
 * The call log. Each row is `<tr data-call="{id}">` with the keyword as visible text
 * (tests and people find a call by it); the time links to the call's detail. Times are
 * the call's site's, as the business saw them, with the zone named when it is not the
 * viewer's own.
 */
export function CallsTable({ calls, caption = 'Calls' }: { calls: Call[]; caption?: string }) {
  const d = useDashboard();
  return (
    <ScrollBox>
      <table class="table calls">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Caller</th>
            <th scope="col" class="num">Duration</th>
            <th scope="col">Outcome</th>
            <th scope="col">Source</th>
            <th scope="col" class="hide-narrow">Campaign</th>
            <th scope="col">Keyword</th>
            <th scope="col" class="hide-narrow">Publisher</th>
            <th scope="col" class="num">Payout</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((c) => (
            <tr key={c.id} data-call={c.id}>
              <td class="nowrap">
                <a href={href(`calls/${encodeURIComponent(c.id)}`)}>
                  <time dateTime={c.started_at}>{dateTime(c.started_at, { zone: callZone(d, c.site), showZone: 'when-not-local' })}</time>
                </a>
              </td>
              <td class="nowrap">{phone(c.caller)}</td>
              <td class="num">{duration(c.duration_s)}</td>
              <td>
                <QualifiedBadge call={c} />
              </td>
              <td>{dimensionValue(c.attribution.source)}</td>
              <td class="hide-narrow">{dimensionValue(c.attribution.campaign)}</td>
              <td class="keyword">{dimensionValue(c.attribution.keyword)}</td>
              <td class="hide-narrow">{dimensionValue(c.attribution.publisher)}</td>
              <td class="num">{c.qualified ? money(c.payout_cents, c.currency) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
