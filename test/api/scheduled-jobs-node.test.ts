// The Node entry runs the same job list as the Workers cron trigger.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scheduledJobs } from '../../collector/jobs';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('runs every scheduled job on request, each reported by name', async () => {
  const outcomes = await server.runJobs();
  expect(outcomes.map((o) => o.name)).toEqual(scheduledJobs.map((j) => j.name));
  expect(outcomes.every((o) => o.ok)).toBe(true);
  expect(outcomes.find((o) => o.name === 'forget-old-twilio-tokens')).toEqual({ name: 'forget-old-twilio-tokens', ok: true, result: { forgotten: 0 } });
});
