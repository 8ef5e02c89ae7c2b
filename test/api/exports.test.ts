import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createTestApp, type TestApp } from '../helpers/app';
import { callRow, insertRows, publisherWithKey, sessionRow } from './reports-fixture';

let t: TestApp;
let acme: { id: string; key: string };

// Splits our own CSV output (RFC 4180, CRLF) into records, honouring quotes.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  if (field !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

beforeEach(async () => {
  t = await createTestApp();
  const site = await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'], timezone: 'America/New_York' });
  const siteId = site.json.id;
  acme = await publisherWithKey(t, 'acme');
  const clicked = sessionRow(siteId, { at: '2026-06-02T14:00:00Z', gclid: 'Cj0KCQ-abc_123', publisherId: acme.id });
  const oldClick = sessionRow(siteId, { at: '2026-02-01T14:00:00Z', gclid: 'EAIaOld' });
  const dashClick = sessionRow(siteId, { at: '2026-06-03T14:00:00Z', gclid: '-starts_with_dash' });
  const plain = sessionRow(siteId, { at: '2026-06-04T14:00:00Z' });
  await insertRows(t, {
    sessions: [clicked, oldClick, dashClick, plain],
    calls: [
      callRow(siteId, {
        at: '2026-06-02T14:05:09Z',
        sessionId: clicked.id,
        gclid: clicked.gclid,
        publisherId: acme.id,
        keyword: 'plumber, "24/7" near me',
        campaign: '=HYPERLINK("http://evil.example","click")',
        qualified: true,
        payoutCents: 2500,
        durationS: 95,
        convertedAt: Date.parse('2026-06-09T10:00:00Z'),
        conversionValueCents: 123456,
        conversionCurrency: 'USD',
      }),
      // Qualified, with a click id, not converted: a row without a value.
      callRow(siteId, { at: '2026-06-03T14:10:00Z', sessionId: dashClick.id, gclid: dashClick.gclid, qualified: true, payoutCents: 2500, keyword: '@SUM(1+1)', caller: '+14155550111' }),
      // Not qualified: no conversion.
      callRow(siteId, { at: '2026-06-03T15:00:00Z', sessionId: dashClick.id, gclid: dashClick.gclid, qualified: false, reasons: ['too_short', 'duplicate'], durationS: 10, keyword: '-2+3' }),
      // Click older than 90 days: Google would refuse it.
      callRow(siteId, { at: '2026-06-05T14:00:00Z', sessionId: oldClick.id, gclid: oldClick.gclid, qualified: true, payoutCents: 2500 }),
      // No click id.
      callRow(siteId, { at: '2026-06-04T14:05:00Z', sessionId: plain.id, qualified: true, payoutCents: 2500, keyword: '\tTAB', landingPage: '\rCR' }),
      // Outside the range.
      callRow(siteId, { at: '2026-07-15T14:05:00Z', sessionId: clicked.id, gclid: clicked.gclid, qualified: true, payoutCents: 2500 }),
    ],
  });
});
afterEach(() => t.close());

