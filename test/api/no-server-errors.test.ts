// Property: no endpoint answers 5xx to bad input (API.md: "A 5xx is a bug. A rejected
// request changes nothing."). Every route the app mounts gets random and adversarial
// requests: bodies that are valid but for one or two fields, values of the wrong type,
// huge, unicode, SQL-ish and date-ish strings, numbers JSON cannot hold (1e309),
// malformed JSON, wrong content types, empty and oversized bodies, junk and duplicate
// query parameters, odd path segments, wrong keys, and Twilio forms with a valid
// signature but missing or odd fields. Every answer must be < 500; every error must be
// {"error":{"code","message"}} with the code its status stands for; and a rejected
// request must change no row (row counts of every table, and SQLite's total_changes(),
// before and after). A test checks that every route the app mounts is listed here.
//
// Further down, plain cases: bodies sent without Content-Length (413 without reading them
// whole), signed Twilio webhooks with missing or odd fields, a report over an absurd
// range, and creates that race for one unique value over a database that answers over
// the network (libSQL server, D1), where the property found 5xx answers.
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../collector/app';
import * as schema from '../../collector/db/schema';
import { MAX_BODY_BYTES } from '../../collector/http/body';
import { dimensions } from '../../collector/services/reports/dimensions';
import { twilioSignature } from '../../collector/twilio/signature';
import { ADMIN_KEY, createTestApp, siteWithPool, type TestApp } from '../helpers/app';
import { startTestServer } from '../helpers/server';
import { callSid, TWILIO_ACCOUNT_SID, TWILIO_TOKEN, twilioPost, voiceParams } from '../helpers/twilio';

// FUZZ_RUNS=1000 explores further (minutes; the default keeps the file well under 20 s);
// FUZZ_STATS=1 prints how often each route answered what, to see what the fuzz reaches.
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const FUZZ_STATS = process.env.FUZZ_STATS ? new Map<string, number>() : null;

// ---------------------------------------------------------------------------------------
// Requests and how they are checked
// ---------------------------------------------------------------------------------------

type Req = {
  method: string;
  /** Path and query, sent as is (the URL parser normalises it as a server's would). */
  path: string;
  headers?: Record<string, string | undefined>;
  /** Sent as bytes, so the request carries no content type but the one in `headers`. */
  body?: string | Uint8Array<ArrayBuffer>;
  /** Twilio webhooks: sign the form as Twilio would (`valid`), send no signature, or a wrong one. */
  sign?: 'valid' | 'none' | 'garbage';
};

type Res = { status: number; text: string; json: any; contentType: string | null };

const ERROR_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

let t: TestApp;
let fingerprintSql: string;

async function send(r: Req, app: App = t.app): Promise<Res> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers ?? {})) if (v !== undefined) headers.set(k, v);
  if (r.sign === 'valid') {
    const params = [...new URLSearchParams(typeof r.body === 'string' ? r.body : '')];
    headers.set('x-twilio-signature', await twilioSignature(TWILIO_TOKEN, `${t.config.publicUrl}${r.path}`, params));
  } else if (r.sign === 'garbage') {
    headers.set('x-twilio-signature', 'bm90IGEgc2lnbmF0dXJl');
  }
  const body = typeof r.body === 'string' ? new TextEncoder().encode(r.body) : r.body;
  const res = await app.request(r.path, { method: r.method, headers, body });
  const text = await res.text();
  // Deliveries a write started after its answer finish before anything looks at the rows.
  await t.settle();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, contentType: res.headers.get('content-type') };
}

/** Row counts of every table and the rows changed since the connection opened: a rejected request leaves both alone. */
async function fingerprint(): Promise<string> {
  const [row] = await t.db.all<{ fp: string }>(sql.raw(fingerprintSql));
  return row!.fp;
}

const describeReq = (r: Req) => {
  const body = typeof r.body === 'string' ? JSON.stringify(r.body.slice(0, 300)) : r.body ? `bytes[${[...r.body.slice(0, 40)].join(',')}]` : 'none';
  return `${r.method} ${r.path.slice(0, 300)}${r.path.length > 300 ? '…' : ''} ${JSON.stringify(r.headers ?? {}).slice(0, 300)} body=${body}${(r.body?.length ?? 0) > 300 ? '…' : ''}`;
};

function expectContractError(res: Res, label: string) {
  expect(Object.keys(ERROR_CODES), `${label}\n→ a status the contract does not name: ${res.status}`).toContain(String(res.status));
  expect(res.contentType, label).toMatch(/^application\/json/);
  expect(res.json, `${label}\n→ ${res.text.slice(0, 300)}`).toEqual({ error: expect.objectContaining({ code: ERROR_CODES[res.status], message: expect.any(String) }) });
  expect(Object.keys(res.json.error).filter((k) => !['code', 'message', 'details'].includes(k)), label).toEqual([]);
  expect(res.json.error.message.length, label).toBeGreaterThan(0);
}

/** Sends `r` and checks it against the rule; answers the response for further checks. */
async function exercise(r: Req): Promise<Res> {
  const before = await fingerprint();
  const res = await send(r);
  const label = describeReq(r);
  if (FUZZ_STATS) {
    const key = `${r.method} ${r.path.split('?')[0]!.slice(0, 40)} → ${res.status} ${res.json?.error?.message?.slice(0, 60) ?? ''}`;
    FUZZ_STATS.set(key, (FUZZ_STATS.get(key) ?? 0) + 1);
  }
  expect(res.status, `${label}\n→ ${res.status} ${res.text.slice(0, 500)}`).toBeLessThan(500);
  if (res.status >= 400 && r.method !== 'HEAD') expectContractError(res, label);
  if (res.status >= 400) expect(await fingerprint(), `a rejected request changed rows: ${label}`).toBe(before);
  return res;
}

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

const ODD_STRINGS = [
  '', ' ', '\t\n', '\u0000', 'null', 'undefined', 'true', 'NaN', 'Infinity', '-Infinity', '1e309', '-1', '0', '-0', '0.5', '1.0',
  '9007199254740993', '0x1F', '1_000', ' 42 ', '2026-13-45', '2026-02-30', '2026-02-30T00:00:00Z', '2026-06-01T25:00:00Z',
  '2026-06-01T00:00:00', '0000-01-01', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '+275760-09-13T00:00:00Z',
  '1969-12-31T23:59:59.999Z', "' OR '1'='1", "'; DROP TABLE calls; --", '" OR ""="', "Robert'); DELETE FROM sites;--", '%', '%00',
  '%E0%A4%A', '%%', '../../etc/passwd', '..', '/', '\\', '<script>alert(1)</script>', '${jndi:ldap://x}', '{{7*7}}', '💥🔥',
  '\uD800', '\uDFFF\uD800', 'e\u0301', '\u202Eevil', '\uFEFF', 'Ω≈ç√', '𝕳𝖊𝖑𝖑𝖔', 'ß', 'İ', '+1', '+18005550100', '(800) 555-0100',
  '+999999999999999999999', 'tel:+18005550100', '1-800-FLOWERS', 'anonymous', '+266696687', 'https://', 'javascript:alert(1)',
  'http://[::1', 'http://localhost:99999/', 'data:text/html,<b>x</b>', 'https://shop.example/?utm_source=%E0%A4%A', 'Etc/GMT+14',
  'America/New_York', 'Mars/Olympus_Mons', 'USD', 'usd', 'US$', 'source,source', 'source,,medium', 'source,nope', 'admin',
  'publisher', 'viewer', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'x'.repeat(5000), '😀'.repeat(2000),
];

const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** A JSON number written as is: `1e309` parses to Infinity, `-0` to -0. */
class RawJson {
  constructor(readonly text: string) {}
}

const oddNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 0.5, 2 ** 53, -(2 ** 53), 1e21, 86_401, 1e12, Number.MAX_SAFE_INTEGER + 2),
  fc.constantFrom(new RawJson('1e309'), new RawJson('-1e309'), new RawJson('1E400'), new RawJson('-0'), new RawJson('1e-400'), new RawJson('123456789012345678901234567890')),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddString },
  { weight: 3, arbitrary: oddNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(oddString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom({}, [], [[]], [null], { length: 1 }) },
);

function toJson(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const OMIT = Symbol('omit');
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson);

/** A replacement for one valid field: `bad` (junk by default), nothing, or the same value mutated inside. */
function corrupt(valid: unknown, depth: number, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const options: { weight: number; arbitrary: fc.Arbitrary<unknown> }[] = [
    { weight: 4, arbitrary: bad },
    { weight: 1, arbitrary: fc.constant(OMIT) },
  ];
  if (isPlainObject(valid) && depth < 2) options.push({ weight: 3, arbitrary: mutatedObject(valid, depth + 1, bad) });
  if (Array.isArray(valid) && valid.length > 0 && depth < 2) {
    options.push({ weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...valid), bad), { minLength: 1, maxLength: 6 }) });
  }
  return fc.oneof(...options);
}

/** `valid` as is, or with one or two fields corrupted, and now and then an unknown field. */
function mutatedObject(valid: Record<string, unknown>, depth = 0, bad: fc.Arbitrary<unknown> = junk): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  const none = fc.constant<string[]>([]);
  const picked = keys.length === 0 ? none : fc.oneof({ weight: 1, arbitrary: none }, { weight: 3, arbitrary: fc.subarray(keys, { minLength: 1, maxLength: Math.min(2, keys.length) }) });
  const changes = picked.chain((ks) => fc.tuple(fc.constant(ks), fc.tuple(...ks.map((k) => corrupt(valid[k], depth, bad)))));
  const extra = fc.oneof({ weight: 8, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(oddString, bad, { maxKeys: 2 }) });
  return fc.tuple(changes, extra).map(([[ks, values], more]) => {
    const out: Record<string, unknown> = { ...more, ...valid };
    ks.forEach((k, i) => {
      if (values[i] === OMIT) delete out[k];
      else out[k] = values[i];
    });
    return out;
  });
}

const MALFORMED_JSON = [
  '', ' ', '{', '}', '[', '{"a":}', '{"a":1,}', "{'a':1}", 'nul', 'NaN', 'undefined', '{"a":1}{"b":2}', '\uFEFF{}', '"\\ud800"',
  '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '[1,2', '{"a":"\\u00"}', '\u0000', '{"a":1e309}',
  `{"name":${'['.repeat(30_000)}${']'.repeat(30_000)}}`, `{"x":"${'a'.repeat(MAX_BODY_BYTES)}"}`, '{"a":"\u0000"}',
];

const utf16 = (text: string, bom: boolean) => {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  [...(bom ? '\uFEFF' : ''), ...text].join('').split('').forEach((ch, i) => view.setUint16(i * 2, ch.charCodeAt(0), true));
  return out;
};
/** Bodies that are not UTF-8 text: invalid sequences, UTF-16, a gzip header, NULs. */
const ODD_BYTES = [
  new Uint8Array([0xff, 0xfe, 0xfd]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"a":"\xc3("}
  new Uint8Array([0xed, 0xa0, 0x80]), // an encoded surrogate
  new Uint8Array([0x1f, 0x8b, 0x08, 0x00]),
  new Uint8Array(64),
  utf16('{"name":"x","domains":["x.example"]}', true),
  utf16('{}', false),
];

/** A JSON route's body: mostly `valid` with a field or two corrupted, else junk, malformed text or bytes, nothing or too much. */
const jsonBodyArb = (valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string | Uint8Array<ArrayBuffer> | undefined> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...ODD_BYTES) },
    { weight: 14, arbitrary: valid.chain((v) => mutatedObject(v)).map(toJson) },
    { weight: 1, arbitrary: junk.map(toJson) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const jsonType = fc.oneof(
  { weight: 14, arbitrary: fc.constant<string | undefined>('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined, '', 'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
      'application/json; charset=utf-16', 'APPLICATION/JSON', 'application/json-patch+json', 'application/javascript', ';', 'application/json;;;',
    ),
  },
);

/** Mostly none (the runtime's own), now and then a declared length that lies or is not a number. */
const contentLength = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 1, arbitrary: fc.constantFrom<string | undefined>('abc', '-1', '0', '1e9', '99999999999999999999999', String(MAX_BODY_BYTES + 1), ' 12', '0x10') },
);

