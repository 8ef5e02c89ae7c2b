// Which of a flow's targets may take a call, and in what order they are tried. Pure: caps
// are not checked here but claimed in the database (db/routing.ts), so that two calls at
// once can never both take a target's last place.
import { isOpen, type BusinessHours } from './business-hours';
import { regionAllowed } from './qualification';
import { localDate, startOfLocalDay } from './report-time';

export type RoutableTarget = {
  id: string;
  schedule: BusinessHours | null;
  allowedRegions: readonly string[] | null;
  menuAnswers: readonly string[] | null;
  priority: number;
  weight: number;
};

export type CallerFacts = { caller: string | null; callerState: string | null; callerZip: string | null; menuAnswer: string | null };

export type SkipReason = 'closed' | 'region' | 'menu' | 'tried';

/** Why a target cannot take this call, or null when it may (caps aside). */
export function skipReason(target: RoutableTarget, call: CallerFacts, at: number, tried: ReadonlySet<string>): SkipReason | null {
  if (tried.has(target.id)) return 'tried';
  if (!isOpen(target.schedule, at)) return 'closed';
  if (!regionAllowed(target.allowedRegions, call)) return 'region';
  if (target.menuAnswers !== null && (call.menuAnswer === null || !target.menuAnswers.includes(call.menuAnswer))) return 'menu';
  return null;
}

/** The targets that may take the call, and those skipped with why (for the call's step log). */
export function eligibleTargets<T extends RoutableTarget>(targets: readonly T[], call: CallerFacts, at: number, tried: ReadonlySet<string>) {
  const eligible: T[] = [];
  const skipped: { target: string; reason: SkipReason }[] = [];
  for (const t of targets) {
    const reason = skipReason(t, call, at, tried);
    if (reason === null) eligible.push(t);
    else if (reason !== 'tried') skipped.push({ target: t.id, reason });
  }
  return { eligible, skipped };
}

/**
 * The order to try targets in: higher priority first; within a priority a weighted
 * random order (a target of weight 3 comes first three times as often as one of weight
 * 1: each draws u^(1/weight) and the largest goes first). A sticky target (the one that
 * took this caller's last call) goes first when it is eligible. `random` returns [0, 1).
 */
export function orderTargets<T extends RoutableTarget>(targets: readonly T[], random: () => number, stickyTargetId: string | null = null): T[] {
  const keyed = targets.map((t) => ({ t, key: Math.pow(random(), 1 / Math.max(1, t.weight)) }));
  keyed.sort((a, b) => b.t.priority - a.t.priority || b.key - a.key);
  const ordered = keyed.map((k) => k.t);
  const sticky = ordered.findIndex((t) => t.id === stickyTargetId);
  if (sticky > 0) ordered.unshift(...ordered.splice(sticky, 1));
  return ordered;
}

/** When the hour, day and month that contain `at` began in `zone`: the windows of a target's period caps. */
export function periodStarts(zone: string, at: number): { hour: number; day: number; month: number } {
  const { year, month, day } = localDate(zone, at);
  const dayStart = startOfLocalDay(zone, year, month, day);
  // Whole hours since local midnight: correct across zones with 30- and 45-minute offsets too.
  const hour = dayStart + Math.floor((at - dayStart) / 3_600_000) * 3_600_000;
  return { hour, day: dayStart, month: startOfLocalDay(zone, year, month, 1) };
}
