// npm run import:calls -- calls.csv
//
// Imports a carrier's call log through the running server's POST /v1/calls, so it
// works the same against the embedded server, a libSQL server or a Workers deployment,
// and every row gets the same checks, attribution and qualification as a live call.
// Needs DNI_API_KEY (an admin key) and DNI_PUBLIC_URL (default http://localhost:8787).
//
// The CSV's header names the columns, as POST /v1/calls names its fields:
//   id,to,from,started_at,duration_s,status,recording_url,caller_city,caller_state,caller_zip,caller_country
// id, to, started_at and status are required; other columns are ignored.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv-parse';

const REQUIRED = ['id', 'to', 'started_at', 'status'] as const;
const OPTIONAL = ['from', 'duration_s', 'recording_url', 'caller_city', 'caller_state', 'caller_zip', 'caller_country'] as const;

export type Rejection = { line: number; id: string | null; reason: string };
export type ImportSummary = { total: number; imported: number; updated: number; rejected: Rejection[] };
export type PostCall = (body: Record<string, unknown>) => Promise<{ status: number; json: unknown }>;

type Row = { line: number; id: string; startedAt: number; body: Record<string, unknown> };

/** ISO 8601 with a zone, or "YYYY-MM-DD HH:MM[:SS]" read as UTC (how most carriers export). */
function startedAt(value: string): string | null {
  const plain = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(value);
  const iso = plain ? `${plain[1]}T${plain[2]}Z` : value;
  return /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) && !Number.isNaN(Date.parse(iso)) ? new Date(Date.parse(iso)).toISOString() : null;
}

/** One record as a POST /v1/calls body, or the reason it cannot be one. */
function toRow(header: string[], record: CsvRecord): Row | Rejection {
  const value = (name: string) => record.fields[header.indexOf(name)]?.trim() ?? '';
  const id = value('id') || null;
  const reject = (reason: string): Rejection => ({ line: record.line, id, reason });
  if (record.fields.length !== header.length) return reject(`has ${record.fields.length} fields, the header has ${header.length}`);
  const missing = REQUIRED.filter((name) => value(name) === '');
  if (missing.length) return reject(`${missing.join(', ')}: required`);
  const at = startedAt(value('started_at'));
  if (!at) return reject(`started_at: not a time with a zone (2026-06-01T15:00:00Z) or a UTC "2026-06-01 15:00:00": ${value('started_at')}`);
  const body: Record<string, unknown> = { id, to: value('to'), started_at: at, status: value('status').toLowerCase() };
  for (const name of OPTIONAL) {
    const v = value(name);
    if (v === '') continue;
    if (name === 'duration_s') {
      if (!/^\d+$/.test(v)) return reject(`duration_s: not whole seconds: ${v}`);
      body.duration_s = Number(v);
    } else {
      body[name] = v;
    }
  }
  return { line: record.line, id: id!, startedAt: Date.parse(at), body };
}

const errorMessage = (json: unknown, status: number) =>
  (json as { error?: { message?: string } } | undefined)?.error?.message ?? `the server answered ${status}`;

/**
 * Imports every row, oldest call first whatever the file's order, so duplicates within
 * the dedupe window are judged as they happened: the first call qualifies, not the last.
 */
export async function importCalls(csv: string, post: PostCall, onProgress: (done: number, total: number) => void = () => {}): Promise<ImportSummary> {
  const [headerRecord, ...records] = parseCsv(csv);
  if (!headerRecord) throw new Error('The file is empty: it needs a header line and rows');
  const header = headerRecord.fields.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length) throw new Error(`The header has no ${missing.join(', ')} column (it has: ${header.join(', ')})`);

  const summary: ImportSummary = { total: records.length, imported: 0, updated: 0, rejected: [] };
  const rows: Row[] = [];
  for (const record of records) {
    const row = toRow(header, record);
    if ('body' in row) rows.push(row);
    else summary.rejected.push(row);
  }
  rows.sort((a, b) => a.startedAt - b.startedAt || a.line - b.line);
  let done = summary.rejected.length;
  onProgress(done, summary.total);
  for (const row of rows) {
    const res = await post(row.body);
    if (res.status === 201) summary.imported++;
    else if (res.status === 200) summary.updated++;
    else summary.rejected.push({ line: row.line, id: row.id, reason: errorMessage(res.json, res.status) });
    onProgress(++done, summary.total);
  }
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;
}

export function formatSummary(s: ImportSummary): string {
  const lines = [`${s.total} rows: ${s.imported} imported, ${s.updated} updated, ${s.rejected.length} rejected`];
  for (const r of s.rejected) lines.push(`  line ${r.line}${r.id ? ` (${r.id})` : ''}: ${r.reason}`);
  return lines.join('\n');
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const file = argv[0];
  if (!file || argv.length > 1) {
    console.error('Usage: npm run import:calls -- calls.csv   (env: DNI_API_KEY, DNI_PUBLIC_URL)');
    return 2;
  }
  const key = env.DNI_API_KEY || env.DNI_ADMIN_KEY;
  if (!key) {
    console.error('Set DNI_API_KEY to an admin API key of the account to import into.');
    return 2;
  }
  const base = (env.DNI_PUBLIC_URL || `http://localhost:${env.PORT || 8787}`).replace(/\/+$/, '');
  const post: PostCall = async (body) => {
    const res = await fetch(`${base}/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.status === 401) throw new Error(`The server refused the key: ${errorMessage(json, res.status)}`);
    return { status: res.status, json };
  };
  // On a terminal the progress line rewrites itself; in a log it is printed every 100 rows.
  const tty = process.stderr.isTTY;
  const progress = (done: number, total: number) => {
    if (tty) process.stderr.write(`\rImporting: ${done}/${total} rows`);
    else if (done === total || done % 100 === 0) process.stderr.write(`Importing: ${done}/${total} rows\n`);
  };
  try {
    const summary = await importCalls(readFileSync(file, 'utf8'), post, progress);
    if (tty) process.stderr.write('\n');
    console.log(formatSummary(summary));
    return summary.rejected.length ? 1 : 0;
  } catch (err) {
    if (tty) process.stderr.write('\n');
    const cause = err instanceof TypeError && err.message === 'fetch failed' ? `No server at ${base}: start it first (npm start)` : err instanceof Error ? err.message : String(err);
    console.error(err instanceof CsvSyntaxError ? `${file}: ${cause}` : cause);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
