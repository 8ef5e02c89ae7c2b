import { z } from 'zod';

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

const blankToUndefined = (env: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));

/** Reads the variables API.md documents; throws a readable error for a bad one. */
export function configFromEnv(env: Record<string, string | undefined>): Config & { port: number } {
  const parsed = envSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    throw new Error(`Bad configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    publicUrl: (e.DNI_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    adminKey: e.DNI_ADMIN_KEY,
    demo: e.DNI_DEMO === '1',
    twilioAuthToken: e.TWILIO_AUTH_TOKEN,
    sessionRateLimit: e.DNI_SESSION_RATE_LIMIT,
  };
}
