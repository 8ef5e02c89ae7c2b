import { Hono } from 'hono';
import type { AppEnv } from '../http/context';

export const poolReportRoutes = new Hono<AppEnv>();
