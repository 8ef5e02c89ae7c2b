// The visit parser against real-world landing URLs and referrers: ad clicks with and
// without UTMs, search engines in many countries, social networks and their
// redirectors, affiliates, the site's own pages, and malformed input.
import { describe, expect, it } from 'vitest';
import { isDirect, parseVisit, type Visit } from '../../collector/domain/attribution';

const SITE = ['shop.example'];
const parse = (url: string, referrer: string | null = null) => parseVisit({ url, referrer, siteDomains: SITE });

type Case = [name: string, url: string, referrer: string | null, expected: Partial<Visit>];

const cases: Case[] = [
  // Paid search: click ids imply the network and cpc when UTMs are missing.
  ['Google Ads auto-tagging (gclid only)', 'https://shop.example/plumbing?gclid=Cj0KCQjw8J2xBhCsARIsAB', 'https://www.google.com/',
    { source: 'google', medium: 'cpc', referrerClass: 'search', clickIds: { gclid: 'Cj0KCQjw8J2xBhCsARIsAB' }, tagged: true }],
  ['Google Ads with manual UTMs and gclid', 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring_sale&utm_term=emergency+plumber&utm_content=ad1&gclid=abc', 'https://www.google.com/',
    { source: 'google', medium: 'cpc', campaign: 'spring_sale', keyword: 'emergency plumber', content: 'ad1', clickIds: { gclid: 'abc' } }],
  ['Google Ads iOS app-to-web (gbraid)', 'https://shop.example/?gbraid=0AAAAADfVb4', null, { source: 'google', medium: 'cpc', referrerClass: 'direct', clickIds: { gbraid: '0AAAAADfVb4' } }],
  ['Google Ads iOS web-to-app (wbraid)', 'https://shop.example/?wbraid=CjkKCQjw', null, { source: 'google', medium: 'cpc', clickIds: { wbraid: 'CjkKCQjw' } }],
  ['Google Ads final URL suffix with campaign only', 'https://shop.example/?gclid=x1&utm_campaign=brand', null, { source: 'google', medium: 'cpc', campaign: 'brand' }],
  ['Microsoft Ads auto-tagging with UTMs', 'https://shop.example/?msclkid=9f1c&utm_source=bing&utm_medium=cpc&utm_campaign=Brand&utm_term=plumber%20near%20me', 'https://www.bing.com/',
    { source: 'bing', medium: 'cpc', campaign: 'Brand', keyword: 'plumber near me', clickIds: { msclkid: '9f1c' } }],
  ['Microsoft Ads msclkid only', 'https://shop.example/?msclkid=9f1c', 'https://www.bing.com/', { source: 'bing', medium: 'cpc', referrerClass: 'search' }],
  ['Meta ad via l.facebook.com', 'https://shop.example/?fbclid=IwAR2xYz', 'https://l.facebook.com/', { source: 'facebook', medium: 'cpc', referrerClass: 'social', clickIds: { fbclid: 'IwAR2xYz' } }],
  ['Meta ad with paid_social UTMs', 'https://shop.example/?utm_source=facebook&utm_medium=paid_social&utm_campaign=Summer&fbclid=IwAR', 'https://m.facebook.com/',
    { source: 'facebook', medium: 'paid_social', campaign: 'Summer' }],
  ['TikTok ad (ttclid)', 'https://shop.example/?ttclid=E.C.P.abc', 'https://www.tiktok.com/', { source: 'tiktok', medium: 'cpc', clickIds: { ttclid: 'E.C.P.abc' } }],
  ['Two click ids: gclid wins', 'https://shop.example/?msclkid=m&gclid=g', null, { source: 'google', medium: 'cpc', clickIds: { gclid: 'g', msclkid: 'm' } }],
  ['utm_source with a click id but no utm_medium', 'https://shop.example/?utm_source=adwords&gclid=g', null, { source: 'adwords', medium: 'cpc' }],
  ['Google Ads click whose gclid Safari stripped (gad_source stays)', 'https://shop.example/?gad_source=1', 'https://www.google.com/', { source: 'google', medium: 'cpc', clickIds: {} }],
  ['gad_source with a utm_source but no medium', 'https://shop.example/?utm_source=brand&gad_source=1', null, { source: 'brand', medium: 'cpc' }],

  // Organic search, across country domains and apps.
  ['google.com', 'https://shop.example/', 'https://www.google.com/', { source: 'google', medium: 'organic', referrerClass: 'search', keyword: null, tagged: false }],
  ['google.co.uk', 'https://shop.example/', 'https://www.google.co.uk/', { source: 'google', medium: 'organic' }],
  ['google.com.au', 'https://shop.example/', 'https://www.google.com.au/', { source: 'google', medium: 'organic' }],
  ['google.de without www', 'https://shop.example/', 'https://google.de/', { source: 'google', medium: 'organic' }],
  ['google over http', 'https://shop.example/', 'http://www.google.ca/', { source: 'google', medium: 'organic' }],
  ['Google search app on Android', 'https://shop.example/', 'android-app://com.google.android.googlequicksearchbox/', { source: 'google', medium: 'organic', referrerClass: 'search' }],
  ['Bing keeps the query', 'https://shop.example/', 'https://www.bing.com/search?q=water+heater+repair&form=QBLH', { source: 'bing', medium: 'organic', keyword: 'water heater repair' }],
  ['Yahoo', 'https://shop.example/', 'https://search.yahoo.com/', { source: 'yahoo', medium: 'organic' }],
  ['Yahoo UK', 'https://shop.example/', 'https://uk.search.yahoo.com/', { source: 'yahoo', medium: 'organic' }],
  ['Yahoo click redirector', 'https://shop.example/', 'https://r.search.yahoo.com/_ylt=AwrE/RV=2/RE=1/RO=10/RU=https%3a%2f%2fshop.example%2f', { source: 'yahoo', medium: 'organic' }],
  ['Yahoo Japan', 'https://shop.example/', 'https://search.yahoo.co.jp/search?p=%E6%B0%B4%E9%81%93', { source: 'yahoo', medium: 'organic', keyword: '水道' }],
  ['DuckDuckGo', 'https://shop.example/', 'https://duckduckgo.com/', { source: 'duckduckgo', medium: 'organic' }],
  ['DuckDuckGo html', 'https://shop.example/', 'https://html.duckduckgo.com/', { source: 'duckduckgo', medium: 'organic' }],
  ['Yandex with its query', 'https://shop.example/', 'https://yandex.ru/search/?text=%D1%81%D0%B0%D0%BD%D1%82%D0%B5%D1%85%D0%BD%D0%B8%D0%BA', { source: 'yandex', medium: 'organic', keyword: 'сантехник' }],
  ['Yandex Turkey', 'https://shop.example/', 'https://yandex.com.tr/', { source: 'yandex', medium: 'organic' }],
  ['Baidu', 'https://shop.example/', 'https://www.baidu.com/link?url=abc', { source: 'baidu', medium: 'organic' }],
  ['Ecosia', 'https://shop.example/', 'https://www.ecosia.org/', { source: 'ecosia', medium: 'organic' }],
  ['Brave Search', 'https://shop.example/', 'https://search.brave.com/', { source: 'brave', medium: 'organic' }],
  ['Naver', 'https://shop.example/', 'https://search.naver.com/search.naver?query=plumber', { source: 'naver', medium: 'organic', keyword: 'plumber' }],
  ['Startpage', 'https://shop.example/', 'https://www.startpage.com/', { source: 'startpage', medium: 'organic' }],

  // Social networks and their link shims.
  ['Facebook mobile', 'https://shop.example/', 'https://m.facebook.com/', { source: 'facebook', medium: 'social', referrerClass: 'social' }],
  ['Instagram link shim', 'https://shop.example/', 'https://l.instagram.com/', { source: 'instagram', medium: 'social' }],
  ['Twitter t.co', 'https://shop.example/', 'https://t.co/AbCdEf', { source: 'twitter', medium: 'social' }],
  ['x.com', 'https://shop.example/', 'https://x.com/', { source: 'twitter', medium: 'social' }],
  ['x.com on phones', 'https://shop.example/', 'https://mobile.x.com/', { source: 'twitter', medium: 'social' }],
  ['Threads link shim', 'https://shop.example/', 'https://l.threads.net/', { source: 'threads', medium: 'social' }],
  ['Messenger link shim', 'https://shop.example/', 'https://l.messenger.com/', { source: 'facebook', medium: 'social' }],
  ['LinkedIn', 'https://shop.example/', 'https://www.linkedin.com/', { source: 'linkedin', medium: 'social' }],
  ['LinkedIn short links', 'https://shop.example/', 'https://lnkd.in/e8xYz', { source: 'linkedin', medium: 'social' }],
  ['Reddit outbound', 'https://shop.example/', 'https://out.reddit.com/t3_abc', { source: 'reddit', medium: 'social' }],
  ['Pinterest UK', 'https://shop.example/', 'https://www.pinterest.co.uk/', { source: 'pinterest', medium: 'social' }],
  ['YouTube', 'https://shop.example/', 'https://www.youtube.com/', { source: 'youtube', medium: 'social' }],
  ['TikTok organic (no ttclid)', 'https://shop.example/', 'https://www.tiktok.com/', { source: 'tiktok', medium: 'social' }],
  ['Nextdoor', 'https://shop.example/', 'https://nextdoor.com/', { source: 'nextdoor', medium: 'social' }],

  // Other sites are referrals by host; look-alikes of search and social are not them.
  ['Yelp listing', 'https://shop.example/', 'https://www.yelp.com/biz/shop-plumbing', { source: 'yelp.com', medium: 'referral', referrerClass: 'referral' }],
  ['Gmail on the web is not search', 'https://shop.example/', 'https://mail.google.com/', { source: 'mail.google.com', medium: 'referral' }],
  ['Gmail app', 'https://shop.example/', 'android-app://com.google.android.gm/', { source: 'com.google.android.gm', medium: 'referral' }],
  ['Perplexity', 'https://shop.example/', 'https://www.perplexity.ai/', { source: 'perplexity.ai', medium: 'referral' }],
  ['Look-alike of the site', 'https://shop.example/', 'https://notshop.example/', { source: 'notshop.example', medium: 'referral' }],
  ['Look-alike of google', 'https://shop.example/', 'https://google.com.evil.example/', { source: 'google.com.evil.example', medium: 'referral' }],
  ['google under a made-up top-level domain', 'https://shop.example/', 'https://google.evil/', { source: 'google.evil', medium: 'referral' }],
  ['google.dev is documentation, not search', 'https://shop.example/', 'https://developers.google.dev/', { source: 'developers.google.dev', medium: 'referral' }],
  ['google.dev bare', 'https://shop.example/', 'https://google.dev/', { source: 'google.dev', medium: 'referral' }],

  // Direct and the site's own pages.
  ['No referrer', 'https://shop.example/', null, { source: '(direct)', medium: '(none)', referrerClass: 'direct', tagged: false }],
  ['Empty referrer', 'https://shop.example/', '', { source: '(direct)', medium: '(none)', referrerClass: 'direct' }],
  ['Malformed referrer', 'https://shop.example/', 'not a url', { source: '(direct)', medium: '(none)', referrer: null }],
  ['Own page', 'https://shop.example/contact', 'https://shop.example/services', { source: '(direct)', medium: '(none)', referrerClass: 'internal' }],
  ['Own subdomain', 'https://shop.example/', 'https://blog.shop.example/post', { source: '(direct)', medium: '(none)', referrerClass: 'internal' }],
  ['Same host not listed as a domain', 'https://www2.other.example/', 'https://www2.other.example/a', { source: '(direct)', referrerClass: 'internal' }],

  // Affiliates and partial tagging.
  ['Affiliate pub= with sub ids', 'https://shop.example/?pub=ACME&sub1=abc&sub2=xyz', null,
    { source: 'acme', medium: 'affiliate', publisherCandidates: ['acme'], tags: { sub1: 'abc', sub2: 'xyz' }, tagged: true }],
  ['Affiliate via utm_source and subid', 'https://shop.example/?utm_source=acme&utm_medium=affiliate&subid=123', 'https://deals.example/',
    { source: 'acme', medium: 'affiliate', publisherCandidates: ['acme'], tags: { subid: '123' } }],
  ['pub= and a different utm_source', 'https://shop.example/?pub=acme&utm_source=newsletter', null, { source: 'newsletter', medium: 'affiliate', publisherCandidates: ['acme', 'newsletter'] }],
  ['utm_source only does not borrow the referrer medium', 'https://shop.example/?utm_source=newsletter', 'https://www.google.com/', { source: 'newsletter', medium: '(not set)' }],
  ['utm_medium and campaign without a source', 'https://shop.example/?utm_medium=email&utm_campaign=may', null, { source: '(not set)', medium: 'email', campaign: 'may' }],
  ['utm_campaign on a social referral', 'https://shop.example/?utm_campaign=launch', 'https://www.linkedin.com/', { source: 'linkedin', medium: 'social', campaign: 'launch' }],
  ['Upper-case UTMs: source and medium lowered, campaign kept', 'https://shop.example/?utm_source=Google&utm_medium=CPC&utm_campaign=Spring_Sale', null,
    { source: 'google', medium: 'cpc', campaign: 'Spring_Sale' }],
  ['Padded and empty values', 'https://shop.example/?utm_source=%20google%20&utm_medium=&utm_term=', null, { source: 'google', medium: '(not set)', keyword: null }],
  ['ChatGPT tags its links', 'https://shop.example/?utm_source=chatgpt.com', 'https://chatgpt.com/', { source: 'chatgpt.com', medium: '(not set)' }],
  ['Landing page drops query and fragment', 'https://Shop.Example/a/b?utm_source=x#top', null, { landingPage: 'https://shop.example/a/b' }],
];

