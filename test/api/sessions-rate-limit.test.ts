// The fixed-window counter behind DNI_SESSION_RATE_LIMIT, on a real database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateCounters } from '../../collector/db/schema';
import type { Db } from '../../collector/db/client';
import { countAlone, newSessionCount, planCount, windowStart } from '../../collector/services/rate-limit';
import { createTestApp, type TestApp } from '../helpers/app';

const MINUTE = 60_000;
const T = Date.parse('2026-06-01T15:03:00Z');

// Each count run on its own, as a resumed session's is.
const countAndCheck = (db: Db, key: string, limit: number, now: number) => countAlone(db, planCount(db, key, limit, now));
const allowNewSession = (db: Db, siteId: string, ip: string | undefined, limit: number, now: number) => countAlone(db, newSessionCount(db, siteId, ip, limit, now));

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('countAndCheck', () => {
  it('allows `limit` events per key per fixed minute and starts each minute afresh', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await countAndCheck(t.db, 'k', 3, T + i * 10_000));
    expect(results).toEqual([true, true, true, false]);
    expect(await countAndCheck(t.db, 'other', 3, T + 50_000)).toBe(true);
    // 15:03:59.999 is still the same window; 15:04:00 is a new one.
    expect(await countAndCheck(t.db, 'k', 3, T + MINUTE - 1)).toBe(false);
    expect(await countAndCheck(t.db, 'k', 3, T + MINUTE)).toBe(true);
    const rows = await t.db.select().from(rateCounters);
    expect(rows.find((r) => r.key === 'k')).toEqual({ key: 'k', windowStart: T + MINUTE, count: 1 });
  });

  it('clears quiet keys in the first minute of every ten', async () => {
    await countAndCheck(t.db, 'old', 5, T);
    await countAndCheck(t.db, 'recent', 5, T + 6 * MINUTE);
    await countAndCheck(t.db, 'new', 5, T + 6 * MINUTE + 30_000); // 15:09:30: not a pruning minute
    expect((await t.db.select().from(rateCounters)).map((r) => r.key).sort()).toEqual(['new', 'old', 'recent']);
    await countAndCheck(t.db, 'first', 5, T + 7 * MINUTE); // 15:10:00
    expect((await t.db.select().from(rateCounters)).map((r) => r.key)).toEqual(['first']);
  });
});

describe('allowNewSession', () => {
  it('is off at 0 and without a client address, and keys by site and address', async () => {
    expect(windowStart(T + 1234)).toBe(T);
    for (let i = 0; i < 3; i++) expect(await allowNewSession(t.db, 'st_1', '203.0.113.7', 0, T)).toBe(true);
    for (let i = 0; i < 3; i++) expect(await allowNewSession(t.db, 'st_1', undefined, 1, T)).toBe(true);
    expect(await t.db.select().from(rateCounters)).toHaveLength(0);
    expect(await allowNewSession(t.db, 'st_1', '203.0.113.7', 1, T)).toBe(true);
    expect(await allowNewSession(t.db, 'st_1', '203.0.113.7', 1, T)).toBe(false);
    expect(await allowNewSession(t.db, 'st_2', '203.0.113.7', 1, T)).toBe(true);
    expect(await allowNewSession(t.db, 'st_1', '2001:db8::1', 1, T)).toBe(true);
  });

  it('counts an IPv6 client by its /64, so rotating addresses within it gains nothing', async () => {
    expect(await allowNewSession(t.db, 'st_1', '2001:db8:0:1::1', 2, T)).toBe(true);
    expect(await allowNewSession(t.db, 'st_1', '2001:db8:0:1::2', 2, T)).toBe(true);
    expect(await allowNewSession(t.db, 'st_1', '2001:db8:0:1:ffff::9', 2, T)).toBe(false);
    expect(await allowNewSession(t.db, 'st_1', '2001:db8:0:2::1', 2, T)).toBe(true);
  });
});
