// Two buyers, two publishers and June's calls between them, for the buyer role and the
// two-sided money in reports. Written straight into the database (reports-fixture.ts) so
// the ledger does not depend on how call flows fill it in.
//
// call  publisher  buyer       qualified  payout (publisher)  revenue (buyer)  notes
// c1    acme       rooter      yes        2500                4500             recording, caller +15125550101
// c2    acme       drainpros   yes        2500                3500
// c3    bolt       rooter      no (20 s)  0                   0
// c4    bolt       drainpros   yes        4000                3500             converted, 10000
// c5    -          -           yes        2000                0                not routed to a buyer
// c6    -          rooter      yes        0                   4500
//
// Totals: 6 calls, 5 qualified, payouts 11000, buyer revenue 16000, margin 5000.
// Rooter: 3 calls, 2 qualified, payouts 2500, revenue 9000, margin 6500.
// Drain Pros: 2 calls, 2 qualified, payouts 6500, revenue 7000, margin 500.
// Sessions: acme 2, bolt 1, none 1 (sessions have no buyer).
import type { TestApp } from '../helpers/app';
import { callRow, insertRows, publisherWithKey, sessionRow } from './reports-fixture';

export const callers = { c1: '+15125550101', c2: '+15125550102', c3: '+15125550103', c4: '+15125550104', c5: '+15125550105', c6: '+15125550106' } as const;

async function ok(res: Promise<{ status: number; json: any; text: string }>, status: number, what: string) {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.json;
}

export async function seedBuyerLedger(t: TestApp) {
  const site = await ok(t.post('/v1/sites', { name: 'Shop', domains: ['shop.example'], timezone: 'America/New_York' }), 201, 'site');
  const acme = await publisherWithKey(t, 'acme');
  const bolt = await publisherWithKey(t, 'bolt');
  const rooter = await ok(t.post('/v1/buyers', { name: 'Rooter Co' }), 201, 'buyer');
  const drain = await ok(t.post('/v1/buyers', { name: 'Drain Pros' }), 201, 'buyer');
  const rooterKey = await ok(t.post('/v1/api-keys', { role: 'buyer', buyer: rooter.id, name: 'Rooter reporting' }), 201, 'buyer key');
  const drainKey = await ok(t.post('/v1/api-keys', { role: 'buyer', buyer: drain.id }), 201, 'buyer key');
  const s = (o: Parameters<typeof sessionRow>[1]) => sessionRow(site.id, o);
  const sA1 = s({ at: '2026-06-02T14:00:00Z', source: 'acmesrc', keyword: 'acme-kw', publisherId: acme.id });
  const sA2 = s({ at: '2026-06-03T14:00:00Z', source: 'acmesrc', keyword: 'acme-kw', publisherId: acme.id });
  const sB1 = s({ at: '2026-06-04T14:00:00Z', source: 'boltsrc', keyword: 'bolt-kw', publisherId: bolt.id });
  const sN1 = s({ at: '2026-06-05T14:00:00Z', source: 'google', keyword: 'plain-kw' });
  const call = (from: typeof sA1, o: Parameters<typeof callRow>[1]) =>
    callRow(site.id, {
      sessionId: from.id,
      visitorId: from.visitorId,
      source: from.source,
      keyword: from.keyword,
      publisherId: from.publisherId ?? null,
      ...o,
    });
  const c = {
    c1: call(sA1, { at: '2026-06-02T14:05:00Z', caller: callers.c1, buyerId: rooter.id, targetId: 'tg_rooter', qualified: true, durationS: 120, payoutCents: 2500, revenueCents: 4500, recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE-c1' }),
    c2: call(sA2, { at: '2026-06-03T14:05:00Z', caller: callers.c2, buyerId: drain.id, targetId: 'tg_drain', qualified: true, durationS: 95, payoutCents: 2500, revenueCents: 3500 }),
    c3: call(sB1, { at: '2026-06-04T14:05:00Z', caller: callers.c3, buyerId: rooter.id, targetId: 'tg_rooter', qualified: false, reasons: ['too_short'], durationS: 20 }),
    c4: call(sB1, {
      at: '2026-06-04T15:05:00Z',
      caller: callers.c4,
      buyerId: drain.id,
      targetId: 'tg_drain',
      qualified: true,
      durationS: 200,
      payoutCents: 4000,
      revenueCents: 3500,
      convertedAt: Date.parse('2026-06-10T10:00:00Z'),
      conversionValueCents: 10000,
      conversionCurrency: 'USD',
    }),
    c5: call(sN1, { at: '2026-06-05T14:05:00Z', caller: callers.c5, qualified: true, durationS: 100, payoutCents: 2000 }),
    c6: call(sN1, { at: '2026-06-06T14:05:00Z', caller: callers.c6, buyerId: rooter.id, targetId: 'tg_rooter', qualified: true, durationS: 300, revenueCents: 4500 }),
  };
  await insertRows(t, { sessions: [sA1, sA2, sB1, sN1], calls: Object.values(c) });
  return {
    site: site as { id: string },
    acme,
    bolt,
    rooter: { id: rooter.id as string, key: rooterKey.key as string },
    drain: { id: drain.id as string, key: drainKey.key as string },
    calls: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.id!])) as Record<keyof typeof c, string>,
    sessions: [sA1.id!, sA2.id!, sB1.id!, sN1.id!],
  };
}

export type BuyerLedger = Awaited<ReturnType<typeof seedBuyerLedger>>;
