import type { Assignment } from './collector';
import { log } from './log';

// The collector's `reason` for a `leased:false` number, as the debug log says it.
const REASONS: Record<string, string> = {
  bot: 'bot: business number kept',
  exhausted: 'pool exhausted',
  rate_limited: 'rate limited',
};

/** Debug builds only: says why the page keeps numbers that were not leased to it. */
export function explain(assignment: Assignment): void {
  if (!assignment.numbers.length) log('no pool', "none of the site's pools serves this visit: numbers kept");
  for (const { replace, number, reason } of assignment.numbers) {
    if (reason) log(REASONS[reason] ?? reason, replace, number);
  }
}
