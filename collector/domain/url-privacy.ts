// What of a visitor's URLs is stored. A page's query string and a referrer's path carry
// whatever the site or the referring page put there (emails, phone numbers, card digits,
// a webmail search), so storage keeps origin + path and only the marketing parameters
// attribution reads. Pure: open-session.ts reduces every URL before it is written.
import { knownReferrer } from './referrers';

/**
 * The parameters a stored page URL keeps unless its site names its own list: UTMs
 * (`utm_*`), ad click ids, affiliate sub ids and the publisher code. A name ending in `*`
 * keeps every parameter starting with what precedes it.
 */
export const DEFAULT_KEEP_PARAMS: readonly string[] = [
  'utm_*',
  'gclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'fbclid',
  'ttclid',
  'gad_source',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'subid',
  'clickid',
  'pub',
];

// Caps on what is kept of one visit: a page URL, one kept parameter value, a title.
export const MAX_STORED_URL = 1024;
const MAX_PARAM_VALUE = 200;
export const MAX_STORED_TITLE = 200;

function parse(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

const keeps = (keep: readonly string[], name: string) =>
  keep.some((k) => (k.endsWith('*') ? name.startsWith(k.slice(0, -1)) : name === k));

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
function capped(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * A page URL as stored: origin + path + the kept parameters (names compared lower case,
 * values capped), no fragment, no credentials; null for anything that is not an http(s) URL.
 */
export function storedPageUrl(raw: string | null | undefined, keep: readonly string[] = DEFAULT_KEEP_PARAMS): string | null {
  const url = parse(raw);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (value !== '' && keeps(keep, name.toLowerCase())) kept.append(name, capped(value, MAX_PARAM_VALUE));
  }
  const query = kept.toString();
  const path = `${url.origin}${url.pathname}`;
  if (path.length >= MAX_STORED_URL) return capped(path, MAX_STORED_URL);
  const full = query ? `${path}?${query}` : path;
  // Over the cap, parameters go whole, from the last: a cut value would be a wrong one.
  if (full.length <= MAX_STORED_URL) return full;
  const pairs = query.split('&');
  while (pairs.length > 0 && `${path}?${pairs.join('&')}`.length > MAX_STORED_URL) pairs.pop();
  return pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
}

/**
 * A referrer as stored: its origin, plus the search terms when it is a search engine
 * that passes them (`https://www.bing.com/?q=plumber`), which is all attribution reads
 * of it. Null for none or an unreadable one.
 */
export function storedReferrer(raw: string | null | undefined): string | null {
  const ref = parse(raw);
  // `android-app://com.google.android.gm/` has no web origin; its host names the app.
  const origin = ref?.origin !== 'null' ? ref?.origin : ref.hostname ? `${ref.protocol}//${ref.hostname}` : null;
  if (!ref || !origin) return null;
  const known = knownReferrer(ref.hostname);
  const terms = known?.kind === 'search' && known.query ? ref.searchParams.get(known.query)?.trim() : undefined;
  if (!terms) return origin;
  return `${origin}/?${new URLSearchParams({ [known!.query!]: capped(terms, MAX_PARAM_VALUE) })}`;
}

/** A page title as stored: trimmed and capped; null for none. */
export function storedTitle(raw: string | null | undefined): string | null {
  const t = raw?.trim();
  return t ? capped(t, MAX_STORED_TITLE) : null;
}
