// A month of a plumbing business's traffic for the dashboard's browser tests: a few
// visits and calls through the real API (so journeys, leases and qualification are the
// product's own), and a month of history written straight into the database so the
// charts and tables have something to show.
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../../collector/db/schema';
import { VISITOR_USER_AGENT } from '../helpers/browser';
import type { TestServer } from '../helpers/server';

const DAY = 86_400_000;
const ACCOUNT = 'acc_default';

type Api = TestServer['api'];

// A small, fixed pseudo-random sequence: the same data on every run.
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const traffic = [
  { weight: 30, source: 'google', medium: 'cpc', campaign: 'emergency', keywords: ['emergency plumber', '24 hour plumber', 'burst pipe repair'], device: 'mobile' },
  { weight: 22, source: 'google', medium: 'cpc', campaign: 'spring', keywords: ['drain cleaning', 'water heater install', 'sewer line repair'], device: 'desktop' },
  { weight: 10, source: 'bing', medium: 'cpc', campaign: 'brand', keywords: ['acme plumbing'], device: 'desktop' },
  { weight: 12, source: 'leadpartners', medium: 'affiliate', campaign: 'lp-june', keywords: [null], device: 'mobile', publisher: 'leadpartners' },
  { weight: 8, source: 'homepros', medium: 'affiliate', campaign: 'hp-directory', keywords: [null], device: 'mobile', publisher: 'homepros' },
  { weight: 10, source: 'google', medium: 'organic', campaign: null, keywords: [null], device: 'mobile' },
  { weight: 8, source: '(direct)', medium: '(none)', campaign: null, keywords: [null], device: 'desktop' },
] as const;

export type Seeded = {
  siteId: string;
  /** The call made through the API after a three-page visit (a journey to look at). */
  journeyCallId: string;
  publisherKey: string;
};

