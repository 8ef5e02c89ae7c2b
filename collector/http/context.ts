import type { Context } from 'hono';
import type { Config } from '../config';
import type { Db } from '../db/client';

export type Role = 'admin' | 'viewer' | 'publisher';

export type Auth = { accountId: string; role: Role; publisherId: string | null; keyId: string };

/** What a runtime entry hands the core. The core never reaches for the runtime itself. */
export type Deps = {
  db: Db;
  config: Config;
  now: () => number;
  /** The client's IP as the runtime sees it (socket on Node, CF-Connecting-IP on Workers). */
  clientIp: (c: Context) => string | undefined;
};

export type AppEnv = { Variables: { deps: Deps; auth: Auth } };
export type AppContext = Context<AppEnv>;
