import * as z from 'zod';

// Everything the core needs from its environment; each runtime entry builds it.
export type Config = {
  publicUrl: string;
  adminKey?: string;
  demo: boolean;
  twilioAuthToken?: string;
  sessionRateLimit: number;
};

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DNI_PUBLIC_URL: z.url().optional(),
  DNI_ADMIN_KEY: z.string().min(24, 'DNI_ADMIN_KEY must be at least 24 characters').optional(),
  DNI_DEMO: z.enum(['0', '1']).default('1'),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  DNI_SESSION_RATE_LIMIT: z.coerce.number().int().min(0).default(60),
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
  };
}
