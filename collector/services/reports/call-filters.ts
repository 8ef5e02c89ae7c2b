import { eq, sql, type SQL } from 'drizzle-orm';
import * as z from 'zod';
import { calls } from '../../db/schema';
import { fraudSignalNames } from '../../domain/fraud-signals';

// What narrows a list of calls beyond the report dimensions: the call log and the calls
// export read the same parameters, so a downloaded file holds the calls on screen.

export const callOutcomeParams = {
  qualified: z.enum(['true', 'false']).optional(),
  fraud_signal: z.enum(fraudSignalNames).optional(),
};

/** SQL that is true when a call's fraud_signals array holds `signal`. */
export const hasSignal = (signal: string) => sql`exists (select 1 from json_each(${calls.fraudSignals}) where value = ${signal})`;

export function callOutcomeWhere(q: { qualified?: 'true' | 'false'; fraud_signal?: string }): SQL[] {
  return [
    ...(q.qualified ? [eq(calls.qualified, q.qualified === 'true')] : []),
    ...(q.fraud_signal ? [hasSignal(q.fraud_signal)] : []),
  ];
}
