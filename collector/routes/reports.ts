import { Hono } from 'hono';
import type { AppEnv } from '../http/context';

export const reportRoutes = new Hono<AppEnv>();
