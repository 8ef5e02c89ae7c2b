// Which referrers are search engines and social networks. Pure data and one lookup.
//
// A host pattern is a domain with two optional marks:
//   `*.`   at the start: the domain itself or any subdomain of it (m., l., out., …);
//          without it only the bare domain and its `www.` form match, so that
//          mail.google.com or docs.google.com stay plain referrals;
//   `{tld}` at the end: any country or generic top-level domain (google.co.uk,
//          google.com.au, google.de, yandex.com.tr, …).

export type ReferrerKind = 'search' | 'social';

type Entry = { name: string; kind: ReferrerKind; hosts: string[]; /** where the engine puts the search terms, when it still does */ query?: string };

const ENGINES: Entry[] = [
  // Google's Android app sends `android-app://com.google.android.googlequicksearchbox/`.
  { name: 'google', kind: 'search', hosts: ['google.{tld}', 'com.google.android.googlequicksearchbox'], query: 'q' },
  { name: 'bing', kind: 'search', hosts: ['*.bing.com'], query: 'q' },
  { name: 'yahoo', kind: 'search', hosts: ['*.search.yahoo.{tld}'], query: 'p' },
  { name: 'duckduckgo', kind: 'search', hosts: ['*.duckduckgo.com'], query: 'q' },
  { name: 'yandex', kind: 'search', hosts: ['yandex.{tld}', 'ya.ru'], query: 'text' },
  { name: 'baidu', kind: 'search', hosts: ['*.baidu.com'], query: 'wd' },
  { name: 'ecosia', kind: 'search', hosts: ['ecosia.org'], query: 'q' },
  { name: 'brave', kind: 'search', hosts: ['search.brave.com'], query: 'q' },
  { name: 'startpage', kind: 'search', hosts: ['*.startpage.com'], query: 'query' },
  { name: 'qwant', kind: 'search', hosts: ['qwant.com'], query: 'q' },
  { name: 'aol', kind: 'search', hosts: ['search.aol.com'], query: 'q' },
  { name: 'ask', kind: 'search', hosts: ['ask.com'], query: 'q' },
  { name: 'naver', kind: 'search', hosts: ['*.search.naver.com'], query: 'query' },
  { name: 'seznam', kind: 'search', hosts: ['search.seznam.cz', 'seznam.cz'], query: 'q' },
  { name: 'sogou', kind: 'search', hosts: ['*.sogou.com'], query: 'query' },
  { name: 'kagi', kind: 'search', hosts: ['kagi.com'], query: 'q' },
  { name: 'daum', kind: 'search', hosts: ['search.daum.net'], query: 'q' },
];

const NETWORKS: Entry[] = [
  { name: 'facebook', kind: 'social', hosts: ['*.facebook.com', 'fb.com', 'fb.me', 'com.facebook.katana', '*.messenger.com', 'com.facebook.orca'] },
  { name: 'instagram', kind: 'social', hosts: ['*.instagram.com', 'com.instagram.android'] },
  { name: 'twitter', kind: 'social', hosts: ['t.co', '*.twitter.com', '*.x.com', 'com.twitter.android'] },
  { name: 'linkedin', kind: 'social', hosts: ['*.linkedin.com', 'lnkd.in', 'com.linkedin.android'] },
  { name: 'reddit', kind: 'social', hosts: ['*.reddit.com', 'redd.it'] },
  { name: 'pinterest', kind: 'social', hosts: ['*.pinterest.{tld}', 'pin.it'] },
  { name: 'youtube', kind: 'social', hosts: ['*.youtube.com', 'youtu.be'] },
  { name: 'tiktok', kind: 'social', hosts: ['*.tiktok.com'] },
  { name: 'snapchat', kind: 'social', hosts: ['*.snapchat.com'] },
  { name: 'threads', kind: 'social', hosts: ['*.threads.net', '*.threads.com'] },
  { name: 'quora', kind: 'social', hosts: ['*.quora.com'] },
  { name: 'tumblr', kind: 'social', hosts: ['*.tumblr.com'] },
  { name: 'nextdoor', kind: 'social', hosts: ['*.nextdoor.com'] },
  { name: 'whatsapp', kind: 'social', hosts: ['wa.me', '*.whatsapp.com'] },
  { name: 'telegram', kind: 'social', hosts: ['t.me', 'web.telegram.org'] },
  { name: 'vk', kind: 'social', hosts: ['vk.com', 'm.vk.com'] },
  { name: 'weibo', kind: 'social', hosts: ['*.weibo.com', '*.weibo.cn'] },
];

// Two-letter country codes, the generic TLDs these services use, and the second levels
// countries put them under. Not any word: google.dev and google.evil are nobody's search.
const TLD = '(?:[a-z]{2}|com|net|org|cat|(?:co|com|net|org|ne|or|ac|gov|edu)\\.[a-z]{2})';

function compile(pattern: string): RegExp {
  const anySub = pattern.startsWith('*.');
  const body = (anySub ? pattern.slice(2) : pattern).split('{tld}').map((s) => s.replace(/\./g, '\\.')).join(TLD);
  return new RegExp(`^${anySub ? '(?:[a-z0-9-]+\\.)*' : '(?:www\\.)?'}${body}$`);
}

const TABLE = [...ENGINES, ...NETWORKS].map((e) => ({ ...e, patterns: e.hosts.map(compile) }));

export type KnownReferrer = { name: string; kind: ReferrerKind; query?: string };

/** The search engine or social network a referrer host belongs to, or null for any other site. */
export function knownReferrer(host: string): KnownReferrer | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  const hit = TABLE.find((e) => e.patterns.some((p) => p.test(h)));
  return hit ? { name: hit.name, kind: hit.kind, ...(hit.query ? { query: hit.query } : {}) } : null;
}
