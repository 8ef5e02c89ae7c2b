// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { numberSwapper } from '../../snippet/matcher';

const swap = numberSwapper([['+18005550100', '+18005550123']]);

describe('numberSwapper: formats that swap, each keeping its format', () => {
  it.each([
    ['(800) 555-0100', '(800) 555-0123'],
    ['800-555-0100', '800-555-0123'],
    ['800.555.0100', '800.555.0123'],
    ['800 555 0100', '800 555 0123'],
    ['+1 800 555 0100', '+1 800 555 0123'],
    ['+1 (800) 555-0100', '+1 (800) 555-0123'],
    ['+1-800-555-0100', '+1-800-555-0123'],
    ['1-800-555-0100', '1-800-555-0123'],
    ['1 (800) 555-0100', '1 (800) 555-0123'],
    ['1.800.555.0100', '1.800.555.0123'],
    ['8005550100', '8005550123'],
    ['18005550100', '18005550123'],
    ['+18005550100', '+18005550123'],
    ['(800)555-0100', '(800)555-0123'],
    ['800\u00a0555\u00a00100', '800\u00a0555\u00a00123'],
    // Dashes other than the hyphen-minus, a slash, and separators of up to three characters.
    ['800\u2013555\u20130100', '800\u2013555\u20130123'], // en dash
    ['800\u2014555\u20140100', '800\u2014555\u20140123'], // em dash
    ['800\u2011555\u20110100', '800\u2011555\u20110123'], // non-breaking hyphen
    ['800\u2010555\u20100100', '800\u2010555\u20100123'], // hyphen
    ['800\u2012555\u20120100', '800\u2012555\u20120123'], // figure dash
    ['800\u2015555\u20150100', '800\u2015555\u20150123'], // horizontal bar
    ['1\u2013800\u2013555\u20130100', '1\u2013800\u2013555\u20130123'],
    ['(800) 555\u20130100', '(800) 555\u20130123'],
    ['800/555-0100', '800/555-0123'],
    ['800/555/0100', '800/555/0123'],
    ['(800)/555-0100', '(800)/555-0123'],
    ['800 - 555 - 0100', '800 - 555 - 0123'],
    ['800 \u2013 555 \u2013 0100', '800 \u2013 555 \u2013 0123'],
    ['1 - 800 - 555 - 0100', '1 - 800 - 555 - 0123'],
    ['+1 - 800 - 555 - 0100', '+1 - 800 - 555 - 0123'],
    ['800 / 555 - 0100', '800 / 555 - 0123'],
    ['800 . 555 . 0100', '800 . 555 . 0123'],
  ])('%s', (page, expected) => {
    expect(swap(page)).toBe(expected);
    expect(swap(`Call us: ${page}.`)).toBe(`Call us: ${expected}.`);
  });
});

describe('numberSwapper: look-alikes that stay', () => {
  it.each([
    ['another number', '(800) 555-0199'],
    ['another area code', '(801) 555-0100'],
    ['the 7-digit local part alone', '555-0100'],
    ['a longer run of digits', '180055501001'],
    ['digits before', '918005550100'],
    ['an order number that contains it', '2800-555-0100'],
    ['a longer dashed number', '800-555-0100-22'],
    ['a longer dotted number', '1.800.555.0100.5'],
    ['a dashed prefix', '44-800-555-0100'],
    ['letters glued before', 'SKU8005550100'],
    ['letters glued after', '8005550100x'],
    ['a decimal', '8005550100.25'],
    ['a longer en-dashed number', '800\u2013555\u20130100\u201322'],
    ['an en-dashed prefix', '44\u2013800\u2013555\u20130100'],
    ['a non-breaking-hyphenated prefix', '44\u2011800\u2011555\u20110100'],
    ['a longer slashed number', '800/555/0100/22'],
    ['a slashed prefix', '44/800/555/0100'],
    ['a path that contains it', '/calls/8005550100/'],
    ['more than three separators', '800 -- 555 -- 0100'],
    ['a longer number with spaced dashes', '800 - 555 - 0100-22'],
    ['another number with en dashes', '800\u2013555\u20130199'],
    ['a date', '2026-05-01'],
    ['a date with slashes', '05/01/2026'],
  ])('%s: %s', (_what, page) => {
    expect(swap(page)).toBe(page);
  });

  it('swaps next to an em dash or a separated slash in running text', () => {
    expect(swap('Call us\u2014(800) 555-0100\u2014any time')).toBe('Call us\u2014(800) 555-0123\u2014any time');
    expect(swap('Call us \u2013 800\u2013555\u20130100 \u2013 any time')).toBe('Call us \u2013 800\u2013555\u20130123 \u2013 any time');
    expect(swap('Phone 800/555-0100 / Fax 800/555-0199')).toBe('Phone 800/555-0123 / Fax 800/555-0199');
  });

  it('leaves text without numbers as the same string', () => {
    const text = 'Open 9-5, Monday to Friday.';
    expect(swap(text)).toBe(text);
  });

  it('swaps nothing when there is nothing to swap', () => {
    expect(numberSwapper([])('Call (800) 555-0100')).toBe('Call (800) 555-0100');
  });
});

