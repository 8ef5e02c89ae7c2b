import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { createMiddleware } from 'hono/factory';
import { sha256Hex } from '../crypto';
import { apiKeys, calls } from '../db/schema';
import { authFailureKey, countAlone, currentCount, planCount, retryAfterS } from '../services/rate-limit';
import type { AppEnv, Auth, Role } from './context';
import { ApiError, RateLimited } from './errors';

const throttled = (now: number) => new RateLimited('Too many failed authentications from this address; try again later', retryAfterS(now));

/**
 * Resolves `Authorization: Bearer {key}` to an account and role, or answers 401. A
 * client past DNI_AUTH_FAILURES_PER_MINUTE failures gets 429 for the rest of the
 * minute, whatever key it sends: a right key answered then would still confirm a guess.
 */
export const requireKey = createMiddleware<AppEnv>(async (c, next) => {
  const { db, config, now, clientIp } = c.get('deps');
  const limit = config.authFailuresPerMinute;
  const throttleKey = limit > 0 ? authFailureKey(clientIp(c)) : null;
  if (throttleKey && (await currentCount(db, throttleKey, now())) >= limit) throw throttled(now());
  const failed = async (message: string) => {
    if (throttleKey && !(await countAlone(db, planCount(db, throttleKey, limit, now())))) throw throttled(now());
    throw new ApiError('unauthorized', message);
  };
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  // No key at all guesses nothing, so only a wrong key counts as a failure.
  if (!match) throw new ApiError('unauthorized', 'Send an API key as "Authorization: Bearer <key>"');
  const hash = await sha256Hex(match[1]!);
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!key) return failed('Unknown or revoked API key');
  c.set('auth', { accountId: key.accountId, role: key.role, publisherId: key.publisherId, buyerId: key.buyerId, keyId: key.id });
  await next();
});

/** Integration keys (a CRM reporting sales) reach only the conversions route; other keys pass. */
export const confineIntegrationKeys = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('auth').role === 'integration' && !(c.req.method === 'POST' && c.req.path === '/v1/conversions')) {
    throw new ApiError('forbidden', 'An integration key may only POST /v1/conversions');
  }
  await next();
});

// What a buyer key reaches: who it is, its calls (list, detail, CSV) and its own report.
// Everything else (sites, pools, publishers, fraud by source, the Google Ads file, every
// write) is the network's business; a route added later is refused until listed here.
const buyerReadable = [/^\/v1\/me$/, /^\/v1\/calls$/, /^\/v1\/calls\/(?!fraud$)[^/]+$/, /^\/v1\/exports\/calls\.csv$/, /^\/v1\/reports\/(attribution|timeseries)$/];

/** Buyer keys reach only the routes above, and only to read; other keys pass. */
export const confineBuyerKeys = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('auth').role === 'buyer' && !(c.req.method === 'GET' && buyerReadable.some((route) => route.test(c.req.path)))) {
    throw new ApiError('forbidden', 'A buyer key may only read its own calls and report');
  }
  await next();
});

/** Allows only the given roles; the others get 403. */
export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { role } = c.get('auth');
    if (!roles.includes(role)) throw new ApiError('forbidden', `This needs a ${roles.join(' or ')} key`);
    await next();
  });

/** For a publisher key, only the rows `column` credits to its own publisher; no condition for other keys. */
export function ownPublisherOnly(auth: Auth, column: SQLiteColumn): SQL | undefined {
  return auth.role === 'publisher' ? eq(column, auth.publisherId ?? '-') : undefined;
}

/** For a buyer key, only the calls routed to its own buyer's targets; no condition for other keys. */
export function ownBuyerOnly(auth: Auth, column: SQLiteColumn): SQL | undefined {
  return auth.role === 'buyer' ? eq(column, auth.buyerId ?? '-') : undefined;
}

/** The calls a key may see: its account's, and for a publisher or buyer key only its own. */
export function callScope(auth: Auth): SQL {
  return and(eq(calls.accountId, auth.accountId), ownPublisherOnly(auth, calls.publisherId), ownBuyerOnly(auth, calls.buyerId))!;
}

/**
 * The sessions a key may count, beyond its account: a publisher's own. A buyer counts
 * none: sessions are the network's traffic, and a buyer is chosen only once a call rings.
 */
export function sessionScope(auth: Auth, publisherColumn: SQLiteColumn): SQL | undefined {
  return auth.role === 'buyer' ? sql`0` : ownPublisherOnly(auth, publisherColumn);
}
