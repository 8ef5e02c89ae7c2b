// The time zones a site can be given, and which one a form starts on.

// Intl lists the zones this browser knows (without "UTC" itself, in Chromium); the few
// common ones stand in where it cannot.
const known: string[] = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
];

/** Every zone a site can be given, UTC first. */
export const timeZones: string[] = ['UTC', ...known.filter((z) => z !== 'UTC')];

/**
 * The browser's own zone when it is in the list, else UTC: a browser that reports "UTC"
 * (or "Etc/UTC") must not land on the list's first entry, Africa/Abidjan.
 */
export function defaultTimeZone(browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  return timeZones.includes(browserZone) ? browserZone : 'UTC';
}
