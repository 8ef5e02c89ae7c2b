// A stand-in for a libSQL server (sqld / Turso) on this machine: the Hrana protocol
// over HTTP, version 2 with JSON bodies (what @libsql/client/web speaks to a server
// that offers no v3), executed on a local SQLite file through @libsql/client. Only
// for tests: it lets the Workers entry's libSQL mode (DNI_DATABASE_URL) run the HTTP
// contract without a network. One request at a time, so a batch's BEGIN…COMMIT is
// never interleaved with another client's statements.
import { createServer, type IncomingMessage } from 'node:http';
import { createClient, type InArgs, type InValue, type ResultSet, type Transaction } from '@libsql/client';

type ProtoValue = { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number } | { type: 'text'; value: string } | { type: 'blob'; base64: string };
type Stmt = { sql?: string; sql_id?: number; args?: ProtoValue[]; named_args?: { name: string; value: ProtoValue }[]; want_rows?: boolean };
type Cond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] }
  | { type: 'is_autocommit' };
type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: { steps: { condition?: Cond; stmt: Stmt }[] } }
  | { type: 'sequence'; sql: string }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
  | { type: 'get_autocommit' };

const fromProto = (v: ProtoValue): InValue => {
  switch (v.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return v.value;
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.base64, 'base64');
  }
};

const toProto = (v: unknown): ProtoValue => {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { type: 'blob', base64: Buffer.from(v as ArrayBuffer).toString('base64') };
  return { type: 'text', value: String(v) };
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => ok(body));
    req.on('error', fail);
  });
}

/** Serves the SQLite file at `path` as a libSQL server on a free port of 127.0.0.1. */
export async function startHranaServer(path: string) {
  const db = createClient({ url: `file:${path}`, intMode: 'bigint' });
  let tx: Transaction | undefined;
  // SQL texts a stream stored by id (each pipeline here is a new stream).
  const stored = new Map<number, string>();

  async function execute(stmt: Stmt) {
    const args: InArgs = stmt.named_args?.length
      ? Object.fromEntries(stmt.named_args.map((a) => [a.name.replace(/^[:@$]/, ''), fromProto(a.value)]))
      : (stmt.args ?? []).map(fromProto);
    const sql = stmt.sql ?? stored.get(stmt.sql_id ?? -1) ?? '';
    // The client's execute() does not keep a transaction open between calls, so
    // BEGIN … COMMIT maps onto its transaction object.
    const control = /^\s*(BEGIN|COMMIT|END|ROLLBACK)\b/i.exec(sql)?.[1]?.toUpperCase();
    if (control) {
      if (control === 'BEGIN') {
        if (tx) throw new Error('cannot start a transaction within a transaction');
        tx = await db.transaction(/\b(DEFERRED)\b/i.test(sql) ? 'deferred' : 'write');
      } else {
        if (!tx) throw new Error(`cannot ${control.toLowerCase()} - no transaction is active`);
        const done = tx;
        tx = undefined;
        if (control === 'ROLLBACK') await done.rollback();
        else await done.commit();
      }
      return { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: null };
    }
    const rs: ResultSet = await (tx ?? db).execute({ sql, args });
    return {
      cols: rs.columns.map((name, i) => ({ name, decltype: rs.columnTypes[i] || null })),
      rows: stmt.want_rows === false ? [] : rs.rows.map((row) => Array.from({ length: rs.columns.length }, (_, i) => toProto(row[i]))),
      affected_row_count: rs.rowsAffected,
      last_insert_rowid: rs.lastInsertRowid === undefined ? null : rs.lastInsertRowid.toString(),
    };
  }

  const failure = (err: unknown) => ({ message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code ?? 'SQLITE_ERROR' });

  async function batch(steps: { condition?: Cond; stmt: Stmt }[]) {
    const results: (Awaited<ReturnType<typeof execute>> | null)[] = [];
    const errors: (ReturnType<typeof failure> | null)[] = [];
    const holds = (c: Cond): boolean => {
      switch (c.type) {
        case 'ok':
          return results[c.step] != null;
        case 'error':
          return errors[c.step] != null;
        case 'not':
          return !holds(c.cond);
        case 'and':
          return c.conds.every(holds);
        case 'or':
          return c.conds.some(holds);
        case 'is_autocommit':
          return tx === undefined;
      }
    };
    for (const step of steps) {
      if (step.condition && !holds(step.condition)) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        results.push(await execute(step.stmt));
        errors.push(null);
      } catch (err) {
        results.push(null);
        errors.push(failure(err));
      }
    }
    return { step_results: results, step_errors: errors };
  }

  async function handle(request: StreamRequest) {
    try {
      switch (request.type) {
        case 'close':
          return { type: 'ok', response: { type: 'close' } };
        case 'execute':
          return { type: 'ok', response: { type: 'execute', result: await execute(request.stmt) } };
        case 'batch':
          return { type: 'ok', response: { type: 'batch', result: await batch(request.batch.steps) } };
        case 'sequence':
          await db.executeMultiple(request.sql);
          return { type: 'ok', response: { type: 'sequence' } };
        case 'store_sql':
          stored.set(request.sql_id, request.sql);
          return { type: 'ok', response: { type: 'store_sql' } };
        case 'close_sql':
          stored.delete(request.sql_id);
          return { type: 'ok', response: { type: 'close_sql' } };
        case 'get_autocommit':
          return { type: 'ok', response: { type: 'get_autocommit', is_autocommit: tx === undefined } };
        default:
          return { type: 'error', error: { message: `Unsupported request ${(request as { type: string }).type}`, code: 'UNSUPPORTED' } };
      }
    } catch (err) {
      return { type: 'error', error: failure(err) };
    }
  }

  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/v2/pipeline') {
      const work = queue.then(async () => {
        const body = JSON.parse(await readBody(req)) as { baton?: string | null; requests: StreamRequest[] };
        stored.clear();
        const results = [];
        for (const r of body.requests) results.push(await handle(r));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ baton: null, base_url: null, results }));
      });
      queue = work.catch((err) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
      return;
    }
    // No v3 endpoints: the client falls back to v2.
    res.writeHead(req.method === 'GET' && url.pathname === '/v2' ? 200 : 404);
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          ok();
        });
      }),
  };
}
