import { forgetOldTwilioTokens } from '../twilio/idempotency';
import { retentionJob } from '../services/privacy/retention';
import { unstoredVisitsJob } from '../services/unstored-visits';
import { deliverEvents } from './deliver-events';
import type { ScheduledJob } from './scheduled';

/** Every job both entries run on their schedule (Node: DNI_JOBS_INTERVAL_S; Workers: the cron trigger). */
export const scheduledJobs: ScheduledJob[] = [forgetOldTwilioTokens, retentionJob, unstoredVisitsJob, deliverEvents];
