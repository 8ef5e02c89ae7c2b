import * as z from 'zod';
import { estimatedKeyBits, MIN_ADMIN_KEY_BITS } from './domain/key-strength';

// Everything the core needs from its environment; each runtime entry builds it.
export type Config = {
  publicUrl: string;
  adminKey?: string;
  demo: boolean;
  twilioAuthToken?: string;
  sessionRateLimit: number;
  /** Wrong API keys one client address may send per minute before every key it sends gets 429; 0: no limit. */
  authFailuresPerMinute: number;
  /** Live session-level leases one client address may hold in one pool; 0: no cap. */
  liveLeasesPerClient: number;
  /** The longest a lease may last, however long its page keeps pinging. */
  leaseMaxMinutes: number;
  /** Write requests (sessions, pings that write) one client address may make per minute; 0: no budget. */
  writeBudgetPerMinute: number;
};

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DNI_PUBLIC_URL: z.url().optional(),
  DNI_ADMIN_KEY: z
    .string()
    .min(24, 'DNI_ADMIN_KEY must be at least 24 characters')
    .refine(
      (key) => estimatedKeyBits(key) >= MIN_ADMIN_KEY_BITS,
      'DNI_ADMIN_KEY is too easy to guess (a word, a run or a repeat); use a random one, e.g. `openssl rand -base64 32`',
    )
    .optional(),
  DNI_DEMO: z.enum(['0', '1']).default('1'),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  DNI_SESSION_RATE_LIMIT: z.coerce.number().int().min(0).default(60),
  DNI_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  DNI_LIVE_LEASES_PER_CLIENT: z.coerce.number().int().min(0).default(5),
  DNI_LEASE_MAX_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(120),
  DNI_WRITE_BUDGET_PER_MINUTE: z.coerce.number().int().min(0).default(300),
});

/**
 * Environment variables checked against `schema`; a variable set to "" counts as unset.
 * Throws an error that names each bad variable.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    throw new Error(`Bad configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * Reads the variables API.md documents; throws a readable error for a bad one.
 * `publicUrl` is only what DNI_PUBLIC_URL says: where the server is reached otherwise
 * (the port it bound, the request's origin) only the runtime entry knows.
 */
export function configFromEnv(env: Record<string, string | undefined>): Omit<Config, 'publicUrl'> & { port: number; publicUrl: string | undefined } {
  const e = parseEnv(envSchema, env);
  return {
    port: e.PORT,
    publicUrl: e.DNI_PUBLIC_URL?.replace(/\/+$/, ''),
    adminKey: e.DNI_ADMIN_KEY,
    demo: e.DNI_DEMO === '1',
    twilioAuthToken: e.TWILIO_AUTH_TOKEN,
    sessionRateLimit: e.DNI_SESSION_RATE_LIMIT,
    authFailuresPerMinute: e.DNI_AUTH_FAILURES_PER_MINUTE,
    liveLeasesPerClient: e.DNI_LIVE_LEASES_PER_CLIENT,
    leaseMaxMinutes: e.DNI_LEASE_MAX_MINUTES,
    writeBudgetPerMinute: e.DNI_WRITE_BUDGET_PER_MINUTE,
  };
}
