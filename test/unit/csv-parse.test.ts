import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../scripts/csv-parse';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('reads plain fields with LF or CRLF line ends, with or without a final line end', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(fields('a,b\r\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, and skips blank lines', () => {
    expect(fields('a,,c\n\n,,\n')).toEqual([['a', '', 'c'], ['', '', '']]);
    expect(fields('""\n')).toEqual([['']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(fields('"x, y","he said ""hi""","two\r\nlines",""\r\n')).toEqual([['x, y', 'he said "hi"', 'two\r\nlines', '']]);
  });

  it('numbers each record by the line it starts on', () => {
    expect(parseCsv('h\n"a\nb"\n\nc\n').map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('drops a byte-order mark', () => {
    expect(fields('\uFEFFid,to\n1,2')).toEqual([['id', 'to'], ['1', '2']]);
  });

  it('refuses broken quoting with the line it is on', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open')).toThrow('line 2: a quoted field is never closed');
    expect(() => parseCsv('a\n"x"y,1')).toThrow('line 2: text after a closing quote');
    expect(() => parseCsv('a\nx"y"')).toThrow('line 2: a quote inside an unquoted field');
  });
});
