// Replays a day of traffic through the real app (real lease statements, real call
// matching, a libSQL file, a simulated clock) for several pool sizes, and prints the
// share of calls credited to the session that really made them against pool size,
// next to the size GET /v1/reports/pools recommends.
//   npx tsx bench/attribution-sim.ts [--visitors-per-hour 60] [--session-minutes 4]
//     [--call-rate 0.1] [--late-share 0.3] [--late-minutes 60] [--lease-minutes 30]
//     [--rest-minutes 15] [--profile diurnal|flat] [--sizes 5,10,20] [--seed 1]
// Visitors arrive as a Poisson process (the hourly rate follows a working-day curve
// peaking at --visitors-per-hour, or stays flat), stay an exponential time (mean
// --session-minutes) pinging every minute like the snippet, and --call-rate of them
// call: during the visit, or (--late-share of callers) up to --late-minutes after
// leaving, to the number they were shown. A visitor shown the business number (pool
// exhausted) calls the business line: that call cannot be attributed.
import { parseArgs } from 'node:util';
import { createTestApp, type TestApp } from '../test/helpers/app';

const { values: args } = parseArgs({
  options: {
    'visitors-per-hour': { type: 'string', default: '60' },
    'session-minutes': { type: 'string', default: '4' },
    'call-rate': { type: 'string', default: '0.1' },
    'late-share': { type: 'string', default: '0.3' },
    'late-minutes': { type: 'string', default: '60' },
    'lease-minutes': { type: 'string', default: '30' },
    'rest-minutes': { type: 'string', default: '15' },
    profile: { type: 'string', default: 'diurnal' },
    sizes: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const P = {
  peakPerHour: Number(args['visitors-per-hour']),
  sessionMinutes: Number(args['session-minutes']),
  callRate: Number(args['call-rate']),
  lateShare: Number(args['late-share']),
  lateMinutes: Number(args['late-minutes']),
  leaseMinutes: Number(args['lease-minutes']),
  restMinutes: Number(args['rest-minutes']),
  profile: args.profile === 'flat' ? 'flat' : 'diurnal',
  seed: Number(args.seed),
};
const MINUTE = 60_000;
const DAY_START = Date.parse('2026-06-01T00:00:00Z');
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const BUSINESS = '+18005550100';

/** mulberry32: a small seeded generator, so every pool size replays the same day. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of the peak rate in hour `h` (UTC): quiet nights, a working-day hump peaking mid-afternoon. */
const hourShape = (h: number) => (P.profile === 'flat' ? 1 : 0.1 + 0.9 * Math.max(0, Math.sin((Math.PI * (h - 6)) / 16)));

type Visitor = { id: number; arrive: number; leave: number; callAt: number | null };
type Event = { at: number; kind: 'open' | 'ping' | 'call'; v: Visitor };

function day(): { visitors: Visitor[]; events: Event[] } {
  const rand = rng(P.seed);
  const exp = (mean: number) => -Math.log(1 - rand()) * mean;
  const visitors: Visitor[] = [];
  for (let h = 0; h < 24; h++) {
    const perMinute = (P.peakPerHour * hourShape(h)) / 60;
    for (let t = DAY_START + h * 60 * MINUTE + exp(1 / perMinute) * MINUTE; t < DAY_START + (h + 1) * 60 * MINUTE; t += exp(1 / perMinute) * MINUTE) {
      const arrive = Math.floor(t);
      const leave = arrive + Math.max(10_000, Math.floor(exp(P.sessionMinutes) * MINUTE));
      let callAt: number | null = null;
      if (rand() < P.callRate) {
        callAt = rand() < P.lateShare ? leave + Math.floor(rand() * P.lateMinutes * MINUTE) : arrive + Math.floor(rand() * (leave - arrive));
      }
      visitors.push({ id: visitors.length, arrive, leave, callAt });
    }
  }
  const events: Event[] = [];
  for (const v of visitors) {
    events.push({ at: v.arrive, kind: 'open', v });
    for (let t = v.arrive + MINUTE; t < v.leave; t += MINUTE) events.push({ at: t, kind: 'ping', v });
    if (v.callAt !== null) events.push({ at: v.callAt, kind: 'call', v });
  }
  // At equal times, opens and pings come before the call they may enable.
  const order = { open: 0, ping: 1, call: 2 };
  events.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
  return { visitors, events };
}

type Outcome = { size: number; calls: number; correct: number; late: number; wrong: number; unattributed: number; refused: number; sessions: number; report: any };

async function replay(size: number, events: Event[]): Promise<Outcome> {
  const t: TestApp = await createTestApp();
  try {
    const site = await t.post('/v1/sites', { name: 'Sim', domains: ['shop.example'] });
    const numbers = Array.from({ length: size }, (_, i) => `+1415${String(2000000 + i).padStart(7, '0')}`);
    const pool = await t.post('/v1/pools', {
      site: site.json.id,
      name: 'Visitors',
      replace: BUSINESS,
      forward_to: BUSINESS,
      lease_minutes: P.leaseMinutes,
      rest_minutes: P.restMinutes,
      match_window_minutes: 60,
      numbers,
    });
    if (pool.status !== 201) throw new Error(pool.text);
    const shown = new Map<number, { session: string; number: string }>();
    const out: Outcome = { size, calls: 0, correct: 0, late: 0, wrong: 0, unattributed: 0, refused: 0, sessions: 0, report: null };
    for (const e of events) {
      t.clock.set(e.at);
      if (e.kind === 'open') {
        const res = await t.post('/v1/sessions', { site: site.json.public_key, url: 'https://shop.example/?utm_source=google&utm_medium=cpc' }, { key: null, headers: { 'user-agent': CHROME } });
        const n = res.json.numbers[0];
        shown.set(e.v.id, { session: res.json.session, number: n.number });
        out.sessions++;
        if (!n.leased) out.refused++;
      } else if (e.kind === 'ping') {
        await t.post(`/v1/sessions/${shown.get(e.v.id)!.session}/ping`, undefined, { key: null });
      } else {
        out.calls++;
        const seen = shown.get(e.v.id)!;
        if (seen.number === BUSINESS) {
          out.unattributed++;
          continue;
        }
        const call = await t.post('/v1/calls', { id: `sim-${e.v.id}`, to: seen.number, started_at: new Date(e.at).toISOString(), duration_s: 120, status: 'completed' });
        const a = call.json.attribution;
        if (a.session === seen.session) {
          out.correct++;
          if (a.confidence === 'late') out.late++;
        } else if (a.session) out.wrong++;
        else out.unattributed++;
      }
    }
    out.report = (await t.get('/v1/reports/pools')).json.pools[0];
    return out;
  } finally {
    t.close();
  }
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

const { visitors, events } = day();
const callers = visitors.filter((v) => v.callAt !== null).length;
console.log(
  `attribution-sim: ${visitors.length} visitors (peak ${P.peakPerHour}/h, ${P.profile}), mean visit ${P.sessionMinutes} min, ${callers} calls ` +
    `(${P.lateShare * 100}% up to ${P.lateMinutes} min after leaving), lease ${P.leaseMinutes} min, rest ${P.restMinutes} min, seed ${P.seed}`,
);

// A pool too large to run out measures the demand the report sizes from.
const ample = await replay(Math.max(20, Math.ceil(P.peakPerHour * 2)), events);
const recommended: number = ample.report.recommended_size;
console.log(
  `report on an ample pool of ${ample.size}: recommended_size ${recommended} (peak hour ${ample.report.sizing.peak_hour_sessions} sessions, ` +
    `hold ${ample.report.sizing.hold_minutes} min, load ${ample.report.sizing.offered_load} Erlangs), peak concurrent leases ${ample.report.peak_leases}`,
);

const sizes = args.sizes
  ? args.sizes.split(',').map(Number)
  : [...new Set([0.25, 0.5, 0.75, 0.9, 1, 1.25].map((f) => Math.max(1, Math.round(recommended * f))))];
const rows: Outcome[] = [];
for (const size of sizes) rows.push(size === ample.size ? ample : await replay(size, events));
rows.push(ample);

console.log('\npool size  vs rec.   sessions refused   calls  correct   (late)   wrong  unattributed  peak leases');
for (const r of [...new Map(rows.map((r) => [r.size, r])).values()].sort((a, b) => a.size - b.size)) {
  console.log(
    `${String(r.size).padStart(9)} ${(r.size / recommended).toFixed(2).padStart(7)} ${String(r.sessions).padStart(10)} ${pct(r.refused, r.sessions).padStart(7)} ` +
      `${String(r.calls).padStart(7)} ${pct(r.correct, r.calls).padStart(8)} ${String(r.late).padStart(8)} ${pct(r.wrong, r.calls).padStart(7)} ${pct(r.unattributed, r.calls).padStart(13)} ${String(r.report.peak_leases).padStart(12)}`,
  );
}
