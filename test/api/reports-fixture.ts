// Rows for report and export tests, written straight into the test database so the
// ledgers do not depend on how qualification fills them in.
import { calls, sessions } from '../../collector/db/schema';
import type { TestApp } from '../helpers/app';

export const ACCOUNT = 'acc_default';
export const JUNE = { from: '2026-06-01', to: '2026-06-30' };

type SessionRow = typeof sessions.$inferInsert;
type CallRow = typeof calls.$inferInsert;

let seq = 0;
const next = (prefix: string) => `${prefix}_${String(++seq).padStart(4, '0')}`;

export function sessionRow(siteId: string, o: Partial<SessionRow> & { at: string }): SessionRow {
  const at = Date.parse(o.at);
  return {
    id: next('s'),
    accountId: ACCOUNT,
    siteId,
    visitorId: next('v'),
    startedAt: at,
    lastSeenAt: at,
    source: 'google',
    medium: 'cpc',
    landingPage: 'https://shop.example/',
    device: 'desktop',
    ...o,
  };
}

export function callRow(siteId: string, o: Partial<CallRow> & { at: string }): CallRow {
  const at = Date.parse(o.at);
  return {
    id: next('call'),
    accountId: ACCOUNT,
    siteId,
    provider: 'api',
    providerId: next('CA'),
    trackingNumber: '+14155550101',
    caller: '+14155550199',
    startedAt: at,
    status: 'completed',
    confidence: 'exclusive',
    source: 'google',
    medium: 'cpc',
    landingPage: 'https://shop.example/',
    device: 'desktop',
    qualified: false,
    createdAt: at,
    updatedAt: at,
    ...o,
  };
}

export async function insertRows(t: TestApp, rows: { sessions?: SessionRow[]; calls?: CallRow[] }) {
  if (rows.sessions?.length) await t.db.insert(sessions).values(rows.sessions);
  if (rows.calls?.length) await t.db.insert(calls).values(rows.calls);
}

/** A publisher and a key that sees only its data. */
export async function publisherWithKey(t: TestApp, code: string) {
  const pub = await t.post('/v1/publishers', { name: code.toUpperCase(), code });
  if (pub.status !== 201) throw new Error(`publisher: ${pub.text}`);
  const key = await t.post('/v1/api-keys', { role: 'publisher', publisher: pub.json.id });
  if (key.status !== 201) throw new Error(`key: ${key.text}`);
  return { id: pub.json.id as string, key: key.json.key as string };
}
