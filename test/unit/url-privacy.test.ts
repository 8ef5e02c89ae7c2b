// What of a visitor's URLs, referrers and titles is stored (collector/domain/url-privacy.ts).
import { describe, expect, it } from 'vitest';
import { MAX_STORED_TITLE, MAX_STORED_URL, storedPageUrl, storedReferrer, storedTitle } from '../../collector/domain/url-privacy';

describe('storedPageUrl', () => {
  it('keeps origin, path and the marketing parameters, and drops the rest, the fragment and credentials', () => {
    expect(storedPageUrl('https://user:pw@shop.example/quote?email=a%40b.example&phone=5550100&utm_source=google&utm_campaign=Spring+Sale&gclid=abc&card_last4=4242#top')).toBe(
      'https://shop.example/quote?utm_source=google&utm_campaign=Spring+Sale&gclid=abc',
    );
    expect(storedPageUrl('https://shop.example/?sub1=x&subid=y&clickid=z&pub=acme&ttclid=t&fbclid=f&msclkid=m&gbraid=g&wbraid=w&gad_source=1')).toBe(
      'https://shop.example/?sub1=x&subid=y&clickid=z&pub=acme&ttclid=t&fbclid=f&msclkid=m&gbraid=g&wbraid=w&gad_source=1',
    );
    expect(storedPageUrl('https://shop.example/a/b?q=alice+smith')).toBe('https://shop.example/a/b');
  });

  it('matches names case-insensitively and drops empty values', () => {
    expect(storedPageUrl('https://shop.example/?UTM_Source=x&gclid=&Email=e')).toBe('https://shop.example/?UTM_Source=x');
  });

  it("keeps a site's own list instead of the default, with prefixes", () => {
    expect(storedPageUrl('https://shop.example/?ref=abc&utm_source=g&aff_id=1&aff_sub=2', ['ref', 'aff_*'])).toBe('https://shop.example/?ref=abc&aff_id=1&aff_sub=2');
    expect(storedPageUrl('https://shop.example/p?utm_source=g', [])).toBe('https://shop.example/p');
  });

  it('caps each kept value and the whole URL, dropping whole parameters rather than cutting one', () => {
    const long = 'x'.repeat(5000);
    expect(storedPageUrl(`https://shop.example/?utm_term=${long}`)).toBe(`https://shop.example/?utm_term=${'x'.repeat(200)}`);
    const many = Array.from({ length: 10 }, (_, i) => `sub${i % 5 + 1}=${'y'.repeat(190)}`).join('&');
    const stored = storedPageUrl(`https://shop.example/?${many}`)!;
    expect(stored.length).toBeLessThanOrEqual(MAX_STORED_URL);
    expect(stored.split('&').every((p) => p.endsWith('y'.repeat(190)))).toBe(true);
    expect(storedPageUrl(`https://shop.example/${'p'.repeat(3000)}?utm_source=g`)).toHaveLength(MAX_STORED_URL);
  });

  it('answers null for what is not a URL', () => {
    expect(storedPageUrl('not a url')).toBeNull();
    expect(storedPageUrl(undefined)).toBeNull();
  });
});

describe('storedReferrer', () => {
  it("keeps a page's origin only", () => {
    expect(storedReferrer('https://mail.google.com/mail/u/0/#search/alice+smith+quote')).toBe('https://mail.google.com');
    expect(storedReferrer('https://blog.example/2026/my-story?email=a@b.example')).toBe('https://blog.example');
  });

  it("keeps a search engine's terms where it passes them, which attribution reads as the keyword", () => {
    expect(storedReferrer('https://www.bing.com/search?q=emergency+plumber&form=QBLH&cvid=123')).toBe('https://www.bing.com/?q=emergency+plumber');
    expect(storedReferrer('https://www.google.com/')).toBe('https://www.google.com');
  });

  it('keeps an app referrer as the app it names, and nothing for none', () => {
    expect(storedReferrer('android-app://com.google.android.gm/path?x=1')).toBe('android-app://com.google.android.gm');
    expect(storedReferrer('')).toBeNull();
    expect(storedReferrer(null)).toBeNull();
    expect(storedReferrer('nonsense')).toBeNull();
  });
});

describe('storedTitle', () => {
  it('trims and caps a title, and keeps none for a blank one', () => {
    expect(storedTitle('  Pricing ')).toBe('Pricing');
    expect(storedTitle('t'.repeat(1000))).toHaveLength(MAX_STORED_TITLE);
    expect(storedTitle('   ')).toBeNull();
    expect(storedTitle(null)).toBeNull();
  });
});