/** A path segment: a real id, or an odd one (percent-encoded or raw). */
const safeEncode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
const segment = (real: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...real) },
    { weight: 3, arbitrary: oddString.map(safeEncode) },
    { weight: 2, arbitrary: fc.constantFrom('..', '.', '%', '%%', '%2e%2e', '%2F', '%00', '%E0%A4%A', '%FF', 'ü', '😀', '%F0%9F%98%80', 'a'.repeat(3000), "'%20OR%201=1", 'null', '-1', '1e309', ';', '@', ':') },
  );

/** A query string over `fields` (each with its own values), plus junk and duplicate parameters. */
function queryArb(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const known = keys.length ? [{ weight: 6, arbitrary: fc.constantFrom(...keys).chain((k) => fields[k]!.map((v) => [k, v] as [string, string])) }] : [];
  const pair = fc.oneof(...known, { weight: 1, arbitrary: fc.tuple(oddString, oddString) });
  const encoded = fc.oneof(
    { weight: 6, arbitrary: pair.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...keys, 'x'), fc.constantFrom('%', '%E0%A4%A', '%00', '+', '%2B', '', '=', '%FF', '%20%20')).map(([k, v]) => `${k}=${v}`) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(encoded, { maxLength: 6 }).map((ps) => (ps.length ? `?${ps.join('&')}` : '')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('?', '?&&', '?=', '?==&=x', '?%', `?${'a'.repeat(20_000)}=1`, `?x=${'%FF'.repeat(5000)}`, `?${keys.map((k) => `${k}=1&${k}=2`).join('&')}`),
    },
  );
}

const DAY = 86_400_000;
const inRange = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') });
const dateValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: inRange.map((ms) => new Date(ms).toISOString()) },
  { weight: 2, arbitrary: inRange.map((ms) => new Date(ms).toISOString().slice(0, 10)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '2026-06-01', '2026-05-01T00:00:00-04:00', '2026-02-29', '2028-02-29', '2026-13-01', '2026-06-31', '2026-06-01T24:00:00Z',
      '2026-06-01T00:00:00', '2026-06-01 00:00:00Z', '0000-01-01', '0001-01-01', '0000-01-01T00:00:00Z', '9999-12-31',
      '9999-12-31T23:59:59.999-23:59', '1969-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '2026-06-01T00:00:00.123456789Z',
      'now', '1717200000000', '2026-W22', '2026-152', '2026-03-08T02:30:00-05:00', '2026-11-01',
    ),
  },
  { weight: 1, arbitrary: oddString },
);
const intValue = fc.oneof(
  fc.integer({ min: -5, max: 6000 }).map(String),
  fc.constantFrom('', '0', '-1', '1.5', '1e2', '1e309', 'Infinity', 'NaN', ' 5', '0x10', '5abc', '٣', '99999999999999999999'),
  oddString,
);
const groupByValue = fc.oneof(
  fc.subarray([...dimensions], { minLength: 1 }).map((ds) => ds.join(',')),
  fc.constantFrom('source,source', ' source , medium ', 'source,', ',', 'SOURCE', 'nope', 'source;medium', 'publisher'),
  oddString,
);

// ---------------------------------------------------------------------------------------
// What exists: so path params and ids sometimes hit real rows
// ---------------------------------------------------------------------------------------

type Seed = {
  siteId: string;
  siteKey: string;
  poolId: string;
  sourcePoolId: string;
  publisherId: string;
  callId: string;
  callProviderId: string;
  twilioSid: string;
  sessionId: string;
  visitorId: string;
  viewerKey: string;
  publisherKey: string;
  buyerKey: string;
  adminKeyId: string;
  spareKeyIds: string[];
  /** A site and pool of their own for the routes that edit, archive and remove (the rest keep theirs as they were). */
  spareSiteId: string;
  sparePoolId: string;
  /** A visitor and a caller (with its own visit) that only the erasure routes use: erased by them. */
  spareVisitorIds: string[];
  destinations: Record<'webhooks' | 'postbacks', { id: string; spare: string; delivery: string }>;
  adPlatform: { id: string; spare: string; delivery: string };
  trackingNumbers: string[];
  cursor: string;
  buyerId: string;
  targetId: string;
  /** A buyer and a target of their own for the archiving routes (the buyer's archive takes its targets with it). */
  spareBuyerId: string;
  spareTargetId: string;
  flowId: string;
  twilioCallId: string;
};
let s: Seed;

const SEED_NUMBERS = ['+13125550101', '+13125550102', '+13125550103'];
const SOURCE_NUMBER = '+13125550111';
const SPARE_NUMBERS = ['+13125550121', '+13125550122', '+13125550123'];
const CALLER = '+14155550199';
const SPARE_CALLERS = ['+14155550177', '+14155550178'];

beforeAll(async () => {
  // A rate limit, so the fuzzed sessions run its counting too (past it they only lease nothing).
  t = await createTestApp({ demo: true, twilioAuthToken: TWILIO_TOKEN, sessionRateLimit: 20 });
  const tables = await t.db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`,
  );
  fingerprintSql = `select ${tables.map((r) => `(select count(*) from "${r.name}")`).join(" || ',' || ")} || ',' || total_changes() as fp`;

  const ok = <R extends { status: number; text: string }>(res: R, what: string): R => {
    if (res.status >= 300) throw new Error(`seeding ${what}: ${res.status} ${res.text}`);
    return res;
  };
  const { site, pool } = await siteWithPool(t, { numbers: SEED_NUMBERS, replace: '+18005550199' });
  ok(
    await t.put(`/v1/sites/${site.id}/rules`, { business_hours: { timezone: 'America/Chicago', mon: ['09:00', '17:00'], sat: ['22:00', '02:00'], sun: null }, allowed_regions: ['IL', '312'] }),
    'rules',
  );
  const sourcePool = ok(
    await t.post('/v1/pools', { site: site.id, name: 'Acme', replace: '+18005550198', kind: 'source', match: { publisher: 'acme' }, forward_to: '+18005550100', numbers: [SOURCE_NUMBER] }),
    'source pool',
  ).json;
  const pub = ok(await t.post('/v1/publishers', { name: 'Acme', code: 'acme', payout_cents: 1000 }), 'publisher').json;
  const viewer = ok(await t.post('/v1/api-keys', { role: 'viewer' }), 'viewer key').json;
  const pubKey = ok(await t.post('/v1/api-keys', { role: 'publisher', publisher: pub.id }), 'publisher key').json;
  const spare = ok(await t.post('/v1/api-keys', { role: 'viewer', name: 'spare' }), 'spare key').json;
  const me = ok(await t.get('/v1/me'), 'me').json;
  const visit = ok(
    await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/?utm_source=google&utm_medium=cpc&gclid=g-1' }, { key: null }),
    'session',
  ).json;
  t.clock.advance(60_000);
  const call = ok(
    await t.post('/v1/calls', { id: 'seed-call', to: visit.numbers[0].number, from: CALLER, started_at: new Date(t.clock.now()).toISOString(), duration_s: 95, status: 'completed' }),
    'call',
  ).json;
  ok(await t.post(`/v1/calls/${call.id}/conversion`, { value_cents: 5000 }), 'conversion');
  const twilioSid = callSid();
  ok(await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: twilioSid, From: CALLER, To: SEED_NUMBERS[1]! })), 'twilio call');
  const spareVisitorIds: string[] = [];
  for (const [i, caller] of SPARE_CALLERS.entries()) {
    const spareVisit = ok(await t.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/spare' }, { key: null }), 'spare session').json;
    spareVisitorIds.push(spareVisit.visitor);
    const to = spareVisit.numbers[0].number;
    ok(await t.post('/v1/calls', { id: `spare-call-${i}`, to, from: caller, started_at: new Date(t.clock.now()).toISOString(), duration_s: 30, status: 'completed' }), 'spare call');
  }
  const page = ok(await t.get('/v1/calls?limit=1'), 'calls page').json;
  const spareSite = ok(await t.post('/v1/sites', { name: 'Spare', domains: ['spare.example'] }), 'spare site').json;
  const sparePool = ok(
    await t.post('/v1/pools', { site: spareSite.public_key, name: 'Spare', replace: '+18005550188', forward_to: '+18005550188', numbers: SPARE_NUMBERS }),
    'spare pool',
  ).json;
  // Receivers on port 9 of this machine: nothing listens, so a delivery fails fast and is retried later.
  const destination = async (kind: 'webhooks' | 'postbacks') => {
    const url = kind === 'webhooks' ? 'http://127.0.0.1:9/hook' : 'http://127.0.0.1:9/pb?c={call_id}&id={click_id}';
    const made = ok(await t.post(`/v1/${kind}`, { url, events: ['call.completed', 'call.converted'] }), kind).json;
    const spare = ok(await t.post(`/v1/${kind}`, { url, events: ['call.qualified'] }), kind).json;
    const test = ok(await t.post(`/v1/${kind}/${made.id}/test`), `${kind} test`).json;
    return { id: made.id, spare: spare.id, delivery: test.delivery };
  };
  const destinations = { webhooks: await destination('webhooks'), postbacks: await destination('postbacks') };
  const adBody = { kind: 'google_ads', base_url: 'http://127.0.0.1:9', settings: { customer_id: '1234567890', conversion_action: '1', token_url: 'http://127.0.0.1:9/token' }, credentials: GOOGLE_CREDENTIALS };
  const ad = ok(await t.post('/v1/ad-platforms', adBody), 'ad platform').json;
  const adSpare = ok(await t.post('/v1/ad-platforms', adBody), 'spare ad platform').json;
  // A delivery to send again: a copy of the webhook's test delivery.
  const [copied] = await t.db.select().from(schema.deliveries).where(eq(schema.deliveries.id, destinations.webhooks.delivery));
  await t.db.insert(schema.deliveries).values({ ...copied!, id: 'dlv_fuzz_ad', destinationId: ad.id });
  const adPlatform = { id: ad.id, spare: adSpare.id, delivery: 'dlv_fuzz_ad' };
  const buyer = ok(await t.post('/v1/buyers', { name: 'Buyer' }), 'buyer').json;
  const target = ok(await t.post('/v1/targets', { buyer: buyer.id, name: 'Target', destination: '+15125550100' }), 'target').json;
  const spareBuyer = ok(await t.post('/v1/buyers', { name: 'Spare buyer' }), 'spare buyer').json;
  const spareTarget = ok(await t.post('/v1/targets', { buyer: buyer.id, name: 'Spare target', destination: '+15125550109' }), 'spare target').json;
  const buyerKey = ok(await t.post('/v1/api-keys', { role: 'buyer', buyer: buyer.id }), 'buyer key').json;
  const flow = ok(
    await t.post('/v1/flows', {
      name: 'Flow',
      gate: { prompt: 'Press 1.' },
      menu: { prompt: 'Press 1 or 2.', options: { '1': 'repair', '2': 'install' } },
      targets: [target.id],
      whisper: 'Call from the fuzz',
      overflow: { kind: 'voicemail', prompt: 'Leave a message.' },
    }),
    'flow',
  ).json;
  ok(await t.put(`/v1/pools/${pool.id}/flow`, { flow: flow.id }), 'pool flow');
  const flowSid = callSid();
  ok(await twilioPost(t, '/v1/twilio/voice', voiceParams({ CallSid: flowSid, From: CALLER, To: SEED_NUMBERS[2]! })), 'twilio flow call');
  const twilioCallId = (await t.get('/v1/calls?limit=1')).json.calls[0].id as string;
  s = {
    spareSiteId: spareSite.id,
    sparePoolId: sparePool.id,
    destinations,
    adPlatform,
    siteId: site.id,
    siteKey: site.public_key,
    poolId: pool.id,
    sourcePoolId: sourcePool.id,
    publisherId: pub.id,
    callId: call.id,
    callProviderId: 'seed-call',
    twilioSid,
    sessionId: visit.session,
    visitorId: visit.visitor,
    viewerKey: viewer.key,
    publisherKey: pubKey.key,
    buyerKey: buyerKey.key,
    adminKeyId: me.key.id,
    spareKeyIds: [spare.id],
    spareVisitorIds,
    trackingNumbers: [...SEED_NUMBERS, SOURCE_NUMBER, '+14155550101'],
    cursor: page.next_cursor,
    buyerId: buyer.id,
    targetId: target.id,
    spareBuyerId: spareBuyer.id,
    spareTargetId: spareTarget.id,
    flowId: flow.id,
    twilioCallId,
  };
});
afterAll(() => {
  if (FUZZ_STATS) console.log([...FUZZ_STATS].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n}\t${k}`).join('\n'));
  t?.close();
});