export async function seedDashboard(server: TestServer, databaseUrl: string, now = Date.now()): Promise<Seeded> {
  const api: Api = server.api;
  const ok = async (p: ReturnType<Api>, what: string) => {
    const res = await p;
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
  const site = await ok(api('POST', '/v1/sites', { name: 'Acme Plumbing', domains: ['acmeplumbing.example'], timezone: 'America/New_York' }), 'site');
  await ok(api('PUT', `/v1/sites/${site.id}/rules`, { min_duration_s: 60, dedupe_days: 30, payout_cents: 4500 }), 'rules');
  const publishers: Record<string, string> = {};
  for (const [name, code] of [
    ['Lead Partners', 'leadpartners'],
    ['Home Pros Media', 'homepros'],
  ]) {
    publishers[code!] = (await ok(api('POST', '/v1/publishers', { name, code }), 'publisher')).id;
  }
  const numbers = Array.from({ length: 12 }, (_, i) => `+1415555${String(150 + i).padStart(4, '0')}`);
  await ok(
    api('POST', '/v1/pools', { site: site.id, name: 'Website visitors', replace: '+18005550100', forward_to: '+18005550100', numbers }),
    'pool',
  );

  // One visit through the API, three pages, then a call: the journey the tests open.
  // It comes from an ordinary browser's user agent; the collector leases no number to bots.
  const visitor = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': VISITOR_USER_AGENT }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const landing = 'https://acmeplumbing.example/?utm_source=google&utm_medium=cpc&utm_campaign=emergency&utm_term=emergency+plumber&gclid=Cj0KCQjw-demo';
  const visit = await visitor('/v1/sessions', { site: site.public_key, url: landing, referrer: 'https://www.google.com/', title: 'Acme Plumbing · 24/7 emergency plumbers' });
  await visitor(`/v1/sessions/${visit.session}/ping`, { url: 'https://acmeplumbing.example/services/burst-pipes', title: 'Burst pipe repair' });
  await visitor(`/v1/sessions/${visit.session}/ping`, { url: 'https://acmeplumbing.example/contact', title: 'Contact us' });
  const call = await ok(
    api('POST', '/v1/calls', { id: 'CA-journey', to: visit.numbers[0].number, from: '+12125550147', started_at: new Date().toISOString(), duration_s: 184, status: 'completed', caller_state: 'NY' }),
    'call',
  );

  const key = await ok(api('POST', '/v1/api-keys', { role: 'publisher', publisher: publishers.leadpartners, name: 'Lead Partners reporting' }), 'key');

  await writeHistory(databaseUrl, site.id, publishers, now);
  return { siteId: site.id, journeyCallId: call.id, publisherKey: key.key };
}

/** Thirty days of sessions and calls, busier on weekdays, with conversions on some calls. */
async function writeHistory(databaseUrl: string, siteId: string, publishers: Record<string, string>, now: number) {
  const client = createClient({ url: databaseUrl });
  const db = drizzle(client, { schema });
  const rand = random(42);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const totalWeight = traffic.reduce((n, t) => n + t.weight, 0);
  const channel = () => {
    let r = rand() * totalWeight;
    for (const t of traffic) if ((r -= t.weight) < 0) return t;
    return traffic[0];
  };
  const sessions: (typeof schema.sessions.$inferInsert)[] = [];
  const calls: (typeof schema.calls.$inferInsert)[] = [];
  for (let day = 29; day >= 1; day--) {
    const dayStart = now - day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const visits = (weekday === 0 || weekday === 6 ? 18 : 34) + Math.floor(rand() * 12);
    for (let v = 0; v < visits; v++) {
      const t = channel();
      const at = dayStart + Math.floor(rand() * DAY * 0.9);
      const id = `s_seed_${day}_${v}`;
      const keyword = pick(t.keywords);
      const publisherId = 'publisher' in t ? publishers[t.publisher]! : null;
      const attribution = {
        source: t.source,
        medium: t.medium,
        campaign: t.campaign,
        keyword,
        publisherId,
        landingPage: `https://acmeplumbing.example/${pick(['', 'services/drains', 'services/water-heaters', 'emergency'])}`,
        device: rand() < 0.7 ? t.device : 'tablet',
      };
      sessions.push({ id, accountId: ACCOUNT, siteId, visitorId: `v_seed_${day}_${v}`, startedAt: at, lastSeenAt: at + 90_000, ...attribution });
      if (rand() > 0.2) continue;
      const duration = Math.floor(rand() < 0.25 ? 10 + rand() * 45 : 60 + rand() * 400);
      const duplicate = rand() < 0.08;
      const qualified = duration >= 60 && !duplicate;
      const converted = qualified && rand() < 0.3;
      const callAt = at + 120_000 + Math.floor(rand() * 600_000);
      calls.push({
        id: `call_seed_${day}_${v}`,
        accountId: ACCOUNT,
        siteId,
        provider: 'api',
        providerId: `seed-${day}-${v}`,
        trackingNumber: '+14155550150',
        caller: `+1212555${String(1000 + Math.floor(rand() * 8999))}`,
        callerState: 'NY',
        startedAt: callAt,
        durationS: duration,
        status: 'completed',
        confidence: rand() < 0.9 ? 'exclusive' : 'late',
        sessionId: id,
        ...attribution,
        qualified,
        reasons: [...(duration < 60 ? ['too_short'] : []), ...(duplicate ? ['duplicate'] : [])],
        duplicate,
        payoutCents: qualified ? 4500 : 0,
        fraudSignals: duplicate ? ['repeat_caller'] : duration >= 60 && duration < 66 ? ['just_over_minimum'] : [],
        judgedAt: callAt,
        conversionValueCents: converted ? 15_000 + Math.floor(rand() * 60) * 1000 : null,
        conversionCurrency: converted ? 'USD' : null,
        convertedAt: converted ? callAt + DAY : null,
        createdAt: callAt,
        updatedAt: callAt,
      });
    }
  }
  for (let i = 0; i < sessions.length; i += 200) await db.insert(schema.sessions).values(sessions.slice(i, i + 200));
  for (let i = 0; i < calls.length; i += 200) await db.insert(schema.calls).values(calls.slice(i, i + 200));
  client.close();
}
