import { toE164 } from './phone';

// What carriers put in From when the caller withheld their number: words, or the
// words spelled on a keypad as Twilio does (+266696687 is ANONYMOUS, +7378742833
// RESTRICTED, +2562533 BLOCKED, +8656696 UNKNOWN, +86282452253 UNAVAILABLE).
const withheld = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);

/** The caller's number in E.164, or null when it was withheld or is not a phone number. */
export function callerNumber(from: string | null | undefined): string | null {
  const raw = from?.trim();
  if (!raw || withheld.has(raw)) return null;
  const e164 = toE164(raw);
  return e164 && !withheld.has(e164) ? e164 : null;
}
