import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, csvToken } from '../../collector/domain/csv';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rinside', '"cr\rinside"'],
    ['', ''],
  ])('quotes %j only when it must', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+14155550199', "'+14155550199"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['\n=1+1', `"'\n=1+1"`],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['a=1', 'a=1'],
  ])('guards a cell a spreadsheet would run: %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes numbers, booleans and nothing as they are', () => {
    expect([csvField(2500), csvField(-3), csvField(0.25), csvField(true), csvField(false), csvField(null), csvField(undefined)]).toEqual([
      '2500', '-3', '0.25', 'true', 'false', '', '',
    ]);
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
  });

  it('writes an id token unguarded, and guards a look-alike that is not one', () => {
    expect(csvField(csvToken('-Cj0KCQ_abc'))).toBe('-Cj0KCQ_abc');
    expect(csvField(csvToken('=1+1'))).toBe("'=1+1");
    expect(csvField(csvToken('-2+3'))).toBe("'-2+3");
  });

  it('ends a line with CRLF', () => {
    expect(csvLine(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });

  it('never lets a text field start with a formula character, and reads back to the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const field = csvField(text);
        const unquoted = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
        expect(unquoted).toMatch(/^(?![=+\-@\t\r])/);
        expect(unquoted === text || unquoted === `'${text}`).toBe(true);
        if (!field.startsWith('"')) expect(field).not.toMatch(/[",\r\n]/);
      }),
    );
  });
});
