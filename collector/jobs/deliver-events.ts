import { deliverDue } from '../services/events/deliver';
import type { ScheduledJob } from './scheduled';

/**
 * Retries what the first try after a request did not deliver (a receiver down, a
 * process killed before it sent). The run's clock starts at the scheduled time and
 * moves on with real time, so claims taken late in a long run still last their full term.
 */
export const deliverEvents: ScheduledJob = {
  name: 'deliver-events',
  run: ({ db, now }) => {
    const startedAt = Date.now();
    return deliverDue(db, () => now + (Date.now() - startedAt));
  },
};
