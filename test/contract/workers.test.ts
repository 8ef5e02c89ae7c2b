// The HTTP contract against the Workers entry (collector/worker.ts) under wrangler dev:
// workerd with a local D1 that `wrangler d1 migrations apply --local` prepared.
import { startTestWorker } from '../helpers/worker';
import { CONTRACT_ENV, contractSuite } from './suite';

contractSuite('Workers (workerd + local D1)', async () => {
  const worker = await startTestWorker({ vars: { ...CONTRACT_ENV } });
  return { ...worker, runJobs: () => worker.runCron() };
});
