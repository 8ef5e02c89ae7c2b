import { Hono } from 'hono';
import type { AppEnv } from '../http/context';

export const exportRoutes = new Hono<AppEnv>();
