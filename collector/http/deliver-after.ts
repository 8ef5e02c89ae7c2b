import { createMiddleware } from 'hono/factory';
import { deliverDue } from '../services/events/deliver';
import type { AppEnv } from './context';

/**
 * After a write that may have produced events (a call, a conversion, a resend), starts
 * delivering them once the answer is out, so a receiver hears of a call in about the
 * time its own request takes rather than at the next scheduled run.
 */
export const deliverAfter = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method === 'GET' || c.res.status >= 400) return;
  const { db, now, background } = c.get('deps');
  background(c, () => deliverDue(db, now));
});
