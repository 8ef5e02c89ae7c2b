// Seeds a database with 1,000,000 sessions over 90 days and 100,000 calls, then times
// the reports over the last 30 days through the real app: the attribution report by
// keyword first (the figure docs/benchmarks.md tracks), then the other common ones.
//   npx tsx bench/report-million.ts            (or: npm run bench -- report)
// The seed is generated inside SQLite (a recursive CTE, one transaction per table),
// with fixed pseudo-random functions of the row number, so every run sees the same data.
import type { Client } from '@libsql/client';
import { DEFAULT_ACCOUNT_ID } from '../collector/bootstrap';
import { createTestApp } from '../test/helpers/app';

const SESSIONS = 1_000_000;
const CALLS = 100_000;
const DAYS = 90;
const KEYWORDS = 2_000;
const PUBLISHERS = 20;
const RUNS = 15;
const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T00:00:00Z');
const SITE = 'st_bench';

// u(salt): a fixed pseudo-random number in [0, 1) for row i: a multiplicative hash
// with a different multiplier per salt, so that source, keyword, page… vary independently.
const MULTIPLIERS = [2654435761, 2246822519, 3266489917, 668265263, 374761393, 1103515245, 1597334677];
const u = (salt: number) => `(((i * ${MULTIPLIERS[salt]} + ${salt * 7919}) % 1000003) / 1000003.0)`;

