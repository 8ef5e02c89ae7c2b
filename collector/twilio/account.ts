import { and, eq } from 'drizzle-orm';
import { DEFAULT_ACCOUNT_ID } from '../bootstrap';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { accounts, calls, trackingNumbers } from '../db/schema';
import { toE164 } from '../domain/phone';
import { TWILIO } from './params';
import { verifyTwilioSignature } from './signature';

export type SignedRequest = {
  /** The URL Twilio requested, as it was configured: DNI_PUBLIC_URL + path (+ query). */
  url: string;
  signature: string | undefined;
  params: [string, string][];
};

/**
 * The accounts a Twilio request may belong to, most specific first, as the first of
 * these that names any: the owners of the tracking number dialled, the account that
 * already holds the call (a recording callback carries no To), the accounts that saved
 * this AccountSid with their Twilio settings, and last the default account.
 */
async function candidateAccounts(db: Db, form: URLSearchParams): Promise<string[]> {
  const to = toE164(form.get('To') ?? '');
  if (to) {
    // Numbers are unique per account, so several accounts may hold this one: the signature picks.
    const owners = await db.selectDistinct({ accountId: trackingNumbers.accountId }).from(trackingNumbers).where(eq(trackingNumbers.number, to));
    if (owners.length) return owners.map((o) => o.accountId);
  }
  const callSid = form.get('CallSid');
  if (callSid) {
    const rows = await db
      .selectDistinct({ accountId: calls.accountId })
      .from(calls)
      .where(and(eq(calls.provider, TWILIO), eq(calls.providerId, callSid)));
    if (rows.length) return rows.map((r) => r.accountId);
  }
  const accountSid = form.get('AccountSid');
  if (accountSid) {
    const rows = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.twilioAccountSid, accountSid));
    // Another account saving this AccountSid must not lock the default account out:
    // its token still has to verify the signature, so trying it last is safe.
    if (rows.length) return [...new Set([...rows.map((r) => r.id), DEFAULT_ACCOUNT_ID])];
  }
  return [DEFAULT_ACCOUNT_ID];
}

/** An account's auth tokens: the one saved through the API and, for the default account, TWILIO_AUTH_TOKEN. */
async function authTokens(db: Db, config: Config, accountId: string): Promise<string[]> {
  const [row] = await db.select({ token: accounts.twilioAuthToken }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  const tokens = [row?.token, accountId === DEFAULT_ACCOUNT_ID ? config.twilioAuthToken : undefined];
  return [...new Set(tokens.filter((t): t is string => !!t))];
}

/** The account whose auth token signed the request, or null when none did (or none has a token). */
export async function signingAccount(db: Db, config: Config, form: URLSearchParams, request: SignedRequest): Promise<string | null> {
  for (const accountId of await candidateAccounts(db, form)) {
    const tokens = await authTokens(db, config, accountId);
    if (await verifyTwilioSignature({ authTokens: tokens, ...request })) return accountId;
  }
  return null;
}
