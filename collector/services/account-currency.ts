import { and, eq, isNotNull, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calls, siteRules, sites } from '../db/schema';
import { ApiError } from '../http/errors';

// An account reports in one currency. Reports add payouts and conversion values across
// sites and calls, and with no exchange rates to hand, a sum of dollars and yen is a
// lie; so every site's payout and every conversion of an account share its currency.

const DEFAULT_CURRENCY = 'USD';

/** The currency an account's payouts and conversions are in: its sites' (USD before it has any). */
export async function accountCurrency(db: Db, accountId: string): Promise<string> {
  const [row] = await db
    .select({ currency: siteRules.currency })
    .from(siteRules)
    .innerJoin(sites, eq(sites.id, siteRules.siteId))
    .where(eq(sites.accountId, accountId))
    .limit(1);
  return row?.currency ?? DEFAULT_CURRENCY;
}

/**
 * Refuses to put `siteId`'s payouts in `currency` while another site of the account, or
 * a call already judged, uses a different one. An account's only site may still switch
 * before any call is judged.
 */
export async function assertCurrencyChangeAllowed(db: Db, accountId: string, siteId: string, currency: string): Promise<void> {
  const [otherSite] = await db
    .select({ currency: siteRules.currency })
    .from(siteRules)
    .innerJoin(sites, eq(sites.id, siteRules.siteId))
    .where(and(eq(sites.accountId, accountId), ne(sites.id, siteId), ne(siteRules.currency, currency)))
    .limit(1);
  const [judgedCall] = otherSite
    ? []
    : await db
        .select({ currency: calls.currency })
        .from(calls)
        .where(and(eq(calls.accountId, accountId), isNotNull(calls.judgedAt), ne(calls.currency, currency)))
        .limit(1);
  const current = otherSite?.currency ?? judgedCall?.currency;
  if (current) throw new ApiError('conflict', `currency: this account reports in ${current}; every site's payouts and every conversion use it`);
}

/** Refuses a conversion value in any currency but the account's. */
export async function assertAccountCurrency(db: Db, accountId: string, currency: string): Promise<void> {
  const current = await accountCurrency(db, accountId);
  if (currency !== current) throw new ApiError('invalid_request', `currency: this account reports in ${current}; record the conversion in ${current}`);
}
