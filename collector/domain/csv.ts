// CSV as RFC 4180 writes it (comma, CRLF, quotes doubled), with a guard against
// formula injection: spreadsheet programs run a cell that starts with = + - @ (or a
// tab, carriage return or line feed that hides one), and a call's keyword or landing page is
// whatever a visitor typed into a URL.

export type CsvValue = string | number | boolean | null | undefined;

/** A text the caller has checked can hold no formula; written without the guard. */
export class CsvToken {
  constructor(readonly text: string) {}
}

// Letters, digits, `_` and `-` cannot call a function or reach another program (no
// parentheses, quotes, `|` or `!`), so an id such as a Google click id, which may start
// with `-`, is safe as it is; the guard would corrupt it.
const TOKEN = /^[A-Za-z0-9_-]*$/;

/** Marks an identifier (click id, provider id) to be written as-is; anything else is guarded as usual. */
export function csvToken(text: string): CsvToken | string {
  return TOKEN.test(text) ? new CsvToken(text) : text;
}

const FORMULA_START = /^[=+\-@\t\r\n]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a spreadsheet would read `text` as a formula, so the guard would change it. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One field: numbers and booleans as written, null as empty, text guarded and quoted. */
export function csvField(value: CsvValue | CsvToken): string {
  if (value === null || value === undefined) return '';
  if (value instanceof CsvToken) return value.text;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(startsLikeFormula(value) ? `'${value}` : value);
}

/** One record, ended by CRLF. */
export function csvLine(values: readonly (CsvValue | CsvToken)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
