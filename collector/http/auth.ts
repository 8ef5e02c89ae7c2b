import { and, eq, isNull, type SQL } from 'drizzle-orm';
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
  c.set('auth', { accountId: key.accountId, role: key.role, publisherId: key.publisherId, keyId: key.id });
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

/** The calls a key may see: its account's, and for a publisher key only its own. */
export function callScope(auth: Auth): SQL {
  return and(eq(calls.accountId, auth.accountId), ownPublisherOnly(auth, calls.publisherId))!;
}
