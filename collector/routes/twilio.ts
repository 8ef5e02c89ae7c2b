import { Hono } from 'hono';
import type { AppEnv } from '../http/context';

export const twilioRoutes = new Hono<AppEnv>();
