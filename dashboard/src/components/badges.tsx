import type { Call, Confidence } from '../lib/types';

/** Qualified, duplicate, not qualified or still in progress: the one word a call log needs. */
export function QualifiedBadge({ call }: { call: Pick<Call, 'qualified' | 'duplicate' | 'status' | 'reasons'> }) {
  if (call.qualified) return <span class="badge badge-good">Qualified</span>;
  if (call.status === 'ringing' || call.status === 'in-progress') return <span class="badge">In progress</span>;
  if (call.duplicate) return <span class="badge badge-warn">Duplicate</span>;
  return <span class="badge badge-muted">Not qualified</span>;
}

export const confidenceText: Record<Confidence, { label: string; explain: string }> = {
  exclusive: { label: 'Exclusive', explain: 'The number was leased to this visitor alone when the call came in.' },
  shared: { label: 'Shared', explain: 'The pool was full, so this visitor saw a shared overflow number: the session is a best guess.' },
  late: { label: 'Late', explain: 'The call came after the lease ended, inside the match window: credited to the last visitor who held the number.' },
  source: { label: 'Source', explain: 'A static number for one traffic source: the source is certain, the visitor is not known.' },
  none: { label: 'None', explain: 'No session held this number at the time: the call is not attributed.' },
};

export function ConfidenceBadge({ confidence }: { confidence: Confidence }) {
  const tone = confidence === 'exclusive' || confidence === 'source' ? 'badge-good' : confidence === 'none' ? 'badge-muted' : 'badge-warn';
  return (
    <span class={`badge ${tone}`} title={confidenceText[confidence].explain}>
      {confidenceText[confidence].label}
    </span>
  );
}

export const reasonText: Record<string, string> = {
  too_short: 'Shorter than the minimum duration',
  duplicate: 'The same caller called within the dedupe window',
  outside_hours: 'Outside business hours',
  region: 'From a region the advertiser does not serve',
  blocked: 'The caller is on the blocked list',
  not_answered: 'Not answered',
};

export const fraudText: Record<string, string> = {
  repeat_caller: 'Repeat caller: several calls from this number in the past days',
  burst: 'Burst: many calls from one caller within minutes',
  just_over_minimum: 'Ended just past the minimum duration',
  no_lease: 'Came in on a pool number that no visitor held',
  withheld_caller: 'Caller id withheld',
};
