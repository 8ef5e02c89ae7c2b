// Turns a landing URL and referrer into the session's source, medium, campaign and
// keyword. Pure: the server calls it, the snippet never parses attribution.

export type Visit = {
  source: string;
  medium: string;
  campaign: string | null;
  keyword: string | null;
  content: string | null;
  publisherCode: string | null;
  landingPage: string | null;
  referrer: string | null;
  referrerClass: 'search' | 'social' | 'referral' | 'internal' | 'direct';
  clickIds: Partial<Record<ClickIdName, string>>;
  tags: Record<string, string>;
};

export const clickIdNames = ['gclid', 'gbraid', 'wbraid', 'msclkid', 'fbclid', 'ttclid'] as const;
export type ClickIdName = (typeof clickIdNames)[number];

function safeUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

const param = (u: URL | null, name: string): string | null => {
  const v = u?.searchParams.get(name)?.trim();
  return v ? v : null;
};

export function parseVisit(input: { url: string; referrer?: string | null; siteDomains: string[] }): Visit {
  const url = safeUrl(input.url);
  const ref = safeUrl(input.referrer);
  const clickIds: Visit['clickIds'] = {};
  for (const name of clickIdNames) {
    const v = param(url, name);
    if (v) clickIds[name] = v;
  }
  const internal = ref !== null && input.siteDomains.some((d) => ref.hostname === d || ref.hostname.endsWith(`.${d}`));
  const referrerClass: Visit['referrerClass'] = !ref ? 'direct' : internal ? 'internal' : 'referral';
  const source = param(url, 'utm_source')?.toLowerCase() ?? (ref && !internal ? ref.hostname : '(direct)');
  const medium = param(url, 'utm_medium')?.toLowerCase() ?? (ref && !internal ? 'referral' : '(none)');
  return {
    source,
    medium,
    campaign: param(url, 'utm_campaign'),
    keyword: param(url, 'utm_term'),
    content: param(url, 'utm_content'),
    publisherCode: param(url, 'pub')?.toLowerCase() ?? null,
    landingPage: url ? `${url.origin}${url.pathname}` : null,
    referrer: ref ? ref.href : null,
    referrerClass,
    clickIds,
    tags: {},
  };
}