describe('calls.csv', () => {
  it('writes every call in range with a header, quoting and the formula guard', async () => {
    const res = await t.get('/v1/exports/calls.csv?from=2026-06-01&to=2026-06-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="calls.csv"');
    // A byte-order mark, so Excel reads the file as UTF-8 (res.text() drops it; the bytes keep it).
    const bytes = new Uint8Array(await (await t.app.request('/v1/exports/calls.csv', { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).arrayBuffer());
    expect([...bytes.slice(0, 5)]).toEqual([0xef, 0xbb, 0xbf, 0x69, 0x64]);
    const [header, ...rows] = parseCsv(res.text);
    expect(header!.slice(0, 6)).toEqual(['id', 'provider_id', 'started_at', 'site', 'tracking_number', 'caller']);
    expect(rows).toHaveLength(5);
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    const first = rows[0]!;
    expect(col(first, 'started_at')).toBe('2026-06-02T14:05:09.000Z');
    expect(col(first, 'keyword')).toBe('plumber, "24/7" near me');
    expect(col(first, 'campaign')).toBe(`'=HYPERLINK("http://evil.example","click")`);
    // A + at the start is a formula to a spreadsheet, so even a phone number is guarded.
    expect(col(first, 'caller')).toBe("'+14155550199");
    expect(col(first, 'publisher')).toBe('acme');
    expect(col(first, 'conversion_value_cents')).toBe('123456');
    expect(col(first, 'qualified')).toBe('true');
    expect(col(rows[1]!, 'keyword')).toBe("'@SUM(1+1)");
    expect(col(rows[2]!, 'keyword')).toBe("'-2+3");
    expect(col(rows[2]!, 'reasons')).toBe('too_short;duplicate');
    expect(col(rows[3]!, 'keyword')).toBe("'\tTAB");
    expect(col(rows[3]!, 'landing_page')).toBe("'\rCR");
    // The raw text quotes the field with the comma and doubles its quotes.
    expect(res.text).toContain('"plumber, ""24/7"" near me"');
  });

  it("adds the site's name, wall-clock times in the site's zone and E.164 numbers the guard leaves alone", async () => {
    const res = await t.get('/v1/exports/calls.csv?from=2026-06-01&to=2026-06-30');
    const [header, ...rows] = parseCsv(res.text);
    // The new columns come after the old ones, which keep their places.
    expect(header!.slice(-8)).toEqual(['site_name', 'timezone', 'started_at_local', 'converted_at_local', 'tracking_number_e164', 'caller_e164', 'revenue_cents', 'buyer']);
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    const first = rows[0]!;
    expect(col(first, 'site_name')).toBe('Shop');
    expect(col(first, 'timezone')).toBe('America/New_York');
    // 14:05:09Z is 10:05:09 in New York in June (EDT, UTC−4).
    expect(col(first, 'started_at_local')).toBe('2026-06-02 10:05:09');
    expect(col(first, 'converted_at_local')).toBe('2026-06-09 06:00:00');
    expect(col(rows[1]!, 'converted_at_local')).toBe('');
    expect(col(first, 'caller')).toBe("'+14155550199");
    expect(col(first, 'caller_e164')).toBe('+14155550199');
    expect(col(first, 'tracking_number')).toMatch(/^'\+1\d{10}$/);
    expect(col(first, 'tracking_number_e164')).toBe(col(first, 'tracking_number')!.slice(1));
    // Written bare: no guard quote before the `+` (revenue and buyer follow it).
    expect(res.text).toContain(',+14155550199,0,\r\n');
  });

  it('lists newest first with order=desc, as the dashboard does', async () => {
    const ids = async (order: string) => parseCsv((await t.get(`/v1/exports/calls.csv?from=2026-06-01&to=2026-06-30${order}`)).text).slice(1).map((r) => r[0]);
    const oldest = await ids('');
    expect(oldest).toHaveLength(5);
    expect(await ids('&order=asc')).toEqual(oldest);
    expect(await ids('&order=desc')).toEqual([...oldest].reverse());
  });

  it('pages newest first through a long export without losing or repeating a call', async () => {
    const site = (await t.get('/v1/sites')).json.sites[0].id;
    const many = Array.from({ length: 1201 }, (_, i) => callRow(site, { at: new Date(Date.parse('2026-08-01T12:00:00Z') + (i % 3) * 1000).toISOString() }));
    for (let i = 0; i < many.length; i += 200) await insertRows(t, { calls: many.slice(i, i + 200) });
    const rows = parseCsv((await t.get('/v1/exports/calls.csv?from=2026-08-01&to=2026-08-01&order=desc')).text).slice(1);
    expect(new Set(rows.map((r) => r[0])).size).toBe(1201);
    const times = rows.map((r) => r[2]!);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('streams a long export in pages without losing or repeating a call', async () => {
    const site = (await t.get('/v1/sites')).json.sites[0].id;
    // 1,201 calls in the same second: keyset paging must still visit each once.
    const many = Array.from({ length: 1201 }, () => callRow(site, { at: '2026-08-01T12:00:00Z' }));
    for (let i = 0; i < many.length; i += 200) await insertRows(t, { calls: many.slice(i, i + 200) });
    const res = await t.get('/v1/exports/calls.csv?from=2026-08-01&to=2026-08-01');
    const ids = parseCsv(res.text).slice(1).map((r) => r[0]);
    expect(ids).toHaveLength(1201);
    expect(new Set(ids).size).toBe(1201);
  });

  it('gives a publisher only its own calls with the caller masked', async () => {
    const res = await t.get('/v1/exports/calls.csv?from=2026-06-01&to=2026-06-30', acme.key);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(res.text);
    expect(rows).toHaveLength(1);
    expect(rows[0]![header!.indexOf('caller')]).toBe('********0199');
    // A masked caller is no number: nothing in the column for machines.
    expect(rows[0]![header!.indexOf('caller_e164')]).toBe('');
    expect(rows[0]![header!.indexOf('publisher')]).toBe('acme');
  });

  it('holds the calls the call log shows for the same filters', async () => {
    const ids = async (query: string) => {
      const csv = await t.get(`/v1/exports/calls.csv?from=2026-06-01&to=2026-06-30&${query}`);
      expect(csv.status, csv.text).toBe(200);
      const list = await t.get(`/v1/calls?from=2026-06-01&to=2026-06-30&${query}`);
      expect(list.status, list.text).toBe(200);
      const fromCsv = parseCsv(csv.text).slice(1).map((r) => r[0]).sort();
      expect(fromCsv, query).toEqual(list.json.calls.map((c: { id: string }) => c.id).sort());
      return fromCsv.length;
    };
    expect(await ids('qualified=true')).toBe(4);
    expect(await ids('qualified=false')).toBe(1);
    expect(await ids('keyword=%40SUM(1%2B1)')).toBe(1);
    expect(await ids('publisher=acme')).toBe(1);
    expect(await ids('fraud_signal=burst')).toBe(0);
  });

  it('refuses bad parameters with 400', async () => {
    for (const q of ['from=junk', 'to=2026-13-01', 'format=xlsx', 'qualified=maybe', 'order=newest']) {
      const res = await t.get(`/v1/exports/calls.csv?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
  });
});

describe('google-ads.csv', () => {
  it('writes one row per qualified call from a session with a gclid, in Google\'s format', async () => {
    const res = await t.get('/v1/exports/google-ads.csv?conversion_name=Qualified%20call&from=2026-06-01&to=2026-06-30');
    expect(res.status).toBe(200);
    expect(res.text.split('\r\n')).toEqual([
      'Parameters:TimeZone=+0000',
      'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency',
      'Cj0KCQ-abc_123,Qualified call,2026-06-02 14:05:09,1234.56,USD',
      // A click id starting with "-" is an id, not a formula: written as it is.
      '-starts_with_dash,Qualified call,2026-06-03 14:10:00,,',
      '',
    ]);
  });

  it('scopes a publisher, leaving out the advertiser\'s conversion value', async () => {
    const res = await t.get('/v1/exports/google-ads.csv?conversion_name=Call&from=2026-06-01&to=2026-06-30', acme.key);
    expect(parseCsv(res.text).slice(2)).toEqual([['Cj0KCQ-abc_123', 'Call', '2026-06-02 14:05:09', '', '']]);
  });

  it('leaves out clicks too old to upload today, however old the range', async () => {
    // On August 30th both June clicks are under 90 days old; on September 15th neither is.
    t.clock.set('2026-08-30T12:00:00Z');
    const res = await t.get('/v1/exports/google-ads.csv?conversion_name=Call&from=2026-06-01&to=2026-06-30');
    expect(parseCsv(res.text).slice(2).map((r) => r[0])).toEqual(['Cj0KCQ-abc_123', '-starts_with_dash']);
    t.clock.set('2026-09-15T12:00:00Z');
    const later = await t.get('/v1/exports/google-ads.csv?conversion_name=Call&from=2026-06-01&to=2026-06-30');
    expect(parseCsv(later.text).slice(2)).toEqual([]);
  });

  it('needs a conversion name, written as Google Ads shows it', async () => {
    for (const q of ['', 'conversion_name=', `conversion_name=${'x'.repeat(101)}`, 'conversion_name=%3Dcmd', 'conversion_name=%2BCall', 'conversion_name=%40Call']) {
      const res = await t.get(`/v1/exports/google-ads.csv?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json.error.message).toContain('conversion_name');
    }
  });
});
