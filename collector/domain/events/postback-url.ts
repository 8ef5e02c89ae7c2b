// A publisher's postback URL template filled in for one event. Pure. Macros are the
// ones TUNE, Everflow and Ringba publishers paste ({click_id}, {sub1}…, {payout}); each
// value is URL-encoded, an unknown or empty macro becomes empty, and the caller's number
// is not a macro: it is never sent to a publisher.

import { majorUnits } from '../money';

export const postbackMacros = [
  'call_id',
  'click_id',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'payout',
  'currency',
  'duration',
  'caller_state',
  'status',
  'event',
] as const;
export type PostbackMacro = (typeof postbackMacros)[number];

export type PostbackFacts = {
  event: string;
  callId: string | null;
  status: string | null;
  qualified: boolean | null;
  payoutCents: number | null;
  currency: string | null;
  durationS: number | null;
  callerState: string | null;
  clickIds: { gclid?: string | null; fbclid?: string | null; msclkid?: string | null };
  /** The session's sub ids and the publisher's own `clickid`, from the landing URL. */
  tags: Record<string, string>;
};

/** The publisher's own click id first (its tracker gave it), then the ad platforms'. */
function clickId(f: PostbackFacts): string {
  return f.tags.clickid ?? f.clickIds.gclid ?? f.clickIds.fbclid ?? f.clickIds.msclkid ?? f.tags.subid ?? '';
}

/** `qualified`/`disqualified` once judged, else the call's status. */
function status(f: PostbackFacts): string {
  if (f.qualified === true) return 'qualified';
  if (f.qualified === false) return 'disqualified';
  return f.status ?? '';
}

export function macroValues(f: PostbackFacts): Record<PostbackMacro, string> {
  return {
    call_id: f.callId ?? '',
    click_id: clickId(f),
    sub1: f.tags.sub1 ?? '',
    sub2: f.tags.sub2 ?? '',
    sub3: f.tags.sub3 ?? '',
    sub4: f.tags.sub4 ?? '',
    sub5: f.tags.sub5 ?? '',
    // Trackers take money in major units ("12.50", ¥"2500"), not minor units.
    payout: f.payoutCents === null ? '' : majorUnits(f.payoutCents, f.currency ?? 'USD'),
    currency: f.currency ?? '',
    duration: f.durationS === null ? '' : String(f.durationS),
    caller_state: f.callerState ?? '',
    status: status(f),
    event: f.event,
  };
}

const MACRO = /\{([a-z0-9_]+)\}/gi;

/** The template with every {macro} replaced by its URL-encoded value. */
export function fillPostbackUrl(template: string, f: PostbackFacts): string {
  const values: Record<string, string> = macroValues(f);
  return template.replace(MACRO, (_, name: string) => encodeURIComponent(values[name.toLowerCase()] ?? ''));
}

/** Macros a template names that this list does not know: refused when the template is saved. */
export function unknownMacros(template: string): string[] {
  const known = new Set<string>(postbackMacros);
  return [...template.matchAll(MACRO)].map((m) => m[1]!.toLowerCase()).filter((n) => !known.has(n));
}
