import { Hono } from 'hono';
import type { AppEnv } from '../http/context';

export const healthRoutes = new Hono<AppEnv>();

// Entries build the app only after migrations ran, so answering at all means ready.
healthRoutes.get('/healthz', (c) => c.json({ ok: true }));
