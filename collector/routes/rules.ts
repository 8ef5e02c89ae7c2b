import { Hono } from 'hono';
import type { AppEnv } from '../http/context';

export const ruleRoutes = new Hono<AppEnv>();
