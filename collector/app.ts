import { Hono, type Context } from 'hono';
import { confineBuyerKeys, confineIntegrationKeys, requireKey } from './http/auth';
import type { AppEnv, Deps } from './http/context';
import { ApiError, RateLimited } from './http/errors';
import { securityHeadersMiddleware } from './http/security-headers';
import { adPlatformRoutes } from './routes/ad-platforms';
import { apiKeyRoutes } from './routes/api-keys';
import { buyerRoutes } from './routes/buyers';
import { callRoutes } from './routes/calls';
import { conversionRoutes } from './routes/conversions';
import { destinationRoutes } from './routes/destinations';
import { demoRoutes } from './routes/demo';
import { exportRoutes } from './routes/exports';
import { flowAssignmentRoutes } from './routes/flow-assignments';
import { flowRoutes } from './routes/flows';
import { healthRoutes } from './routes/health';
import { meRoutes } from './routes/me';
import { poolReportRoutes } from './routes/pool-report';
import { poolRoutes } from './routes/pools';
import { auditRoutes, callerRoutes, visitorRoutes } from './routes/privacy';
import { publisherRoutes } from './routes/publishers';
import { reportRoutes } from './routes/reports';
import { ruleRoutes } from './routes/rules';
import { sessionRoutes } from './routes/sessions';
import { settingsRoutes } from './routes/settings';
import { siteRoutes } from './routes/sites';
import { targetRoutes } from './routes/targets';
import { twilioRoutes } from './routes/twilio';

/** The JSON 404 for a path nothing serves; the Node entry answers its own unknown paths with it too. */
export const noRoute = (c: Context) => c.json(new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`).toJSON(), 404);

/** The whole collector, independent of runtime: each entry supplies `deps`. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use(securityHeadersMiddleware);
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });

  app.route('/', healthRoutes);
  app.route('/', demoRoutes);
  app.route('/v1/sessions', sessionRoutes);
  // Carriers sign their requests instead of sending an API key.
  app.route('/v1/twilio', twilioRoutes);

  const api = new Hono<AppEnv>();
  api.use(requireKey);
  api.use(confineIntegrationKeys);
  api.use(confineBuyerKeys);
  api.route('/sites', siteRoutes);
  api.route('/sites', ruleRoutes);
  api.route('/pools', poolRoutes);
  api.route('/publishers', publisherRoutes);
  api.route('/api-keys', apiKeyRoutes);
  api.route('/me', meRoutes);
  api.route('/settings', settingsRoutes);
  api.route('/calls', callRoutes);
  api.route('/conversions', conversionRoutes);
  api.route('/webhooks', destinationRoutes('webhook'));
  api.route('/postbacks', destinationRoutes('postback'));
  api.route('/ad-platforms', adPlatformRoutes);
  api.route('/reports', reportRoutes);
  api.route('/reports', poolReportRoutes);
  api.route('/exports', exportRoutes);
  api.route('/visitors', visitorRoutes);
  api.route('/callers', callerRoutes);
  api.route('/audit', auditRoutes);
  api.route('/buyers', buyerRoutes);
  api.route('/targets', targetRoutes);
  api.route('/flows', flowRoutes);
  api.route('/', flowAssignmentRoutes);
  app.route('/v1', api);

  app.notFound(noRoute);
  app.onError((err, c) => {
    if (err instanceof RateLimited) c.header('Retry-After', String(err.retryAfterS));
    if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
    console.error(err);
    return c.json({ error: { code: 'internal', message: 'Internal error' } }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