async function seed(db: Client) {
  await db.executeMultiple(`
    INSERT INTO sites (id, account_id, public_key, name, domains, country, timezone, created_at)
      VALUES ('${SITE}', '${DEFAULT_ACCOUNT_ID}', 'site_bench', 'Bench', '["bench.example"]', 'US', 'America/New_York', 0);
    INSERT INTO publishers (id, account_id, name, code, created_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${PUBLISHERS - 1})
      SELECT 'pub_' || i, '${DEFAULT_ACCOUNT_ID}', 'Publisher ' || i, 'pub' || i, 0 FROM n;
  `);
  // Sources: 45% google cpc with a keyword (skewed: a few keywords get most traffic),
  // 10% bing cpc, 10% facebook paid social, 15% publishers, 20% direct.
  let t = performance.now();
  await db.executeMultiple(`
    BEGIN;
    INSERT INTO sessions (id, account_id, site_id, visitor_id, started_at, last_seen_at, landing_page, source, medium,
                          campaign, keyword, publisher_id, gclid, device, is_bot)
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${SESSIONS - 1}),
    r AS (SELECT i, ${u(1)} AS src, ${u(2)} AS kw, ${u(3)} AS pg, ${u(4)} AS dev, ${u(5)} AS camp FROM n)
    SELECT 's_' || i, '${DEFAULT_ACCOUNT_ID}', '${SITE}', 'v_' || (i / 2),
      ${NOW} - ${DAYS * DAY} + (i * ${Math.floor((DAYS * DAY) / SESSIONS)}),
      ${NOW} - ${DAYS * DAY} + (i * ${Math.floor((DAYS * DAY) / SESSIONS)}) + 120000,
      'https://bench.example/' || CASE WHEN pg < 0.4 THEN '' ELSE 'services/page-' || CAST(pg * 150 AS INTEGER) END,
      CASE WHEN src < 0.45 THEN 'google' WHEN src < 0.55 THEN 'bing' WHEN src < 0.65 THEN 'facebook'
           WHEN src < 0.80 THEN 'pub' || CAST((src - 0.65) / 0.15 * ${PUBLISHERS} AS INTEGER) ELSE '(direct)' END,
      CASE WHEN src < 0.55 THEN 'cpc' WHEN src < 0.65 THEN 'paid_social' WHEN src < 0.80 THEN 'affiliate' ELSE '(none)' END,
      -- Search keywords belong to one campaign each, as ad groups do; other paid traffic
      -- spreads over the campaigns.
      CASE WHEN src < 0.55 THEN 'campaign-' || (CAST(kw * kw * kw * ${KEYWORDS} AS INTEGER) % 40)
           WHEN src < 0.80 THEN 'campaign-' || CAST(camp * 40 AS INTEGER) END,
      CASE WHEN src < 0.55 THEN 'keyword ' || CAST(kw * kw * kw * ${KEYWORDS} AS INTEGER) END,
      CASE WHEN src >= 0.65 AND src < 0.80 THEN 'pub_' || CAST((src - 0.65) / 0.15 * ${PUBLISHERS} AS INTEGER) END,
      CASE WHEN src < 0.45 THEN 'gclid' || i END,
      CASE WHEN dev < 0.55 THEN 'mobile' WHEN dev < 0.95 THEN 'desktop' ELSE 'tablet' END,
      0
    FROM r;
    COMMIT;
  `);
  console.log(`seeded ${SESSIONS.toLocaleString('en')} sessions in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  // Every tenth session calls, five minutes in; 60% qualify at $25, a tenth of those convert.
  t = performance.now();
  const every = SESSIONS / CALLS;
  await db.executeMultiple(`
    BEGIN;
    INSERT INTO calls (id, account_id, site_id, provider, provider_id, tracking_number, caller, started_at, duration_s, status,
                       confidence, session_id, visitor_id, source, medium, campaign, keyword, publisher_id, landing_page, gclid, device,
                       qualified, reasons, duplicate, payout_cents, converted_at, conversion_value_cents, created_at, updated_at)
    WITH c AS (SELECT s.*, s.rowid AS n, ${u(6).replace(/i \*/g, 's.rowid *')} AS q FROM sessions s WHERE s.rowid % ${every} = 3)
    SELECT 'call_' || n, account_id, site_id, 'api', 'CA' || n, '+14155550101', '+1415555' || (1000 + n % 9000),
      started_at + 300000, CAST(q * 400 AS INTEGER), 'completed', 'exclusive', id, visitor_id, source, medium, campaign, keyword,
      publisher_id, landing_page, gclid, device,
      q >= 0.25 AND q < 0.85, CASE WHEN q < 0.25 THEN '["too_short"]' ELSE '[]' END, q >= 0.85,
      CASE WHEN q >= 0.25 AND q < 0.85 THEN 2500 ELSE 0 END,
      CASE WHEN q >= 0.25 AND q < 0.31 THEN started_at + 86400000 END,
      CASE WHEN q >= 0.25 AND q < 0.31 THEN 20000 + CAST(q * 100000 AS INTEGER) END,
      started_at, started_at
    FROM c;
    COMMIT;
  `);
  const [{ n }] = (await db.execute('SELECT COUNT(*) AS n FROM calls')).rows as unknown as [{ n: number }];
  console.log(`seeded ${Number(n).toLocaleString('en')} calls in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.execute('ANALYZE');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The real app over a libSQL file, its clock at NOW.
const app = await createTestApp();
app.clock.set(NOW);
const client = app.db.$client;

async function main() {
  await seed(client);

  const from = new Date(NOW - 30 * DAY).toISOString();
  const to = new Date(NOW).toISOString();
  const range = `from=${from}&to=${to}`;
  const cases = [
    ['attribution by keyword, 30 days', `/v1/reports/attribution?group_by=keyword&${range}`],
    ['attribution by source, 30 days', `/v1/reports/attribution?group_by=source&${range}`],
    ['drill-down: campaigns of google, 30 days', `/v1/reports/attribution?group_by=campaign&source=google&${range}`],
    ['drill-down: keywords of google / campaign-7', `/v1/reports/attribution?group_by=keyword&source=google&campaign=campaign-7&${range}`],
    ['attribution by source,campaign,keyword, 30 days', `/v1/reports/attribution?group_by=source,campaign,keyword&${range}`],
    ['time series by day, 30 days', `/v1/reports/timeseries?interval=day&${range}`],
  ] as const;
  for (const [name, path] of cases) {
    let body: { rows?: unknown[]; totals?: { sessions: number; calls: number }; points?: unknown[] } = {};
    const times: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const t = performance.now();
      const res = await app.get(path);
      body = res.json;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
      times.push(performance.now() - t);
    }
    // The first run counts the month's days for this grouping (once, kept) and warms
    // SQLite's page cache; the median of the others is what a person waits for.
    const [first, ...rest] = times;
    const size = body.rows ? `${body.rows.length} rows, ${body.totals!.sessions} sessions, ${body.totals!.calls} calls` : `${body.points!.length} points`;
    console.log(`${name}: median ${median(rest).toFixed(1)} ms, best ${Math.min(...rest).toFixed(1)} ms over ${RUNS} runs; first run ${first!.toFixed(0)} ms (${size})`);
  }
  const [{ n: counts }] = (await client.execute('SELECT COUNT(*) AS n FROM session_day_counts')).rows as unknown as [{ n: number }];
  console.log(`day counts kept: ${Number(counts).toLocaleString('en')} rows for ${SESSIONS.toLocaleString('en')} sessions`);
}

main()
  .finally(() => app.close())
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
