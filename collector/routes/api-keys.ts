import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { sha256Hex } from '../crypto';
import { apiKeys, buyers, publishers } from '../db/schema';
import type { Db } from '../db/client';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppEnv, Role } from '../http/context';
import { ApiError } from '../http/errors';
import { newApiKey, newId } from '../ids';

export const keyRoles = ['admin', 'viewer', 'publisher', 'integration', 'buyer'] as const;

const keyBody = z
  .object({ role: z.enum(keyRoles), publisher: z.string().min(1).optional(), buyer: z.string().min(1).optional(), name: z.string().max(200).optional() })
  .refine((k) => (k.role === 'publisher') === (k.publisher !== undefined), {
    message: 'a publisher key names its publisher, and only a publisher key does',
    path: ['publisher'],
  })
  .refine((k) => (k.role === 'buyer') === (k.buyer !== undefined), {
    message: 'a buyer key names its buyer, and only a buyer key does',
    path: ['buyer'],
  });

/** The id of the account's buyer `id`, or undefined when the account has no such buyer. */
export async function buyerOfAccount(db: Db, accountId: string, id: string): Promise<string | undefined> {
  const [b] = await db.select({ id: buyers.id }).from(buyers).where(and(eq(buyers.accountId, accountId), eq(buyers.id, id))).limit(1);
  return b?.id;
}

/**
 * Makes a key and stores only its hash; the key itself is returned once. A generated
 * key keeps its first characters (`dni_` and four random ones) to tell keys apart; an
 * operator-chosen key (DNI_ADMIN_KEY) keeps none: its start may be a guessable word.
 */
export async function issueApiKey(
  db: Db,
  input: { accountId: string; role: Role; publisherId?: string | null; buyerId?: string | null; name?: string | null; key?: string },
  now: number,
) {
  const key = input.key ?? newApiKey();
  const row = {
    id: newId('key'),
    accountId: input.accountId,
    role: input.role,
    publisherId: input.publisherId ?? null,
    buyerId: input.buyerId ?? null,
    name: input.name ?? null,
    keyHash: await sha256Hex(key),
    prefix: input.key === undefined ? key.slice(0, 8) : '',
    createdAt: now,
  };
  await db.insert(apiKeys).values(row);
  return { ...row, key };
}

export const apiKeyRoutes = new Hono<AppEnv>();

apiKeyRoutes.use(requireRole('admin'));

apiKeyRoutes.post('/', async (c) => {
  const { db, now } = c.get('deps');
  const { accountId } = c.get('auth');
  const body = await jsonBody(c, keyBody);
  let publisherId: string | null = null;
  if (body.publisher) {
    const [p] = await db
      .select({ id: publishers.id })
      .from(publishers)
      .where(and(eq(publishers.accountId, accountId), eq(publishers.id, body.publisher)))
      .limit(1);
    if (!p) throw new ApiError('invalid_request', 'publisher: no such publisher in this account');
    publisherId = p.id;
  }
  const buyerId = body.buyer ? await buyerOfAccount(db, accountId, body.buyer) : null;
  if (buyerId === undefined) throw new ApiError('invalid_request', 'buyer: no such buyer in this account');
  const issued = await issueApiKey(db, { accountId, role: body.role, publisherId, buyerId, name: body.name }, now());
  return c.json({ id: issued.id, key: issued.key, role: issued.role, publisher: publisherId, buyer: buyerId, name: issued.name }, 201);
});

apiKeyRoutes.get('/', async (c) => {
  const { db } = c.get('deps');
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.accountId, c.get('auth').accountId)).orderBy(apiKeys.createdAt);
  return c.json({
    api_keys: rows.map((k) => ({
      id: k.id,
      role: k.role,
      publisher: k.publisherId,
      buyer: k.buyerId,
      name: k.name,
      prefix: k.prefix || null,
      created_at: new Date(k.createdAt).toISOString(),
      revoked: k.revokedAt !== null,
    })),
  });
});

apiKeyRoutes.delete('/:id', async (c) => {
  const { db, now } = c.get('deps');
  const auth = c.get('auth');
  if (c.req.param('id') === auth.keyId) throw new ApiError('conflict', 'A key cannot revoke itself');
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now() })
    .where(and(eq(apiKeys.id, c.req.param('id')), eq(apiKeys.accountId, auth.accountId)))
    .returning({ id: apiKeys.id });
  if (!row) throw new ApiError('not_found', 'API key not found');
  return c.body(null, 204);
});
