import { ConfidenceBadge, QualifiedBadge, confidenceText, fraudText, reasonText } from '../components/badges';
import { Shell } from '../components/shell';
import { Async } from '../components/states';
import { callZone, canWrite, useDashboard } from '../lib/context';
import { clockTime, dimensionValue, duration, fullDateTime, money, phone } from '../lib/format';
import type { CallDetail, JourneyStep } from '../lib/types';
import { useResource } from '../lib/use-resource';
import { CallDeliveries } from './call-deliveries';
import { ConversionForm } from './conversion-form';

/** Only web addresses become links: a `javascript:` URL from a visitor must stay text. */
function safeLink(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Time since landing, as +m:ss (or +h:mm:ss). */
function offset(fromIso: string, atIso: string): string {
  const s = Math.max(0, Math.round((Date.parse(atIso) - Date.parse(fromIso)) / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
  return `+${h ? `${h}:` : ''}${mmss}`;
}

/** A step's time of day in the site's zone; the landing names the zone, the steps after it share it. */
function StepClock({ at, zone, first }: { at: string; zone: string; first: boolean }) {
  return (
    <time class="journey-clock muted small" dateTime={at}>
      {clockTime(at, { zone, showZone: first })}
    </time>
  );
}

function Journey({ steps, calledAt, zone }: { steps: JourneyStep[]; calledAt: string; zone: string }) {
  if (steps.length === 0) return <p class="muted">No pages recorded for this call's session.</p>;
  return (
    <ol class="journey">
      {steps.map((s, i) => (
        <li key={`${s.at}-${i}`}>
          <span class="journey-time">{i === 0 ? 'Landed' : offset(steps[0]!.at, s.at)}</span>
          <div>
            <div class="journey-title">{s.title || 'Untitled page'}</div>
            <div class="url muted small">{s.url}</div>
            <StepClock at={s.at} zone={zone} first={i === 0} />
          </div>
        </li>
      ))}
      <li class="journey-call">
        <span class="journey-time">{offset(steps[0]!.at, calledAt)}</span>
        <div>
          <div class="journey-title">Called</div>
          <StepClock at={calledAt} zone={zone} first={false} />
        </div>
      </li>
    </ol>
  );
}

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div class="kv">
      <dt>{label}</dt>
      <dd>{dimensionValue(value)}</dd>
    </div>
  );
}

export function CallDetailPage({ id }: { id: string }) {
  const d = useDashboard();
  const call = useResource((signal) => d.api.get<CallDetail>(`/v1/calls/${encodeURIComponent(id)}`, {}, signal), [d.api, id]);
  return (
    <Shell current="calls" title="Call" filters={false} back={{ href: '#/calls', label: 'All calls' }}>
      <Async {...call}>{(c) => <CallView call={c} zone={callZone(d, c.site)} onConverted={call.reload} canConvert={canWrite(d.me)} forBuyer={d.me.role === 'buyer'} />}</Async>
    </Shell>
  );
}

/**
 * One call; its times are read in `zone` (the call's site's) and say so. A buyer reads
 * what it owes for the call instead of the payout, and no attribution or journey (the
 * network's traffic, which the API does not give it).
 */
function CallView({
  call: c,
  zone,
  onConverted,
  canConvert,
  forBuyer,
}: {
  call: CallDetail;
  zone: string;
  onConverted: () => void;
  canConvert: boolean;
  forBuyer: boolean;
}) {
  const a = c.attribution;
  const recording = safeLink(c.recording_url);
  return (
    <div class="detail">
      <section class="card detail-head">
        <div>
          <div class="detail-caller">{phone(c.caller)}</div>
          <div class="muted">
            <time dateTime={c.started_at}>{fullDateTime(c.started_at, { zone, showZone: true })}</time> · {duration(c.duration_s)}
            {c.tracking_number ? ` · to ${phone(c.tracking_number)}` : ''}
            {c.caller_city || c.caller_state ? ` · ${[c.caller_city, c.caller_state].filter(Boolean).join(', ')}` : ''}
          </div>
        </div>
        <div class="detail-badges">
          <QualifiedBadge call={c} />
          {forBuyer ? (
            <span class="badge">{money(c.revenue_cents ?? 0, c.currency)} owed</span>
          ) : (
            c.qualified && <span class="badge">{money(c.payout_cents, c.currency)} payout</span>
          )}
        </div>
      </section>
      {!forBuyer && (
        <div class="grid-2">
          <section class="card" aria-labelledby="attr-title">
            <div class="card-head">
              <h2 id="attr-title">Attribution</h2>
              <ConfidenceBadge confidence={a.confidence} />
            </div>
            <p class="muted small">{confidenceText[a.confidence].explain}</p>
            <dl class="kvs">
              <Field label="Source" value={a.source} />
              <Field label="Medium" value={a.medium} />
              <Field label="Campaign" value={a.campaign} />
              <Field label="Keyword" value={a.keyword} />
              <Field label="Content" value={a.content} />
              <Field label="Publisher" value={a.publisher} />
              <Field label="Landing page" value={a.landing_page} />
              <Field label="Referrer" value={a.referrer} />
              <Field label="Device" value={[a.device, a.browser, a.os].filter(Boolean).join(' · ') || null} />
              <Field label="Click id" value={a.gclid ? `gclid ${a.gclid}` : a.msclkid ? `msclkid ${a.msclkid}` : a.fbclid ? `fbclid ${a.fbclid}` : null} />
            </dl>
          </section>
          <section class="card" aria-labelledby="journey-title">
            <h2 id="journey-title">Journey</h2>
            <Journey steps={c.journey} calledAt={c.started_at} zone={zone} />
          </section>
        </div>
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="qual-title">
          <h2 id="qual-title">Qualification</h2>
          {c.qualified ? (
            <p>Met every rule{forBuyer ? '' : `: billable at ${money(c.payout_cents, c.currency)}`}.</p>
          ) : c.reasons.length ? (
            <ul class="reasons">
              {c.reasons.map((r) => (
                <li key={r}>{reasonText[r] ?? r}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">Not judged yet: the call has not finished.</p>
          )}
          <h3>Fraud signals</h3>
          {c.fraud_signals.length ? (
            <ul class="reasons reasons-warn">
              {c.fraud_signals.map((s) => (
                <li key={s}>{fraudText[s] ?? s}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">None.</p>
          )}
          <h3>Recording</h3>
          {recording ? (
            <p>
              <a href={recording} target="_blank" rel="noopener noreferrer">
                Listen to the recording
              </a>
            </p>
          ) : (
            <p class="muted">No recording.</p>
          )}
        </section>
        <section class="card" aria-labelledby="conv-title">
          <h2 id="conv-title">Conversion</h2>
          {c.conversion ? (
            <p class="conversion" data-converted="true">
              Converted on {fullDateTime(c.conversion.at, { zone, showZone: true })} for <strong>{money(c.conversion.value_cents, c.conversion.currency ?? c.currency)}</strong>.
            </p>
          ) : (
            <p class="muted">Not marked as converted.</p>
          )}
          {canConvert && <ConversionForm call={c} onSaved={onConverted} />}
        </section>
      </div>
      {c.deliveries && (
        <section class="card" aria-labelledby="deliveries-title">
          <h2 id="deliveries-title">Sent to</h2>
          <CallDeliveries deliveries={c.deliveries} zone={zone} />
        </section>
      )}
    </div>
  );
}
