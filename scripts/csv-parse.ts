// A small RFC 4180 reader for carriers' call logs: comma-separated fields, records
// ended by CRLF or LF, fields in double quotes may hold commas, line breaks and
// doubled quotes (""). Blank lines are skipped; a leading byte-order mark is dropped.

export type CsvRecord = {
  /** The line of the file the record starts on (1-based), for messages people can act on. */
  line: number;
  fields: string[];
};

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    quoted = false;
  };

  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '"' && field === '' && !quoted) {
      // A quoted field runs to the next quote that is not doubled.
      quoted = true;
      const startLine = line;
      i++;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError('a quoted field is never closed', startLine);
        const q = input[i]!;
        i++;
        if (q === '"') {
          if (input[i] !== '"') break;
          i++;
        } else if (q === '\n') {
          line++;
        }
        field += q;
      }
      const next = input[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError('text after a closing quote (write a quote inside a quoted field as "")', line);
      }
    } else if (ch === ',') {
      endField();
      quoted = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else if (ch === '"') {
      throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field and write the quote as "")', line);
    } else {
      field += ch;
      i++;
    }
  }
  if (fields.length > 0 || field !== '' || quoted) endRecord();
  return records;
}