describe('parseVisit on real-world landing URLs and referrers', () => {
  it('covers at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s', (_name, url, referrer, expected) => {
    expect(parse(url, referrer)).toMatchObject(expected);
  });
});

describe('parseVisit details', () => {
  it('keeps only the click ids and sub ids present, and nothing else as tags', () => {
    const v = parse('https://shop.example/?gclid=g&sub3=c&utm_source=x&foo=bar');
    expect(v.clickIds).toEqual({ gclid: 'g' });
    expect(v.tags).toEqual({ sub3: 'c' });
  });

  it('caps stored values so a long parameter cannot bloat a session', () => {
    const v = parse(`https://shop.example/?utm_term=${'a'.repeat(2000)}`);
    expect(v.keyword).toHaveLength(500);
  });

  it('survives a URL it cannot parse', () => {
    expect(parse('::::', 'https://www.google.com/')).toMatchObject({ source: 'google', medium: 'organic', landingPage: null, clickIds: {} });
  });

  it('calls a visit direct only without a source of its own', () => {
    expect(isDirect(parse('https://shop.example/'))).toBe(true);
    expect(isDirect(parse('https://shop.example/', 'https://shop.example/x'))).toBe(true);
    expect(isDirect(parse('https://shop.example/?pub=acme'))).toBe(false);
    expect(isDirect(parse('https://shop.example/', 'https://yelp.com/'))).toBe(false);
  });
});
