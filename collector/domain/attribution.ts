// Turns a landing URL and referrer into the session's source, medium, campaign,
// keyword, click ids and referrer class. Pure: the server calls it, the snippet never
// parses attribution. The rules are written out in docs/attribution.md.
import { knownReferrer } from './referrers';
import { MAX_STORED_URL, storedReferrer } from './url-privacy';

export const clickIdNames = ['gclid', 'gbraid', 'wbraid', 'msclkid', 'fbclid', 'ttclid'] as const;
export type ClickIdName = (typeof clickIdNames)[number];
export type ClickIds = Partial<Record<ClickIdName, string>>;

/** The ad network and medium a click id stands for when the URL has no utm_source. */
const CLICK_ID_SOURCE: Record<ClickIdName, string> = {
  gclid: 'google',
  gbraid: 'google',
  wbraid: 'google',
  msclkid: 'bing',
  fbclid: 'facebook',
  ttclid: 'tiktok',
};

/** What a tagged URL says for a source or medium it does not name. */
export const NOT_SET = '(not set)';

// clickid: a publisher's own click id, sent back to it in postbacks ({click_id}).
const SUB_ID_NAMES = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'subid', 'clickid'] as const;

export type ReferrerClass = 'search' | 'social' | 'referral' | 'internal' | 'direct';

export type Visit = {
  source: string;
  medium: string;
  campaign: string | null;
  keyword: string | null;
  content: string | null;
  /**
   * Codes that may name a publisher, best first: `pub=`, then `utm_source` (a publisher
   * may tag its traffic either way). The caller keeps the first that is a known
   * publisher of the account: a lookup this pure function cannot do.
   */
  publisherCandidates: string[];
  landingPage: string | null;
  referrer: string | null;
  referrerClass: ReferrerClass;
  clickIds: ClickIds;
  /** Affiliate sub ids (sub1…sub5, subid) and the publisher's clickid. */
  tags: Record<string, string>;
  /** The URL carries campaign parameters (utm_*, a click id or pub=): a deliberate new touch. */
  tagged: boolean;
};

export type VisitInput = { url: string; referrer?: string | null; siteDomains: string[] };

// Stored values are capped: a URL may be 4 KiB, a keyword needs far less.
const MAX_VALUE = 500;

function safeUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function param(params: URLSearchParams, name: string): string | null {
  const v = params.get(name)?.trim();
  return v ? v.slice(0, MAX_VALUE) : null;
}

const lower = (v: string | null) => v?.toLowerCase() ?? null;

function isSiteHost(host: string, siteDomains: string[]): boolean {
  return siteDomains.some((d) => host === d || host.endsWith(`.${d}`));
}

type Derived = { source: string; medium: string; referrerClass: ReferrerClass; keyword: string | null };

/** Source and medium the referrer alone implies. `android-app://` referrers name the app as host. */
function fromReferrer(ref: URL | null, internal: boolean): Derived {
  if (!ref) return { source: '(direct)', medium: '(none)', referrerClass: 'direct', keyword: null };
  if (internal) return { source: '(direct)', medium: '(none)', referrerClass: 'internal', keyword: null };
  const host = ref.hostname.toLowerCase();
  const known = knownReferrer(host);
  if (!known) return { source: host.replace(/^www\./, ''), medium: 'referral', referrerClass: 'referral', keyword: null };
  if (known.kind === 'social') return { source: known.name, medium: 'social', referrerClass: 'social', keyword: null };
  const terms = known.query ? param(ref.searchParams, known.query) : null;
  return { source: known.name, medium: 'organic', referrerClass: 'search', keyword: terms };
}

export function parseVisit(input: VisitInput): Visit {
  const url = safeUrl(input.url);
  const ref = safeUrl(input.referrer);
  const q = url?.searchParams ?? new URLSearchParams();
  const domains = input.siteDomains.map((d) => d.toLowerCase());
  const refHost = ref?.hostname.toLowerCase() ?? '';
  const internal = ref !== null && (isSiteHost(refHost, domains) || refHost === url?.hostname.toLowerCase());

  const clickIds: ClickIds = {};
  for (const name of clickIdNames) {
    const v = param(q, name);
    if (v) clickIds[name] = v;
  }
  const tags: Record<string, string> = {};
  for (const name of SUB_ID_NAMES) {
    const v = param(q, name);
    if (v) tags[name] = v;
  }
  const utm = {
    source: lower(param(q, 'utm_source')),
    medium: lower(param(q, 'utm_medium')),
    campaign: param(q, 'utm_campaign'),
    term: param(q, 'utm_term'),
    content: param(q, 'utm_content'),
  };
  const publisherCode = lower(param(q, 'pub'));
  const firstClickId = clickIdNames.find((n) => clickIds[n]);
  // Google Ads adds gad_source to its clicks, and it survives where the gclid is
  // stripped (Safari's link tracking protection, some redirects).
  const adNetwork = firstClickId ? CLICK_ID_SOURCE[firstClickId] : param(q, 'gad_source') ? 'google' : null;
  const referred = fromReferrer(ref, internal);

  // The URL's own parameters outrank the referrer: a click id names its ad network,
  // pub= names an affiliate; only then does the referrer speak.
  const implied = adNetwork
    ? { source: adNetwork, medium: 'cpc' }
    : publisherCode
      ? { source: publisherCode, medium: 'affiliate' }
      : referred.medium !== '(none)'
        ? referred
        : null;
  const anyUtm = Object.values(utm).some((v) => v !== null);

  let source: string;
  let medium: string;
  if (utm.source) {
    // A utm_source with no utm_medium never borrows the referrer's medium: newsletter/organic would be a lie.
    source = utm.source;
    medium = utm.medium ?? (adNetwork ? 'cpc' : publisherCode ? 'affiliate' : NOT_SET);
  } else if (implied) {
    source = implied.source;
    medium = utm.medium ?? implied.medium;
  } else if (anyUtm) {
    source = NOT_SET;
    medium = utm.medium ?? NOT_SET;
  } else {
    source = '(direct)';
    medium = '(none)';
  }

  return {
    source,
    medium,
    campaign: utm.campaign,
    keyword: utm.term ?? (source === referred.source ? referred.keyword : null),
    content: utm.content,
    publisherCandidates: [...new Set([publisherCode, utm.source].filter((c): c is string => c !== null))],
    landingPage: url ? `${url.origin}${url.pathname}`.slice(0, MAX_STORED_URL) : null,
    // Origin (+ search terms) only: the rest of a referrer is the referring page's business.
    referrer: storedReferrer(input.referrer),
    referrerClass: referred.referrerClass,
    clickIds,
    tags,
    tagged: anyUtm || firstClickId !== undefined || publisherCode !== null,
  };
}

/** A visit that names no source of its own: no campaign parameters and no outside referrer. */
export const isDirect = (v: { source: string }) => v.source === '(direct)';
