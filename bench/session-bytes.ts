// Bytes on disk per stored session: a real app over a real libSQL file (test/helpers/app.ts),
// N visits of three pages each (a new session that leases a number, then two pings with
// new pages), measured as the database file's growth once the WAL is checkpointed. Run
// twice: with typical inputs, and with the largest each field accepts (a 4 KiB URL full
// of parameters, a 4 KiB referrer, a 1 KiB title), which the stored-field caps bound.
// Also prints the growth for 1,000 bot requests, which store nothing but a count.
//   npx tsx bench/session-bytes.ts [--sessions 1000]
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { flushUnstoredVisits } from '../collector/services/unstored-visits';
import { createTestApp, type TestApp } from '../test/helpers/app';

const { values: args } = parseArgs({ options: { sessions: { type: 'string', default: '1000' } } });
const N = Number(args.sessions);
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const browser = { key: null, headers: { 'content-type': 'text/plain' } };

async function bytes(t: TestApp): Promise<number> {
  await t.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  const wal = `${t.file}-wal`;
  return statSync(t.file).size + (existsSync(wal) ? statSync(wal).size : 0);
}

const rand = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 3)).join('');

type Visit = { url: (i: number) => string; referrer: string; title: string; page: (i: number, p: number) => string };
const typical: Visit = {
  url: (i) => `https://shop.example/plumbing/emergency?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=emergency+plumber&gclid=${rand(90)}&email=a${i}%40mail.example`,
  referrer: 'https://www.google.com/',
  title: 'Emergency plumbing | Shop',
  page: (i, p) => `https://shop.example/plumbing/page-${p}?session=${i}`,
};
const largest: Visit = {
  url: (i) => `https://shop.example/${'p'.repeat(200)}?${Array.from({ length: 60 }, (_, k) => `${k % 2 ? 'sub' + ((k % 5) + 1) : 'utm_x' + k}=${rand(50)}`).join('&')}&i=${i}`.slice(0, 4000),
  referrer: `https://referrer.example/${'r'.repeat(3900)}`,
  title: 'T'.repeat(1024),
  page: (i, p) => `https://shop.example/${'q'.repeat(3000)}-${p}?utm_content=${rand(500)}&i=${i}`,
};

async function perSession(name: string, v: Visit) {
  const t = await createTestApp();
  try {
    const site = (await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'] })).json;
    const numbers = Array.from({ length: N }, (_, i) => `+1312${String(5_000_000 + i).padStart(7, '0')}`);
    const pool = await t.post('/v1/pools', { site: site.id, name: 'Visitors', replace: '+18005550100', forward_to: '+18005550100', numbers: numbers.slice(0, 1000) });
    for (let i = 1000; i < N; i += 1000) await t.post(`/v1/pools/${pool.json.id}/numbers`, { numbers: numbers.slice(i, i + 1000) });
    const before = await bytes(t);
    for (let i = 0; i < N; i++) {
      const s = await t.post('/v1/sessions', { site: site.public_key, url: v.url(i), referrer: v.referrer, title: v.title }, browser);
      if (s.status !== 200) throw new Error(`session: ${s.status} ${s.text}`);
      for (const p of [1, 2]) {
        t.clock.advance(1_000);
        await t.post(`/v1/sessions/${s.json.session}/ping`, { url: v.page(i, p), title: v.title }, browser);
      }
    }
    const grown = (await bytes(t)) - before;
    console.log(`${name.padEnd(36)} ${N} sessions × 3 pages: ${(grown / 1024).toFixed(0)} KiB, ${Math.round(grown / N)} bytes per stored session`);
  } finally {
    t.close();
  }
}

async function bots() {
  const t = await createTestApp();
  try {
    const site = (await t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'] })).json;
    await t.post('/v1/pools', { site: site.id, name: 'Visitors', replace: '+18005550100', forward_to: '+18005550100', numbers: ['+13125550001'] });
    const before = await bytes(t);
    for (let i = 0; i < 1000; i++) {
      await t.post('/v1/sessions', { site: site.public_key, url: largest.url(i), referrer: largest.referrer, title: largest.title }, { key: null, headers: { 'content-type': 'text/plain', 'user-agent': BOT } });
    }
    await flushUnstoredVisits(t.db, t.clock.now());
    console.log(`${'1,000 bot requests (largest inputs)'.padEnd(36)} ${(await bytes(t)) - before} bytes of file growth`);
  } finally {
    t.close();
  }
}

await perSession('typical inputs', typical);
await perSession('largest inputs (caps bound them)', largest);
await bots();
