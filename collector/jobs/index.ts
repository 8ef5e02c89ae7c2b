import { forgetOldTwilioTokens } from '../twilio/idempotency';
import type { ScheduledJob } from './scheduled';

/** Every job both entries run on their schedule (Node: DNI_JOBS_INTERVAL_S; Workers: the cron trigger). */
export const scheduledJobs: ScheduledJob[] = [forgetOldTwilioTokens];