describe('numberSwapper: text around numbers', () => {
  it('swaps every occurrence, in different formats, in one text', () => {
    expect(swap('Call (800) 555-0100 or 1-800-555-0100, text 8005550100')).toBe(
      'Call (800) 555-0123 or 1-800-555-0123, text 8005550123',
    );
  });

  it('swaps a number next to other digits separated by spaces', () => {
    expect(swap('Call 800 555 0100 24 hours a day')).toBe('Call 800 555 0123 24 hours a day');
    expect(swap('Line 2 800 555 0100')).toBe('Line 2 800 555 0123');
    expect(swap('800 555 0100 800 555 0100')).toBe('800 555 0123 800 555 0123');
  });

  it('swaps at the very start and end of a text and inside punctuation', () => {
    expect(swap('8005550100')).toBe('8005550123');
    expect(swap('(800-555-0100)')).toBe('(800-555-0123)');
    expect(swap('"800.555.0100"')).toBe('"800.555.0123"');
    expect(swap('Tel:800-555-0100;')).toBe('Tel:800-555-0123;');
  });

  it('swaps tel: URLs in any format, keeping extensions', () => {
    expect(swap('tel:+18005550100')).toBe('tel:+18005550123');
    expect(swap('tel:8005550100')).toBe('tel:8005550123');
    expect(swap('tel:+1-800-555-0100')).toBe('tel:+1-800-555-0123');
    expect(swap('tel:(800) 555-0100')).toBe('tel:(800) 555-0123');
    expect(swap('tel:+18005550100;ext=12')).toBe('tel:+18005550123;ext=12');
    expect(swap('tel:+18005550100,12')).toBe('tel:+18005550123,12');
    expect(swap('tel:+18005550199')).toBe('tel:+18005550199');
  });
});

describe('numberSwapper: several numbers', () => {
  const sales = '+18005550100';
  const support = '+18885550177';
  const both = numberSwapper([
    [sales, '+14155550101'],
    [support, '+14155550202'],
  ]);

  it('swaps each business number to its own tracking number', () => {
    expect(both('Sales (800) 555-0100, support 888.555.0177')).toBe('Sales (415) 555-0101, support 415.555.0202');
  });

  it('moves a page already showing an older tracking number to the new one', () => {
    const moved = numberSwapper([
      [sales, '+14155550102'],
      ['+14155550101', '+14155550102'],
    ]);
    expect(moved('Sales (415) 555-0101')).toBe('Sales (415) 555-0102');
    expect(moved('Sales (800) 555-0100')).toBe('Sales (415) 555-0102');
  });
});

describe('numberSwapper: numbers outside North America', () => {
  const london = numberSwapper([['+442079460000', '+442079460123']]);

  it.each([
    ['+44 20 7946 0000', '+44 20 7946 0123'],
    ['+44 (20) 7946-0000', '+44 (20) 7946-0123'],
    ['+442079460000', '+442079460123'],
    ['tel:+442079460000', 'tel:+442079460123'],
  ])('swaps the international format %s', (page, expected) => {
    expect(london(page)).toBe(expected);
  });

  it.each(['020 7946 0000', '+44 20 7946 0999', '+1 2079460000'])('leaves %s alone (national formats are not guessed)', (page) => {
    expect(london(page)).toBe(page);
  });

  it('writes the whole E.164 number when the two numbers differ in length', () => {
    expect(numberSwapper([['+442079460000', '+4479460123']])('Call +44 20 7946 0000')).toBe('Call +4479460123');
  });
});
