import { ScrollBox } from './scroll-box';
import { useDashboard } from '../lib/context';
import { duration, dateTime, dimensionValue, money, phone } from '../lib/format';
import { href } from '../lib/router';
import type { Call } from '../lib/types';
import { QualifiedBadge } from './badges';

/**
 * The call log. Each row is `<tr data-call="{id}">` with the keyword as visible text
 * (tests and people find a call by it); the time links to the call's detail. Every time
 * in the list is in one zone, the one the range's days are counted in (the chosen site's;
 * with all sites, the first site's), so the list reads in order even when sites differ;
 * the zone is named when it is not the viewer's own. A call's own page uses its site's.
 */
export function CallsTable({ calls, caption = 'Calls' }: { calls: Call[]; caption?: string }) {
  const d = useDashboard();
  // A buyer reads no attribution (the network's traffic) and pays rather than earns: what it owes per call.
  const forBuyer = d.me.role === 'buyer';
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
            {!forBuyer && (
              <>
                <th scope="col">Source</th>
                <th scope="col" class="hide-narrow">Campaign</th>
                <th scope="col">Keyword</th>
                <th scope="col" class="hide-narrow">Publisher</th>
              </>
            )}
            <th scope="col" class="num">{forBuyer ? 'Owed' : 'Payout'}</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((c) => (
            <tr key={c.id} data-call={c.id}>
              <td class="nowrap">
                <a href={href(`calls/${encodeURIComponent(c.id)}`)}>
                  <time dateTime={c.started_at}>{dateTime(c.started_at, { zone: d.zone, showZone: 'when-not-local' })}</time>
                </a>
              </td>
              <td class="nowrap">{phone(c.caller)}</td>
              <td class="num">{duration(c.duration_s)}</td>
              <td>
                <QualifiedBadge call={c} />
              </td>
              {!forBuyer && (
                <>
                  <td>{dimensionValue(c.attribution.source)}</td>
                  <td class="hide-narrow">{dimensionValue(c.attribution.campaign)}</td>
                  <td class="keyword">{dimensionValue(c.attribution.keyword)}</td>
                  <td class="hide-narrow">{dimensionValue(c.attribution.publisher)}</td>
                </>
              )}
              {/* A judged call that did not bill (a duplicate, say) earned $0.00, as the reports add it up; a dash is a call not judged yet. */}
              <td class="num">{c.judged_at === null ? '—' : money(forBuyer ? (c.revenue_cents ?? 0) : c.qualified ? c.payout_cents : 0, c.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