const authHeader = () =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constant<string | undefined>(`Bearer ${ADMIN_KEY}`) },
    { weight: 2, arbitrary: fc.constantFrom<string | undefined>(`Bearer ${s.viewerKey}`, `Bearer ${s.publisherKey}`, `Bearer ${s.buyerKey}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | undefined>(
        undefined, '', 'Bearer', 'Bearer ', `bearer ${ADMIN_KEY}`, `Basic ${btoa('a:b')}`, `Bearer ${ADMIN_KEY} extra`, 'Bearer Ã©Ã',
        `Bearer ${'x'.repeat(5000)}`, "Bearer ' OR 1=1 --", `Bearer ${ADMIN_KEY.toUpperCase()}`,
      ),
    },
  );

// ---------------------------------------------------------------------------------------
// The routes
// ---------------------------------------------------------------------------------------

const GOOGLE_CREDENTIALS = { developer_token: 'dev', client_id: 'id', client_secret: 'secret', refresh_token: 'refresh' };

/** Ad platform destinations: a kind, settings and credentials each checked by the platform's own schema. */
function adPlatformSpecs(): Spec[] {
  const kinds = ['google_ads', 'ga4', 'meta_capi', 'microsoft_ads', 'tiktok'];
  const settings = () =>
    fc.oneof(
      fc.record(
        {
          customer_id: fc.oneof(fc.constantFrom('123-456-7890', '1', ''), oddString),
          conversion_action: fc.oneof(fc.constantFrom('1', 'customers/1/conversionActions/2', 'x'), oddString),
          measurement_id: fc.oneof(fc.constantFrom('G-ABC', 'UA-1'), oddString),
          pixel_id: fc.oneof(fc.constantFrom('123', 'abc'), oddString),
          account_id: fc.constantFrom('2', ''),
          conversion_name: fc.oneof(fc.constant('Call'), oddString),
          ad_user_data_consent: fc.constantFrom('GRANTED', 'DENIED', 'maybe'),
          enhanced_conversions: fc.constantFrom(true, 'yes', null),
          token_url: fc.constantFrom('http://127.0.0.1:9/token', 'http://example.com/token', 'nope'),
        },
        { requiredKeys: [] },
      ),
      oddString,
      fc.constant(null),
    );
  const credentials = () =>
    fc.oneof(
      fc.record(
        { developer_token: oddString, client_id: oddString, client_secret: oddString, refresh_token: oddString, api_secret: oddString, access_token: fc.oneof(oddString, fc.constant(7)) },
        { requiredKeys: [] },
      ),
      fc.constant(GOOGLE_CREDENTIALS),
      oddString,
    );
  const baseUrl = () => fc.oneof(fc.constantFrom('https://ads.example', 'http://127.0.0.1:9', 'http://example.com', 'ftp://x'), oddString, fc.constant(null));
  const events = () => fc.oneof(fc.subarray(['call.qualified', 'call.converted', 'call.completed', 'nope']), oddString);
  const ids = () => segment([s.adPlatform.id, s.adPlatform.spare]);
  const admin = { authorization: `Bearer ${ADMIN_KEY}` };
  return [
    {
      name: 'POST /v1/ad-platforms',
      routes: ['POST /v1/ad-platforms'],
      valid: () => adminJson('POST', '/v1/ad-platforms', { kind: 'ga4', settings: { measurement_id: 'G-FUZZ' }, credentials: { api_secret: 'fuzz' } }),
      fuzz: () =>
        jsonRoute('POST', fc.constant('/v1/ad-platforms'), () =>
          fc.record(
            { kind: fc.oneof(fc.constantFrom(...kinds), oddString), base_url: baseUrl(), events: events(), settings: settings(), credentials: credentials(), description: oddString },
            { requiredKeys: ['kind'] },
          ),
        ),
    },
    { name: 'GET /v1/ad-platforms', routes: ['GET /v1/ad-platforms'], valid: () => adminGet('/v1/ad-platforms'), fuzz: () => getRoute(fc.constant('/v1/ad-platforms'), {}) },
    {
      name: 'PATCH /v1/ad-platforms/:id',
      routes: ['PATCH /v1/ad-platforms/:id'],
      valid: () => adminJson('PATCH', `/v1/ad-platforms/${s.adPlatform.id}`, { settings: { enhanced_conversions: true }, credentials: { refresh_token: 'rotated' } }),
      fuzz: () =>
        jsonRoute('PATCH', ids().map((id) => `/v1/ad-platforms/${id}`), () =>
          fc.record({ base_url: baseUrl(), events: events(), settings: settings(), credentials: credentials(), description: oddString }, { requiredKeys: [] }),
        ),
    },
    {
      name: 'DELETE /v1/ad-platforms/:id',
      routes: ['DELETE /v1/ad-platforms/:id'],
      valid: () => ({ method: 'DELETE', path: `/v1/ad-platforms/${s.adPlatform.spare}`, headers: admin }),
      fuzz: () => fc.record({ id: segment([s.adPlatform.spare]), auth: authHeader() }).map(({ id, auth }) => ({ method: 'DELETE', path: `/v1/ad-platforms/${id}`, headers: { authorization: auth } })),
    },
    {
      name: 'GET /v1/ad-platforms/:id/deliveries',
      routes: ['GET /v1/ad-platforms/:id/deliveries'],
      valid: () => adminGet(`/v1/ad-platforms/${s.adPlatform.id}/deliveries?limit=5`),
      fuzz: () => getRoute(ids().map((id) => `/v1/ad-platforms/${id}/deliveries`), { limit: fc.constantFrom('1', '200', '0', '201', 'x', '-1') }),
    },
    {
      name: 'POST /v1/ad-platforms/:id/deliveries/:delivery/retry',
      routes: ['POST /v1/ad-platforms/:id/deliveries/:delivery/retry'],
      valid: () => ({ method: 'POST', path: `/v1/ad-platforms/${s.adPlatform.id}/deliveries/${s.adPlatform.delivery}/retry`, headers: admin }),
      fuzz: () =>
        fc
          .record({ id: ids(), delivery: segment([s.adPlatform.delivery]), auth: authHeader() })
          .map(({ id, delivery, auth }) => ({ method: 'POST', path: `/v1/ad-platforms/${id}/deliveries/${delivery}/retry`, headers: { authorization: auth } })),
    },
  ];
}

type Spec = {
  name: string;
  /** The routes of app.ts this covers, as `METHOD /path`. */
  routes: string[];
  /** One request that must succeed: proves the fuzzed requests reach the handler. */
  valid: () => Req;
  fuzz: () => fc.Arbitrary<Req>;
  runs?: number;
};

const adminJson = (method: string, path: string, body: unknown): Req => ({
  method,
  path,
  headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const adminGet = (path: string): Req => ({ method: 'GET', path, headers: { authorization: `Bearer ${ADMIN_KEY}` } });

/** A keyed route with a JSON body. */
function jsonRoute(method: string, path: fc.Arbitrary<string>, valid: () => fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Req> {
  return fc
    .record({ path, auth: authHeader(), type: jsonType, body: jsonBodyArb(valid()), length: contentLength })
    .map(({ path, auth, type, body, length }) => ({ method, path, headers: { authorization: auth, 'content-type': type, 'content-length': length }, body }));
}

/** A keyed GET route with a query. */
function getRoute(path: fc.Arbitrary<string>, query: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Req> {
  return fc.record({ path, q: queryArb(query), auth: authHeader() }).map(({ path, q, auth }) => ({ method: 'GET', path: `${path}${q}`, headers: { authorization: auth } }));
}

let fresh = 0;
/** A number no pool holds yet (each call draws its own, shrinking included). */
const freshNumber = () => fc.constant(null).map(() => `+1646555${String(fresh++ % 10_000).padStart(4, '0')}`);
const e164ish = () => fc.oneof(fc.constantFrom(...s.trackingNumbers, '+18005550100', '(800) 555-0100', '8005550100'), oddString);
const rangeQuery = () => ({ from: dateValue, to: dateValue, site: fc.oneof(fc.constant(s.siteId), oddString) });

const specs: Spec[] = [
  {
    name: 'GET /healthz',
    routes: ['GET /healthz'],
    valid: () => ({ method: 'GET', path: '/healthz' }),
    fuzz: () => getRoute(fc.constant('/healthz'), {}),
  },
  {
    name: 'GET /demo',
    routes: ['GET /demo'],
    valid: () => ({ method: 'GET', path: '/demo' }),
    fuzz: () => getRoute(fc.constant('/demo'), { site: oddString }),
  },
  {
    name: 'POST /demo/call',
    routes: ['POST /demo/call'],
    valid: () => adminJson('POST', '/demo/call', { number: '+14155550101' }),
    fuzz: () => jsonRoute('POST', fc.constant('/demo/call'), () => fc.record({ number: fc.oneof(fc.constantFrom('+14155550101', '(415) 555-0120', SEED_NUMBERS[0]!), oddString) })),
  },
  {
    name: 'POST /v1/sessions',
    routes: ['POST /v1/sessions'],
    valid: () => ({ method: 'POST', path: '/v1/sessions', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ site: s.siteKey, url: 'https://shop.example/' }) }),
    fuzz: () =>
      fc
        .record({
          type: fc.oneof(fc.constant<string | undefined>('text/plain'), jsonType),
          origin: fc.constantFrom(undefined, 'https://shop.example', 'https://www.shop.example', 'https://evil.example', 'https://shop.example.evil.com', 'null', 'not a url', 'http://[::1'),
          ua: fc.constantFrom(undefined, '', 'Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)', 'x'.repeat(3000), 'Ã©'),
          body: jsonBodyArb(
            fc.record({
              site: fc.constantFrom(s.siteKey, 'site_demo'),
              url: fc.constantFrom(
                'https://shop.example/?utm_source=google&utm_medium=cpc&utm_term=emergency+plumber&gclid=abc',
                'https://shop.example/?pub=acme&sub1=x',
                'https://shop.example/?utm_source=%E0%A4%A&utm_campaign=%00',
                `https://shop.example/?utm_term=${'😀'.repeat(300)}`,
                'http://[::1]/',
                'data:text/plain,hello',
                'https://shop.example/#frag',
              ),
              referrer: fc.constantFrom('https://www.google.com/search?q=plumber', 'android-app://com.google.android.gm', 'not a url', '', null),
              title: fc.constantFrom('Shop', '', '😀'),
              visitor: fc.constantFrom(s.visitorId, 'v_nope'),
              session: fc.constantFrom(s.sessionId, 's_nope'),
            }),
          ),
        })
        .map(({ type, origin, ua, body }) => ({ method: 'POST', path: '/v1/sessions', headers: { 'content-type': type, origin, 'user-agent': ua }, body })),
  },
  {
    name: 'OPTIONS /v1/sessions/*',
    routes: ['OPTIONS /v1/sessions/*'],
    valid: () => ({ method: 'OPTIONS', path: '/v1/sessions', headers: { origin: 'https://shop.example' } }),
    fuzz: () =>
      fc
        .record({ seg: segment([s.sessionId]), origin: fc.constantFrom(undefined, 'https://shop.example', 'null', 'Ã©') })
        .map(({ seg, origin }) => ({ method: 'OPTIONS', path: `/v1/sessions/${seg}/ping`, headers: { origin, 'access-control-request-method': 'POST' } })),
  },
  {
    name: 'POST /v1/sessions/:session/ping',
    routes: ['POST /v1/sessions/:session/ping'],
    valid: () => ({ method: 'POST', path: `/v1/sessions/${s.sessionId}/ping`, headers: { 'content-type': 'text/plain' }, body: '' }),
    fuzz: () =>
      fc
        .record({
          seg: segment([s.sessionId]),
          type: fc.oneof(fc.constant<string | undefined>('text/plain'), jsonType),
          body: jsonBodyArb(fc.record({ url: fc.constantFrom('https://shop.example/next', 'https://shop.example/?utm_source=bing', `https://shop.example/${'a'.repeat(4000)}`), title: fc.constantFrom('Next', null) })),
        })
        .map(({ seg, type, body }) => ({ method: 'POST', path: `/v1/sessions/${seg}/ping`, headers: { 'content-type': type, origin: 'https://shop.example' }, body })),
  },
  {
    name: 'POST /v1/twilio/voice and /status (signed)',
    routes: ['POST /v1/twilio/voice', 'POST /v1/twilio/status', 'POST /v1/twilio/gather', 'POST /v1/twilio/dial', 'POST /v1/twilio/whisper'],
    valid: () => ({
      method: 'POST',
      path: '/v1/twilio/status',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ CallSid: s.twilioSid, To: SEED_NUMBERS[1]!, CallStatus: 'completed', CallDuration: '75' }).toString(),
      sign: 'valid',
    }),
    fuzz: () => twilioArb(),
    runs: 4 * RUNS,
  },
  {
    name: 'POST /v1/sites',
    routes: ['POST /v1/sites'],
    valid: () => adminJson('POST', '/v1/sites', { name: 'Other', domains: ['other.example'] }),
    fuzz: () =>
      jsonRoute('POST', fc.constant('/v1/sites'), () =>
        fc.record({ name: fc.constantFrom('Shop 2', '😀'), domains: fc.constant(['shop2.example', 'B.example']), country: fc.constantFrom('US', 'ca'), timezone: fc.constantFrom('America/New_York', 'UTC', 'Etc/GMT+12', 'Asia/Kathmandu') }),
      ),
  },
  {
    name: 'GET /v1/sites',
    routes: ['GET /v1/sites'],
    valid: () => adminGet('/v1/sites'),
    fuzz: () => getRoute(fc.constant('/v1/sites'), {}),
  },
  {
    name: 'PUT /v1/sites/:id/rules',
    routes: ['PUT /v1/sites/:id/rules'],
    valid: () => adminJson('PUT', `/v1/sites/${s.siteId}/rules`, { min_duration_s: 30 }),
    fuzz: () =>
      jsonRoute('PUT', segment([s.siteId]).map((id) => `/v1/sites/${id}/rules`), () =>
        fc.record({
          min_duration_s: fc.constantFrom(0, 60),
          dedupe_days: fc.constantFrom(0, 30, 365),
          business_hours: fc.constantFrom(
            { timezone: 'America/New_York', mon: ['09:00', '17:00'], tue: ['22:00', '06:00'], wed: null, sun: ['00:00', '24:00'] },
            { timezone: 'Pacific/Chatham', fri: ['08:30', '17:45'] },
            null,
          ),
          allowed_regions: fc.constantFrom(['CA', 'NY'], ['415', '94107', 'il'], null),
          blocked_callers: fc.constantFrom([], ['+14155550000', '(212) 555-0100']),
          payout_cents: fc.constantFrom(0, 2500),
          currency: fc.constantFrom('USD', 'eur', 'JPY'),
        }),
      ),
  },
  {
    name: 'GET /v1/sites/:id/rules',
    routes: ['GET /v1/sites/:id/rules'],
    valid: () => adminGet(`/v1/sites/${s.siteId}/rules`),
    fuzz: () => getRoute(segment([s.siteId]).map((id) => `/v1/sites/${id}/rules`), {}),
  },
  {
    name: 'POST /v1/pools',
    routes: ['POST /v1/pools'],
    valid: () =>
      adminJson('POST', '/v1/pools', { site: s.siteId, name: 'More', replace: '+18005550197', forward_to: '+18005550100', numbers: ['+16465559901', '+16465559902'] }),
    fuzz: () =>
      jsonRoute('POST', fc.constant('/v1/pools'), () =>
        fc.record({
          site: fc.constant(s.siteId),
          name: fc.constantFrom('Pool', '😀'),
          replace: fc.constantFrom('+18005550100', '(800) 555-0142'),
          kind: fc.constantFrom('session', 'source'),
          match: fc.constantFrom({}, { source: 'Google', medium: 'CPC', campaign: 'spring', publisher: 'acme' }, { source: null }),
          priority: fc.constantFrom(0, -1000, 1000),
          lease_minutes: fc.constantFrom(1, 30, 1440),
          rest_minutes: fc.constantFrom(0, 15),
          match_window_minutes: fc.constantFrom(0, 60, 10080),
          forward_to: fc.constantFrom('+18005550100'),
          overflow_number: fc.oneof(fc.constant(null), freshNumber()),
          record: fc.boolean(),
          numbers: fc.oneof(fc.tuple(freshNumber()), fc.tuple(freshNumber(), freshNumber()), fc.constant([SEED_NUMBERS[0]!])),
        }),
      ),
  },
  {
    name: 'GET /v1/pools',
    routes: ['GET /v1/pools'],
    valid: () => adminGet(`/v1/pools?site=${s.siteId}`),
    fuzz: () => getRoute(fc.constant('/v1/pools'), { site: fc.oneof(fc.constant(s.siteId), oddString) }),
  },
  {
    name: 'POST /v1/pools/:id/numbers',
    routes: ['POST /v1/pools/:id/numbers'],
    valid: () => adminJson('POST', `/v1/pools/${s.poolId}/numbers`, { numbers: ['+16465559903'] }),
    fuzz: () =>
      jsonRoute('POST', segment([s.poolId, s.poolId, s.sourcePoolId]).map((id) => `/v1/pools/${id}/numbers`), () =>
        fc.record({ numbers: fc.oneof(fc.tuple(freshNumber()), fc.tuple(freshNumber(), freshNumber()), fc.constant([SEED_NUMBERS[0]!])) }),
      ),
  },
  {
    name: 'GET /v1/pools/:id',
    routes: ['GET /v1/pools/:id'],
    valid: () => adminGet(`/v1/pools/${s.poolId}`),
    fuzz: () => getRoute(segment([s.poolId, s.sourcePoolId]).map((id) => `/v1/pools/${id}`), {}),
  },
  {
    name: 'PATCH /v1/pools/:id',
    routes: ['PATCH /v1/pools/:id'],
    valid: () => adminJson('PATCH', `/v1/pools/${s.sparePoolId}`, { forward_to: '+18005550187' }),
    fuzz: () =>
      jsonRoute('PATCH', segment([s.sparePoolId]).map((id) => `/v1/pools/${id}`), () =>
        fc.record(
          {
            name: fc.constantFrom('Pool', '😀'),
            match: fc.constantFrom({}, { source: 'Google', publisher: 'acme' }, { source: null }),
            priority: fc.constantFrom(0, -1000, 1000),
            lease_minutes: fc.constantFrom(1, 30, 1440),
            rest_minutes: fc.constantFrom(0, 15),
            match_window_minutes: fc.constantFrom(0, 60, 10080),
            forward_to: fc.constantFrom('+18005550100', '(800) 555-0142'),
            overflow_number: fc.oneof(fc.constant(null), freshNumber(), fc.constant(SEED_NUMBERS[0]!), fc.constant(SPARE_NUMBERS[2]!)),
            record: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
      ),
  },
  {
    name: 'DELETE /v1/pools/:id/numbers/:number',
    routes: ['DELETE /v1/pools/:id/numbers/:number'],
    valid: () => ({ method: 'DELETE', path: `/v1/pools/${s.sparePoolId}/numbers/${encodeURIComponent(SPARE_NUMBERS[0]!)}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({
          id: segment([s.sparePoolId]),
          number: fc.oneof(e164ish().map(safeEncode), fc.constantFrom(...SPARE_NUMBERS.map(encodeURIComponent)), segment(['%2B13125550199'])),
          force: fc.constantFrom('', '?force=1', '?force=true', '?force=maybe', '?force=1&force=0', '?x=1'),
          auth: authHeader(),
        })
        .map(({ id, number, force, auth }) => ({ method: 'DELETE', path: `/v1/pools/${id}/numbers/${number}${force}`, headers: { authorization: auth } })),
  },
  {
    name: 'DELETE /v1/pools/:id',
    routes: ['DELETE /v1/pools/:id'],
    valid: () => ({ method: 'DELETE', path: `/v1/pools/${s.sparePoolId}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({ id: segment([s.sparePoolId]), auth: authHeader(), body: fc.constantFrom(undefined, '{}', 'x') })
        .map(({ id, auth, body }) => ({ method: 'DELETE', path: `/v1/pools/${id}`, headers: { authorization: auth }, body })),
  },
  {
    name: 'PATCH /v1/sites/:id',
    routes: ['PATCH /v1/sites/:id'],
    valid: () => adminJson('PATCH', `/v1/sites/${s.spareSiteId}`, { name: 'Spare 2' }),
    fuzz: () =>
      jsonRoute('PATCH', segment([s.spareSiteId]).map((id) => `/v1/sites/${id}`), () =>
        fc.record(
          {
            name: fc.constantFrom('Shop 2', '😀'),
            domains: fc.constantFrom(['spare.example', 'B.example'], ['spare.example']),
            country: fc.constantFrom('US', 'ca'),
            timezone: fc.constantFrom('America/New_York', 'UTC', 'Asia/Kathmandu'),
          },
          { requiredKeys: [] },
        ),
      ),
  },
  {
    name: 'DELETE /v1/sites/:id',
    routes: ['DELETE /v1/sites/:id'],
    valid: () => ({ method: 'DELETE', path: `/v1/sites/${s.spareSiteId}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({ id: segment([s.spareSiteId]), auth: authHeader(), body: fc.constantFrom(undefined, '{}', 'x') })
        .map(({ id, auth, body }) => ({ method: 'DELETE', path: `/v1/sites/${id}`, headers: { authorization: auth }, body })),
  },
  {
    name: 'POST /v1/publishers',
    routes: ['POST /v1/publishers'],
    valid: () => adminJson('POST', '/v1/publishers', { name: 'Bolt', code: 'bolt' }),
    fuzz: () =>
      jsonRoute('POST', fc.constant('/v1/publishers'), () =>
        fc.record({ name: fc.constantFrom('Pub', '😀'), code: fc.oneof(fc.constantFrom('acme', 'ACME'), fc.stringMatching(/^[a-z0-9._-]{1,20}$/)), payout_cents: fc.constantFrom(0, 2500, null) }),
      ),
  },
  {
    name: 'GET /v1/publishers',
    routes: ['GET /v1/publishers'],
    valid: () => adminGet('/v1/publishers'),
    fuzz: () => getRoute(fc.constant('/v1/publishers'), {}),
  },
  {
    name: 'PATCH /v1/publishers/:id',
    routes: ['PATCH /v1/publishers/:id'],
    valid: () => adminJson('PATCH', `/v1/publishers/${s.publisherId}`, { payout_cents: 1500 }),
    fuzz: () =>
      jsonRoute('PATCH', segment([s.publisherId]).map((id) => `/v1/publishers/${id}`), () => fc.record({ name: fc.constantFrom('Acme Ltd', '😀'), payout_cents: fc.constantFrom(0, 1000, null) })),
  },
  {
    name: 'POST /v1/api-keys',
    routes: ['POST /v1/api-keys'],
    valid: () => adminJson('POST', '/v1/api-keys', { role: 'viewer', name: 'x' }),
    fuzz: () =>
      jsonRoute('POST', fc.constant('/v1/api-keys'), () =>
        fc.oneof(
          fc.record({ role: fc.constant('publisher'), publisher: fc.constantFrom(s.publisherId, 'pub_nope'), name: fc.constantFrom('k', '😀') }),
          fc.record({ role: fc.constantFrom('admin', 'viewer'), name: fc.constantFrom('k', '😀') }),
          fc.record({ role: fc.constantFrom('buyer', 'viewer'), buyer: fc.constantFrom(s.buyerId, 'by_nope', ''), name: fc.constantFrom('k', '😀') }),
        ),
      ),
  },
  {
    name: 'GET /v1/api-keys',
    routes: ['GET /v1/api-keys'],
    valid: () => adminGet('/v1/api-keys'),
    fuzz: () => getRoute(fc.constant('/v1/api-keys'), {}),
  },
  {
    name: 'DELETE /v1/api-keys/:id',
    routes: ['DELETE /v1/api-keys/:id'],
    valid: () => ({ method: 'DELETE', path: `/v1/api-keys/${s.spareKeyIds[0]}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({ id: segment([...s.spareKeyIds, s.adminKeyId]), auth: authHeader(), body: fc.constantFrom(undefined, '{}', 'x') })
        .map(({ id, auth, body }) => ({ method: 'DELETE', path: `/v1/api-keys/${id}`, headers: { authorization: auth }, body })),
  },
  {
    name: 'DELETE /v1/visitors/:id',
    routes: ['DELETE /v1/visitors/:id'],
    valid: () => ({ method: 'DELETE', path: `/v1/visitors/${s.spareVisitorIds[0]}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({ id: segment([s.spareVisitorIds[0]!, 'v_nope', 'erased']), auth: authHeader(), body: fc.constantFrom(undefined, '{}', 'x') })
        .map(({ id, auth, body }) => ({ method: 'DELETE', path: `/v1/visitors/${id}`, headers: { authorization: auth }, body })),
  },
  {
    name: 'DELETE /v1/callers/:number',
    routes: ['DELETE /v1/callers/:number'],
    valid: () => ({ method: 'DELETE', path: `/v1/callers/${encodeURIComponent(SPARE_CALLERS[1]!)}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({ n: segment([...SPARE_CALLERS.map(encodeURIComponent), '(415)%20555-0178', '4155550178', '%2B99', '%2B1']), auth: authHeader() })
        .map(({ n, auth }) => ({ method: 'DELETE', path: `/v1/callers/${n}`, headers: { authorization: auth } })),
  },
  {
    name: 'GET /v1/audit',
    routes: ['GET /v1/audit'],
    valid: () => adminGet('/v1/audit?limit=5'),
    fuzz: () => getRoute(fc.constant('/v1/audit'), { limit: fc.constantFrom('1', '500', '501', '0', '-1', 'x'), before: dateValue }),
  },
  {
    name: 'GET|PUT /v1/settings/retention',
    routes: ['GET /v1/settings/retention', 'PUT /v1/settings/retention'],
    valid: () => adminJson('PUT', '/v1/settings/retention', { sessions_days: 365, caller_numbers_days: 90, recording_links_days: null }),
    fuzz: () =>
      fc.oneof(
        getRoute(fc.constant('/v1/settings/retention'), {}),
        jsonRoute('PUT', fc.constant('/v1/settings/retention'), () =>
          fc.record({
            sessions_days: fc.constantFrom(1, 365, 3650, 3651, 0, null),
            caller_numbers_days: fc.constantFrom(30, null, -1),
            recording_links_days: fc.constantFrom(7, null, 1.5),
          }),
        ),
      ),
  },
  {
    name: 'GET /v1/me',
    routes: ['GET /v1/me'],
    valid: () => adminGet('/v1/me'),
    fuzz: () => getRoute(fc.constant('/v1/me'), {}),
  },
  {
    name: 'PUT /v1/settings/twilio',
    routes: ['PUT /v1/settings/twilio'],
    valid: () => adminJson('PUT', '/v1/settings/twilio', { auth_token: 'another_token_0123456789' }),
    fuzz: () =>
      jsonRoute('PUT', fc.constant('/v1/settings/twilio'), () =>
        fc.record({ auth_token: fc.constantFrom('another_token_0123456789', 'x'.repeat(128)), account_sid: fc.constantFrom(TWILIO_ACCOUNT_SID, 'ac0123456789ABCDEF0123456789abcdef') }),
      ),
  },
  {
    name: 'POST /v1/calls',
    routes: ['POST /v1/calls'],
    valid: () => adminJson('POST', '/v1/calls', { id: 'valid-call', to: SEED_NUMBERS[2], started_at: '2026-06-01T15:00:00Z', duration_s: 61, status: 'completed' }),
    fuzz: () =>
      jsonRoute('POST', fc.constant('/v1/calls'), () =>
        fc.record({
          id: fc.oneof(fc.constantFrom('seed-call', 'p-1', s.twilioSid), fc.uuid()),
          to: fc.constantFrom(...s.trackingNumbers, '+12125550123', '(312) 555-0101'),
          from: fc.constantFrom(CALLER, '+266696687', 'anonymous', null),
          started_at: dateValue,
          duration_s: fc.constantFrom(0, 59, 95, 86_400, null),
          status: fc.constantFrom('completed', 'no-answer', 'busy', 'failed', 'canceled'),
          recording_url: fc.constantFrom('https://api.twilio.com/rec/RE1', null),
          caller_city: fc.constantFrom('Chicago', null),
          caller_state: fc.constantFrom('IL', 'CA', null),
          caller_zip: fc.constantFrom('60601', null),
          caller_country: fc.constantFrom('US', null),
        }),
      ),
    runs: 2 * RUNS,
  },
  {
    name: 'GET /v1/calls',
    routes: ['GET /v1/calls'],
    valid: () => adminGet(`/v1/calls?limit=1&cursor=${encodeURIComponent(s.cursor)}&qualified=true&site=${s.siteId}`),
    fuzz: () =>
      getRoute(fc.constant('/v1/calls'), {
        from: dateValue,
        to: dateValue,
        site: fc.oneof(fc.constant(s.siteId), oddString),
        source: fc.constantFrom('google', '(direct)', ''),
        medium: oddString,
        campaign: oddString,
        keyword: oddString,
        publisher: fc.constantFrom('acme', 'ACME', s.publisherId, '', '%'),
        qualified: fc.constantFrom('true', 'false', 'TRUE', '1', ''),
        fraud_signal: fc.oneof(fc.constantFrom('repeat_caller', 'short_call', ''), oddString),
        limit: intValue,
        cursor: fc.oneof(fc.constantFrom(s.cursor, '1.x', '.', '1.', '-1.x', '1e3.x', '99999999999999999999.a', 'NaN.x', `${Date.now()}.${'😀'.repeat(10)}`), oddString),
      }),
  },
  {
    name: 'GET /v1/calls/fraud',
    routes: ['GET /v1/calls/fraud'],
    valid: () => adminGet('/v1/calls/fraud?group_by=source'),
    fuzz: () => getRoute(fc.constant('/v1/calls/fraud'), { ...rangeQuery(), group_by: fc.oneof(fc.constantFrom('source', 'publisher', 'source,publisher', 'publisher,source,source'), groupByValue) }),
  },
  {
    name: 'GET /v1/calls/:id',
    routes: ['GET /v1/calls/:id'],
    valid: () => adminGet(`/v1/calls/${s.callId}`),
    fuzz: () => getRoute(segment([s.callId]).map((id) => `/v1/calls/${id}`), {}),
  },
  {
    name: 'POST /v1/calls/:id/conversion',
    routes: ['POST /v1/calls/:id/conversion'],
    valid: () => adminJson('POST', `/v1/calls/${s.callId}/conversion`, { value_cents: 7000, currency: 'usd', at: '2026-06-02T10:00:00-04:00' }),
    fuzz: () =>
      jsonRoute('POST', segment([s.callId]).map((id) => `/v1/calls/${id}/conversion`), () =>
        fc.record({ value_cents: fc.constantFrom(0, 5000, 100_000_000_000), currency: fc.constantFrom('USD', 'jpy'), at: dateValue }),
      ),
  },
  {
    name: 'POST /v1/conversions',
    routes: ['POST /v1/conversions'],
    valid: () => adminJson('POST', '/v1/conversions', { caller: CALLER, value_cents: 7000, at: '2026-06-01T16:00:00Z', window_hours: 48 }),
    fuzz: () =>
      jsonRoute('POST', fc.constant('/v1/conversions'), () =>
        fc.oneof(
          fc.record({ call_id: fc.oneof(fc.constant(s.callId), oddString), value_cents: fc.constantFrom(0, 5000, 100_000_000_000), currency: fc.constantFrom('USD', 'jpy') }),
          fc.record({ caller: e164ish(), value_cents: fc.constantFrom(0, 5000), at: dateValue, window_hours: fc.constantFrom(1, 24, 2160, 0, -1, 1e9) }),
        ),
      ),
  },
  ...(['webhooks', 'postbacks'] as const).flatMap((kind): Spec[] => {
    const url = () =>
      fc.oneof(
        fc.constantFrom('https://crm.example/hook', 'http://localhost:9/x', 'http://example.com/x', 'https://a.example/p?c={call_id}&s={sub1}', 'https://a.example/{nope}', 'javascript:alert(1)'),
        oddString,
      );
    const events = () => fc.oneof(fc.subarray(['call.ringing', 'call.completed', 'call.qualified', 'call.converted', 'payout.changed', 'test', 'nope']), oddString);
    const ids = () => segment([s.destinations[kind].id, s.destinations[kind].spare]);
    return [
      {
        name: `POST /v1/${kind}`,
        routes: [`POST /v1/${kind}`],
        valid: () => adminJson('POST', `/v1/${kind}`, { url: 'https://crm.example/hook?c={call_id}'.replace(kind === 'webhooks' ? '?c={call_id}' : '', ''), events: ['call.ringing'] }),
        fuzz: () =>
          jsonRoute('POST', fc.constant(`/v1/${kind}`), () =>
            fc.record({ url: url(), events: events(), description: fc.oneof(oddString, fc.constant(null)), publisher: fc.oneof(fc.constant(s.publisherId), oddString) }, { requiredKeys: ['url', 'events'] }),
          ),
      },
      { name: `GET /v1/${kind}`, routes: [`GET /v1/${kind}`], valid: () => adminGet(`/v1/${kind}`), fuzz: () => getRoute(fc.constant(`/v1/${kind}`), {}) },
      {
        name: `PATCH /v1/${kind}/:id`,
        routes: [`PATCH /v1/${kind}/:id`],
        valid: () => adminJson('PATCH', `/v1/${kind}/${s.destinations[kind].id}`, { description: 'CRM' }),
        fuzz: () => jsonRoute('PATCH', ids().map((id) => `/v1/${kind}/${id}`), () => fc.record({ url: url(), events: events(), description: oddString }, { requiredKeys: [] })),
      },
      {
        name: `DELETE /v1/${kind}/:id`,
        routes: [`DELETE /v1/${kind}/:id`],
        valid: () => ({ method: 'DELETE', path: `/v1/${kind}/${s.destinations[kind].spare}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
        fuzz: () =>
          fc
            .record({ id: segment([s.destinations[kind].spare]), auth: authHeader() })
            .map(({ id, auth }) => ({ method: 'DELETE', path: `/v1/${kind}/${id}`, headers: { authorization: auth } })),
      },
      {
        name: `GET /v1/${kind}/:id/deliveries`,
        routes: [`GET /v1/${kind}/:id/deliveries`],
        valid: () => adminGet(`/v1/${kind}/${s.destinations[kind].id}/deliveries?limit=5`),
        fuzz: () => getRoute(ids().map((id) => `/v1/${kind}/${id}/deliveries`), { limit: fc.constantFrom('1', '200', '0', '201', 'x', '-1') }),
      },
      {
        name: `POST /v1/${kind}/:id/deliveries/:delivery/retry`,
        routes: [`POST /v1/${kind}/:id/deliveries/:delivery/retry`],
        valid: () => ({ method: 'POST', path: `/v1/${kind}/${s.destinations[kind].id}/deliveries/${s.destinations[kind].delivery}/retry`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
        fuzz: () =>
          fc
            .record({ id: ids(), delivery: segment([s.destinations[kind].delivery]), auth: authHeader() })
            .map(({ id, delivery, auth }) => ({ method: 'POST', path: `/v1/${kind}/${id}/deliveries/${delivery}/retry`, headers: { authorization: auth } })),
      },
      {
        name: `POST /v1/${kind}/:id/test`,
        routes: [`POST /v1/${kind}/:id/test`],
        valid: () => ({ method: 'POST', path: `/v1/${kind}/${s.destinations[kind].id}/test`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
        fuzz: () => fc.record({ id: ids(), auth: authHeader() }).map(({ id, auth }) => ({ method: 'POST', path: `/v1/${kind}/${id}/test`, headers: { authorization: auth } })),
      },
    ];
  }),
  ...adPlatformSpecs(),
  {
    name: 'GET /v1/reports/attribution',
    routes: ['GET /v1/reports/attribution'],
    valid: () => adminGet('/v1/reports/attribution?group_by=source,publisher&from=2026-05-01&to=2026-06-30'),
    fuzz: () =>
      getRoute(fc.constant('/v1/reports/attribution'), {
        ...rangeQuery(),
        ...Object.fromEntries(dimensions.map((d) => [d, fc.oneof(fc.constantFrom('google', 'acme', '', '(none)'), oddString)])),
        group_by: groupByValue,
        limit: intValue,
      }),
  },
  {
    name: 'GET /v1/reports/timeseries',
    routes: ['GET /v1/reports/timeseries'],
    valid: () => adminGet('/v1/reports/timeseries?interval=hour&from=2026-06-01&to=2026-06-02'),
    fuzz: () => getRoute(fc.constant('/v1/reports/timeseries'), { ...rangeQuery(), interval: fc.oneof(fc.constantFrom('hour', 'day', 'week', 'HOUR', ''), oddString) }),
  },
  {
    name: 'GET /v1/reports/pools',
    routes: ['GET /v1/reports/pools'],
    valid: () => adminGet(`/v1/reports/pools?site=${s.siteId}&days=30`),
    fuzz: () => getRoute(fc.constant('/v1/reports/pools'), { site: fc.oneof(fc.constant(s.siteId), oddString), days: intValue }),
  },
  {
    name: 'GET /v1/exports/calls.csv',
    routes: ['GET /v1/exports/calls.csv'],
    valid: () => adminGet('/v1/exports/calls.csv?from=2026-05-01'),
    fuzz: () => getRoute(fc.constant('/v1/exports/calls.csv'), rangeQuery()),
  },
  {
    name: 'GET /v1/exports/google-ads.csv',
    routes: ['GET /v1/exports/google-ads.csv'],
    valid: () => adminGet('/v1/exports/google-ads.csv?conversion_name=Call'),
    fuzz: () => getRoute(fc.constant('/v1/exports/google-ads.csv'), { ...rangeQuery(), conversion_name: fc.oneof(fc.constantFrom('Call', ' ', 'a,b"c'), oddString) }),
  },
  {
    name: 'buyers',
    routes: ['POST /v1/buyers', 'GET /v1/buyers', 'PATCH /v1/buyers/:id'],
    valid: () => adminJson('POST', '/v1/buyers', { name: 'Buyer 2' }),
    fuzz: () =>
      fc.oneof(
        jsonRoute('POST', fc.constant('/v1/buyers'), () => fc.record({ name: fc.constantFrom('B', '😀', ' ') })),
        jsonRoute('PATCH', segment([s.buyerId]).map((id) => `/v1/buyers/${id}`), () => fc.record({ name: fc.constantFrom('B', '😀') })),
        getRoute(fc.constant('/v1/buyers'), { archived: fc.oneof(fc.constantFrom('1', '0', 'yes'), oddString) }),
      ),
  },
  {
    name: 'DELETE /v1/buyers/:id',
    routes: ['DELETE /v1/buyers/:id'],
    valid: () => ({ method: 'DELETE', path: `/v1/buyers/${s.spareBuyerId}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({ id: segment([s.spareBuyerId]), auth: authHeader(), body: fc.constantFrom(undefined, '{}', 'x') })
        .map(({ id, auth, body }) => ({ method: 'DELETE', path: `/v1/buyers/${id}`, headers: { authorization: auth }, body })),
  },
  {
    name: 'DELETE /v1/targets/:id',
    routes: ['DELETE /v1/targets/:id'],
    valid: () => ({ method: 'DELETE', path: `/v1/targets/${s.spareTargetId}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }),
    fuzz: () =>
      fc
        .record({ id: segment([s.spareTargetId]), auth: authHeader(), body: fc.constantFrom(undefined, '{}', 'x') })
        .map(({ id, auth, body }) => ({ method: 'DELETE', path: `/v1/targets/${id}`, headers: { authorization: auth }, body })),
  },
  {
    name: 'targets',
    routes: ['POST /v1/targets', 'GET /v1/targets', 'PATCH /v1/targets/:id', 'GET /v1/targets/live'],
    valid: () => adminJson('POST', '/v1/targets', { buyer: s.buyerId, name: 'T', destination: '+15125550101' }),
    fuzz: () => {
      const body = () =>
        fc.record({
          buyer: fc.constantFrom(s.buyerId, 'by_missing'),
          name: fc.constantFrom('T', '😀'),
          destination: fc.constantFrom('+15125550101', 'sip:desk@pbx.example', '(512) 555-0102', 'sip:', 'sip:a@b c'),
          schedule: fc.constantFrom(null, { timezone: 'America/Chicago', mon: ['09:00', '17:00'] }, { timezone: 'Pacific/Chatham', fri: ['22:00', '02:00'] }),
          allowed_regions: fc.constantFrom(null, ['TX', '512', '78701'], []),
          menu_answers: fc.constantFrom(null, ['repair'], []),
          concurrency_cap: fc.constantFrom(null, 1, 0, 10_000_000),
          cap_unit: fc.constantFrom('calls', 'revenue', 'minutes'),
          hourly_cap: fc.constantFrom(null, 1),
          daily_cap: fc.constantFrom(null, 5),
          monthly_cap: fc.constantFrom(null, 100),
          priority: fc.constantFrom(0, -1000, 1000, 1001),
          weight: fc.constantFrom(1, 1000, 0),
          convert_on: fc.constantFrom('duration', 'keypress', 'conversion'),
          convert_min_duration_s: fc.constantFrom(0, 90),
          convert_key: fc.constantFrom(null, '1', '#', '12'),
          revenue_cents: fc.constantFrom(0, 4500),
        });
      return fc.oneof(
        jsonRoute('POST', fc.constant('/v1/targets'), body),
        jsonRoute('PATCH', segment([s.targetId]).map((id) => `/v1/targets/${id}`), body),
        getRoute(fc.constant('/v1/targets'), { buyer: fc.oneof(fc.constant(s.buyerId), oddString), archived: fc.oneof(fc.constantFrom('1', '0'), oddString) }),
        jsonRoute('PATCH', fc.constant(`/v1/targets/${s.spareTargetId}`), body),
        getRoute(fc.constant('/v1/targets/live'), {}),
      );
    },
  },
  {
    name: 'flows',
    routes: ['POST /v1/flows', 'GET /v1/flows', 'PATCH /v1/flows/:id', 'PUT /v1/pools/:id/flow', 'PUT /v1/sites/:id/flow'],
    valid: () => adminJson('POST', '/v1/flows', { name: 'F', targets: [s.targetId] }),
    fuzz: () => {
      const body = () =>
        fc.record({
          name: fc.constantFrom('F', '😀'),
          greeting: fc.constantFrom(null, 'Hello', ''),
          recording_disclosure: fc.constantFrom(null, 'Recorded <call> & "quality"'),
          gate: fc.constantFrom(null, { prompt: 'Press 1' }, { prompt: 'Press 9', digit: '9', timeout_s: 60, retries: 5, no_input: 'route' }, { prompt: 'x', digit: 'x' }),
          menu: fc.constantFrom(null, { prompt: 'Pick', options: { '1': 'repair', '#': 'other' } }, { prompt: 'Pick', options: {} }),
          targets: fc.constantFrom([], [s.targetId], [s.targetId, s.targetId], ['tg_missing'], [s.spareTargetId]),
          ring_timeout_s: fc.constantFrom(5, 120, 4),
          sticky: fc.boolean(),
          overflow: fc.constantFrom({ kind: 'hangup' }, { kind: 'number', number: '+18005550199' }, { kind: 'voicemail', prompt: 'Leave a message' }, { kind: 'queue' }),
          whisper: fc.constantFrom(null, 'Call from Google Ads'),
          record: fc.boolean(),
        });
      const assign = () => fc.record({ flow: fc.constantFrom(s.flowId, null, 'fl_missing', 5) });
      return fc.oneof(
        jsonRoute('POST', fc.constant('/v1/flows'), body),
        jsonRoute('PATCH', segment([s.flowId]).map((id) => `/v1/flows/${id}`), body),
        jsonRoute('PUT', segment([s.poolId]).map((id) => `/v1/pools/${id}/flow`), assign),
        jsonRoute('PUT', segment([s.siteId]).map((id) => `/v1/sites/${id}/flow`), assign),
        getRoute(fc.constant('/v1/flows'), {}),
      );
    },
  },
  {
    name: 'any method on any path',
    routes: [],
    valid: () => ({ method: 'GET', path: '/nowhere' }),
    fuzz: () =>
      fc
        .record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          // The spare site: DELETE on a site archives it, and the cases after this one use the seeded site.
          path: fc.constantFrom('/', '/v1', '/v1/', '/v1/sites', `/v1/sites/${s.spareSiteId}`, '/v1/calls/fraud/x', '/v1/twilio', '/v1/sessions/x', '/dashboard', '/dni.js', '//v1//calls', '/v1/%2e%2e/healthz', '/V1/SITES'),
          auth: authHeader(),
          type: jsonType,
          body: fc.constantFrom(undefined, '{}', '{'),
        })
        .map(({ method, path, auth, type, body }) => ({ method, path, headers: { authorization: auth, 'content-type': type }, body: method === 'GET' || method === 'HEAD' ? undefined : body })),
  },
];

const TWILIO_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'];
const DURATIONS = ['0', '60', '999999', '1000000', 'abc', '-1', '1e3', '', ' 60', '6.5', '٦٠', '0x10'];

/** Twilio's webhooks: forms that are valid but for a field or two (missing, odd or repeated), mostly with a valid signature. */
function twilioArb(): fc.Arbitrary<Req> {
  const sid = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 2 ** 30 }).map((n) => `CA${n.toString(16).padStart(32, 'f')}`) },
    { weight: 2, arbitrary: fc.constantFrom(s.twilioSid, s.callProviderId) },
  );
  const caller = {
    CallSid: sid,
    AccountSid: fc.constant(TWILIO_ACCOUNT_SID),
    From: fc.constantFrom(CALLER, '+266696687', 'anonymous', '+14155550000', '(312) 555-0199'),
    To: fc.constantFrom(...s.trackingNumbers, '+18005550100', '+12125550123', '3125550101'),
    FromCity: fc.constantFrom('CHICAGO', ''),
    FromState: fc.constantFrom('IL', 'CA', ''),
    FromZip: fc.constantFrom('60601'),
    FromCountry: fc.constantFrom('US'),
  };
  const voice = fc.record({ ...caller, CallStatus: fc.constantFrom('ringing', 'queued', 'in-progress', 'completed'), Direction: fc.constant('inbound') }, { requiredKeys: ['CallSid', 'To'] });
  const status = fc.record(
    {
      ...caller,
      CallStatus: fc.constantFrom(...TWILIO_STATUSES),
      CallDuration: fc.constantFrom('0', '60', '999999'),
      DialCallStatus: fc.constantFrom('completed', 'answered', 'busy', 'failed', 'no-answer', 'canceled'),
      DialCallDuration: fc.constantFrom('0', '75'),
      RecordingUrl: fc.constant('https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1'),
    },
    { requiredKeys: ['CallSid'] },
  );
  // A flow's own requests: keys pressed, a dialled leg's end, the whisper.
  const flowStep = fc.record(
    {
      ...caller,
      Digits: fc.constantFrom('1', '2', '', '12', '#', 'x'),
      DialCallStatus: fc.constantFrom('completed', 'answered', 'busy', 'failed', 'no-answer', 'canceled'),
      DialCallDuration: fc.constantFrom('0', '75'),
    },
    { requiredKeys: ['CallSid'] },
  );
  const flowPath = fc.constantFrom(
    '/v1/twilio/gather?step=gate&try=1',
    '/v1/twilio/gather?step=gate&try=2',
    '/v1/twilio/gather?step=menu&try=1',
    '/v1/twilio/gather?step=nope&try=x',
    '/v1/twilio/gather',
    '/v1/twilio/dial?attempt=1',
    '/v1/twilio/dial?attempt=2',
    '/v1/twilio/dial?attempt=0',
    '/v1/twilio/dial?attempt=99999',
    '/v1/twilio/dial',
    `/v1/twilio/whisper?call=${s.twilioCallId}`,
    '/v1/twilio/whisper?call=call_nope',
    '/v1/twilio/whisper',
  );
  const oddField = fc.oneof(oddString, fc.constantFrom(...DURATIONS, ...TWILIO_STATUSES, 'answered', '', ' '), junk);
  const asForm = (o: Record<string, unknown>): [string, string][] => Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : toJson(v)]);
  const repeated = fc.oneof(
    { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom('CallSid', 'To', 'CallStatus', 'CallDuration', 'DialCallStatus'), oddString), { minLength: 1, maxLength: 2 }) },
  );
  const form = (base: fc.Arbitrary<Record<string, string>>) =>
    fc.oneof(
      { weight: 14, arbitrary: fc.tuple(base.chain((b) => mutatedObject(b, 0, oddField)), repeated).map(([o, more]) => new URLSearchParams([...asForm(o), ...more]).toString()) },
      { weight: 1, arbitrary: fc.constantFrom('', 'CallSid=%E0%A4%A&To=%', 'a=b&&&=&', '=', '{"CallSid":"CA1"}', `CallSid=${'x'.repeat(MAX_BODY_BYTES)}`) },
    );
  return fc
    .oneof(
      fc.record({ path: fc.constant('/v1/twilio/voice'), body: form(voice) }),
      fc.record({ path: fc.constant('/v1/twilio/status'), body: form(status) }),
      fc.record({ path: flowPath, body: form(flowStep) }),
    )
    .chain(({ path, body }) =>
      fc.record({
        path: fc.constant(path),
        body: fc.constant(body),
        query: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('?site=a', '?%E0=1', '?a=1&a=2') }),
        type: fc.oneof({ weight: 14, arbitrary: fc.constant<string | undefined>('application/x-www-form-urlencoded') }, { weight: 1, arbitrary: jsonType }),
        sign: fc.oneof({ weight: 14, arbitrary: fc.constant<Req['sign']>('valid') }, { weight: 1, arbitrary: fc.constantFrom<Req['sign']>('none', 'garbage') }),
      }),
    )
    .map(({ path, query, body, type, sign }) => ({ method: 'POST', path: `${path}${query}`, headers: { 'content-type': type }, body, sign }));
}

describe('no endpoint answers 5xx to bad input', () => {
  for (const spec of specs) {
    it(spec.name, async () => {
      const baseline = await exercise(spec.valid());
      if (spec.routes.length > 0) expect(baseline.status, `${spec.name}: the valid request → ${baseline.text.slice(0, 300)}`).toBeLessThan(300);
      await fc.assert(
        fc.asyncProperty(spec.fuzz(), async (r) => {
          await exercise(r);
        }),
        { numRuns: spec.runs ?? RUNS },
      );
    });
  }

  it('covers every route the app mounts', () => {
    const mounted = new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    const covered = new Set(specs.flatMap((spec) => spec.routes));
    expect([...mounted].filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !mounted.has(r))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Bodies sent without Content-Length
// ---------------------------------------------------------------------------------------

/** A body as a stream, so the request carries no Content-Length (chunked on the wire). */
function streamed(chunks: Uint8Array[]): { stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } {
  let next = 0;
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (!chunk) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

async function postStream(path: string, stream: ReadableStream<Uint8Array>) {
  const req = new Request(`http://collector.test${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  expect(req.headers.get('content-length')).toBeNull();
  const res = await t.app.request(req);
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

/** `text` padded with spaces (still the same JSON) to exactly `bytes` bytes, cut into `size`-byte chunks. */
function paddedChunks(text: string, bytes: number, size: number): Uint8Array[] {
  const all = new TextEncoder().encode(text.padEnd(bytes, ' '));
  expect(all.byteLength).toBe(bytes);
  const out: Uint8Array[] = [];
  for (let i = 0; i < all.byteLength; i += size) out.push(all.slice(i, i + size));
  return out;
}

describe('bodies without Content-Length', () => {
  it('answer 413 for more than 64 KiB, having read little more than 64 KiB of it', async () => {
    // 8 MiB on offer: a reader that buffers the whole body first takes all of it.
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    const body = streamed(Array.from({ length: 512 }, () => chunk));
    const before = await fingerprint();
    const res = await postStream('/v1/sites', body.stream);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
    expect(body.pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * chunk.byteLength);
    expect(body.cancelled()).toBe(true);
    expect(await fingerprint()).toBe(before);
  });

  it('accept exactly 64 KiB and refuse one byte more', async () => {
    const site = (name: string) => JSON.stringify({ name, domains: ['edge.example'] });
    const fits = await postStream('/v1/sites', streamed(paddedChunks(site('Edge'), MAX_BODY_BYTES, 4096)).stream);
    expect(fits.status, fits.text).toBe(201);
    const over = await postStream('/v1/sites', streamed(paddedChunks(site('Over'), MAX_BODY_BYTES + 1, 4096)).stream);
    expect(over.status).toBe(413);
    expect((await t.get('/v1/sites')).json.sites.map((x: { name: string }) => x.name)).not.toContain('Over');
  });

  it('decode characters split across chunks', async () => {
    const name = 'Café 😀 ünïcødé';
    const bytes = new TextEncoder().encode(JSON.stringify({ name, domains: ['split.example'] }));
    // 3-byte chunks cut the 2- and 4-byte characters apart.
    const res = await postStream('/v1/sites', streamed(Array.from({ length: Math.ceil(bytes.byteLength / 3) }, (_, i) => bytes.slice(i * 3, i * 3 + 3))).stream);
    expect(res.status, res.text).toBe(201);
    expect(res.json.name).toBe(name);
  });

  it('on the Node server, answer 413 to a chunked upload while it is still being sent', async () => {
    const server = await startTestServer();
    try {
      // The client sends up to 64 MiB, chunk by chunk, until an answer arrives. A server
      // that reads the whole body before answering gets all of it and answers after the end.
      const LIMIT = 64 * 1024 * 1024;
      const result = await new Promise<{ status: number; body: string; ended: boolean }>((resolve, reject) => {
        let sent = 0;
        let ended = false;
        let answered = false;
        const req = httpRequest(
          new URL('/v1/sites', server.url),
          { method: 'POST', headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
          (res) => {
            answered = true;
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ended }));
          },
        );
        // Once answered, the server may stop reading and close: the client's late writes fail.
        req.on('error', (err) => {
          if (!answered) reject(err);
        });
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = () => {
          while (!answered && sent < LIMIT) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!answered) {
            ended = true;
            req.end();
          }
        };
        pump();
      });
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
      expect(result.ended).toBe(false);
      expect((await server.api('GET', '/v1/sites')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answer 400, not 500, when the body breaks off', async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection reset'));
        sent = true;
        controller.enqueue(new TextEncoder().encode('{"name":"Cut","dom'));
      },
    });
    const before = await fingerprint();
    const res = await postStream('/v1/sites', stream);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect(await fingerprint()).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------
// Twilio webhooks with a valid signature but missing or odd fields
// ---------------------------------------------------------------------------------------

describe('signed Twilio webhooks with missing or odd fields', () => {
  const cases: [string, '/v1/twilio/voice' | '/v1/twilio/status', number, () => Record<string, string>][] = [
    ['voice without To', '/v1/twilio/voice', 400, () => ({ CallSid: callSid(), From: CALLER, CallStatus: 'ringing' })],
    ['voice without CallSid', '/v1/twilio/voice', 400, () => ({ From: CALLER, To: SEED_NUMBERS[0]!, CallStatus: 'ringing' })],
    ['voice with an empty CallSid', '/v1/twilio/voice', 400, () => ({ CallSid: '', From: CALLER, To: SEED_NUMBERS[0]! })],
    ['voice to a To that is no number', '/v1/twilio/voice', 400, () => ({ CallSid: callSid(), From: CALLER, To: 'client:alice' })],
    ['voice with an unknown CallStatus', '/v1/twilio/voice', 400, () => ({ CallSid: callSid(), From: CALLER, To: SEED_NUMBERS[0]!, CallStatus: 'exploded' })],
    ['status with CallDuration "abc"', '/v1/twilio/status', 400, () => ({ CallSid: s.twilioSid, To: SEED_NUMBERS[1]!, CallStatus: 'completed', CallDuration: 'abc' })],
    ['status with CallDuration "-5"', '/v1/twilio/status', 400, () => ({ CallSid: s.twilioSid, CallStatus: 'completed', CallDuration: '-5' })],
    ['status with DialCallDuration "1e3"', '/v1/twilio/status', 400, () => ({ CallSid: s.twilioSid, DialCallStatus: 'completed', DialCallDuration: '1e3' })],
    ['status without CallSid', '/v1/twilio/status', 400, () => ({ To: SEED_NUMBERS[1]!, CallStatus: 'completed', CallDuration: '70' })],
    ['status without To for a call never seen', '/v1/twilio/status', 400, () => ({ CallSid: callSid(), CallStatus: 'completed', CallDuration: '70' })],
    ['status with neither status nor recording', '/v1/twilio/status', 400, () => ({ CallSid: s.twilioSid, To: SEED_NUMBERS[1]! })],
    ['a recording for a call never seen', '/v1/twilio/status', 404, () => ({ CallSid: callSid(), RecordingUrl: 'https://api.twilio.com/rec/RE1' })],
    ['status with a RecordingUrl that is no URL', '/v1/twilio/status', 400, () => ({ CallSid: s.twilioSid, RecordingUrl: 'not a url' })],
  ];
  it.each(cases)('%s: %s answers %i and stores nothing', async (_name, path, status, params) => {
    const before = await fingerprint();
    const res = await twilioPost(t, path, params());
    expect(res.status, res.text).toBe(status);
    expectContractError({ ...res, contentType: res.headers.get('content-type') }, path);
    expect(await fingerprint()).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------
// Reports over absurd ranges
// ---------------------------------------------------------------------------------------

// Was: services/reports/day-counts.ts counted (and marked) every whole day of the range,
// from=0001-01-01 included: millions of empty days walked and written per site and set of
// dimensions, so one report ran for minutes (the property above timed out on it).
it('an attribution report over decades counts no day before the sites existed, and answers the same', async () => {
  const fresh = await createTestApp();
  try {
    const { site } = await siteWithPool(fresh);
    await fresh.post('/v1/sessions', { site: site.public_key, url: 'https://shop.example/?utm_campaign=spring' }, { key: null });
    fresh.clock.advance(3 * DAY);
    const wide = await fresh.get('/v1/reports/attribution?group_by=campaign&from=1990-01-01&to=2026-06-03');
    expect(wide.status, wide.text).toBe(200);
    const made = await fresh.db.select().from(schema.sessionDayCountsMade);
    // The days from two before the site was made to the last finished one: a handful, not 13,000.
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBeLessThanOrEqual(6);
    const narrow = await fresh.get('/v1/reports/attribution?group_by=campaign&from=2026-05-01&to=2026-06-03');
    expect(wide.json.rows).toEqual(narrow.json.rows);
    expect(wide.json.totals).toEqual(narrow.json.totals);
    expect(wide.json.totals.sessions).toBe(1);
  } finally {
    fresh.close();
  }
});

// ---------------------------------------------------------------------------------------
// Creates that race: the bugs the property found
// ---------------------------------------------------------------------------------------

/**
 * The same app over the same database, but every statement and batch first yields to
 * the event loop, as a round trip to a libSQL server (DNI_DATABASE_URL=libsql://…) or to
 * D1 does. Requests sent together then interleave between their reads and writes, as
 * they do there; the embedded file runs each request's statements back to back.
 */
function overNetworkedDb(): App {
  const client = t.db.$client;
  const networked = new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (prop !== 'execute' && prop !== 'batch') return bound;
      return async (...args: unknown[]) => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        return bound(...args);
      };
    },
  });
  return createApp({ db: drizzle(networked, { schema }), config: t.config, now: () => t.clock.now(), clientIp: () => t.client.ip, background: (_c, work) => void work().catch(() => {}) });
}

describe('requests that race for one unique value', () => {
  let racing: App;
  beforeAll(() => {
    racing = overNetworkedDb();
  });
  const both = (r: Req) => Promise.all([send(r, racing), send(r, racing)]);
  const statuses = (rs: Res[]) => rs.map((r) => r.status).sort();

  // Was: routes/publishers.ts read the code, then inserted; the second insert hit the
  // unique index (account_id, code) and answered 500.
  it('two publishers with one code: one 201, one 409', async () => {
    const res = await both(adminJson('POST', '/v1/publishers', { name: 'Twin', code: 'twin' }));
    expect(statuses(res)).toEqual([201, 409]);
    for (const r of res.filter((x) => x.status === 409)) expectContractError(r, 'publisher race');
    expect((await t.get('/v1/publishers')).json.publishers.filter((p: { code: string }) => p.code === 'twin')).toHaveLength(1);
  });

  // Was: services/pools.ts createPool inserted the pool, then its numbers in a second
  // write; the loser's numbers hit the unique index on tracking_numbers.number (500)
  // and its pool stayed behind with no numbers.
  it('two pools with one number: one 201, one 409, and no pool left behind', async () => {
    const pools = async () => (await t.get(`/v1/pools?site=${s.siteId}`)).json.pools as { name: string; numbers: string[] }[];
    const before = (await pools()).length;
    const res = await both(adminJson('POST', '/v1/pools', { site: s.siteId, name: 'Race', replace: '+18005550196', forward_to: '+18005550100', numbers: ['+17185550101'] }));
    expect(statuses(res)).toEqual([201, 409]);
    for (const r of res.filter((x) => x.status === 409)) expectContractError(r, 'pool race');
    const after = await pools();
    expect(after).toHaveLength(before + 1);
    expect(after.filter((p) => p.name === 'Race').map((p) => p.numbers)).toEqual([['+17185550101']]);
  });

  // Was: services/pools.ts addNumbers, the same check-then-insert: 500 for the loser.
  it('one number added to a pool twice at once: one 200, one 409', async () => {
    const res = await both(adminJson('POST', `/v1/pools/${s.poolId}/numbers`, { numbers: ['+17185550102', '+17185550103'] }));
    expect(statuses(res)).toEqual([200, 409]);
    for (const r of res.filter((x) => x.status === 409)) expectContractError(r, 'numbers race');
    const [row] = await t.db.select().from(schema.trackingNumbers).where(eq(schema.trackingNumbers.number, '+17185550103'));
    expect(row?.poolId).toBe(s.poolId);
  });

  // Was: services/record-call.ts answered created for both deliveries of one new call
  // (both 201), though the upsert had made the second an update.
  it('one new call posted twice at once: one 201, one 200, one call', async () => {
    const call = { id: 'race-call', to: '+14155550101', from: '+14155550197', started_at: new Date(t.clock.now()).toISOString(), duration_s: 90, status: 'completed' };
    const res = await both(adminJson('POST', '/v1/calls', call));
    expect(statuses(res)).toEqual([200, 201]);
    expect(res[0]!.json.id).toBe(res[1]!.json.id);
  });

  it('never answers 5xx to writes sent together', async () => {
    // Each run races for values of its own (a value taken in an earlier run is refused by
    // the plain check before any write, and would race nothing).
    let run = 0;
    type Write = (run: number) => Req;
    const pick = fc.constantFrom(0, 1, 2);
    const code = (r: number, k: number) => `race${r}-${k}`;
    const number = (r: number, k: number) => `+1718555${String(3000 + r * 3 + k).padStart(4, '0')}`;
    const write: fc.Arbitrary<Write> = fc.oneof(
      fc.tuple(pick, fc.boolean()).map(([k, upper]) => (r: number) => adminJson('POST', '/v1/publishers', { name: 'P', code: upper ? code(r, k).toUpperCase() : code(r, k) })),
      fc.uniqueArray(pick, { minLength: 1, maxLength: 2 }).map((ks) => (r: number) => adminJson('POST', '/v1/pools', { site: s.siteId, name: 'R', replace: '+18005550195', forward_to: '+18005550100', numbers: ks.map((k) => number(r, k)) })),
      fc.tuple(pick, fc.option(pick)).map(([a, b]) => (r: number) =>
        adminJson('POST', '/v1/pools', { site: s.siteId, name: 'O', replace: '+18005550194', forward_to: '+18005550100', numbers: [number(r, a)], overflow_number: b === null ? null : number(r, b) }),
      ),
      fc.uniqueArray(pick, { minLength: 1, maxLength: 3 }).map((ks) => (r: number) => adminJson('POST', `/v1/pools/${s.poolId}/numbers`, { numbers: ks.map((k) => number(r, k)) })),
      pick.map((k) => (r: number) => adminJson('POST', '/v1/calls', { id: code(r, k), to: SEED_NUMBERS[0], started_at: '2026-06-01T15:00:00Z', duration_s: 80, status: 'completed' })),
      pick.map((k) => (r: number): Req => ({
        method: 'POST',
        path: '/v1/twilio/voice',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ CallSid: `CA${code(r, k)}`, From: CALLER, To: SEED_NUMBERS[2]! }).toString(),
        sign: 'valid',
      })),
      fc.constant(() => adminJson('POST', '/v1/api-keys', { role: 'viewer' })),
      fc.constant(() => ({ method: 'POST', path: '/v1/sessions', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ site: s.siteKey, url: 'https://shop.example/?utm_source=acme', visitor: s.visitorId }) })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 2, maxLength: 4 }), async (makers) => {
        const r = ++run;
        const writes = makers.map((make) => make(r));
        const res = await Promise.all(writes.map((w) => send(w, racing)));
        res.forEach((x, i) => {
          const label = describeReq(writes[i]!);
          expect(x.status, `${label}\n→ ${x.status} ${x.text.slice(0, 300)}`).toBeLessThan(500);
          if (x.status >= 400) expectContractError(x, label);
        });
      }),
      { numRuns: RUNS },
    );
    // However the races went, no pool made here was stored without its numbers.
    const orphans = await t.db.all(sql`select p.id from pools p where p.name in ('R', 'O') and not exists (select 1 from tracking_numbers n where n.pool_id = p.id)`);
    expect(orphans).toEqual([]);
  });
});
