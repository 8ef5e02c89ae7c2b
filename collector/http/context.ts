import type { Context } from 'hono';
import type { Config } from '../config';
import type { Db } from '../db/client';

/**
 * `integration`: a CRM's key, good only for reporting conversions (POST /v1/conversions).
 * `buyer`: an advertiser that buys calls, reading only the calls routed to its targets.
 */
export type Role = 'admin' | 'viewer' | 'publisher' | 'integration' | 'buyer';

export type Auth = { accountId: string; role: Role; publisherId: string | null; buyerId: string | null; keyId: string };

/** What a runtime entry hands the core. The core never reaches for the runtime itself. */
export type Deps = {
  db: Db;
  config: Config;
  now: () => number;
  /** The client's IP as the runtime sees it (socket on Node, CF-Connecting-IP on Workers). */
  clientIp: (c: Context) => string | undefined;
  /**
   * Runs work after the answer is sent: the first delivery of events a request wrote.
   * Node runs it in-process; Workers hand it to `ctx.waitUntil`. Failures are the
   * work's own business (what it does not finish, the scheduled job retries).
   */
  background: (c: Context, work: () => Promise<unknown>) => void;
};

export type AppEnv = { Variables: { deps: Deps; auth: Auth } };
export type AppContext = Context<AppEnv>;
