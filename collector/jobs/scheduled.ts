// Work that runs on a schedule rather than on a request: retention, retries of deliveries.
// Each runtime entry calls runScheduledJobs on its own clock (a Node timer, a Workers cron
// trigger); the jobs themselves only see the database, the configuration and the time.
import type { Config } from '../config';
import type { Db } from '../db/client';

export type JobDeps = { db: Db; config: Config; now: number };

export type ScheduledJob = { name: string; run: (deps: JobDeps) => Promise<unknown> };

export type JobOutcome = { name: string; ok: true; result: unknown } | { name: string; ok: false; error: string };

/** Runs every job in turn; one that throws is logged and reported, and the rest still run. */
export async function runScheduledJobs(deps: JobDeps, jobs: readonly ScheduledJob[]): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  for (const job of jobs) {
    try {
      outcomes.push({ name: job.name, ok: true, result: await job.run(deps) });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      console.error(`scheduled job ${job.name} failed: ${error}`);
      outcomes.push({ name: job.name, ok: false, error });
    }
  }
  return outcomes;
}
