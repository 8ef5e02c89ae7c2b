// The retention job: per account, what is older than the account's settings is
// forgotten the way erasure forgets (forget.ts), so report totals never move. Each run
// handles at most BATCH rows of each kind per account and reports what it did; the
// runner calls it every minute, so a first run over a large history catches up in steps.
import { and, eq, inArray, isNotNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { runBatch, type Statement } from '../../db/leasing';
import { accounts, calls, sessions, visitors } from '../../db/schema';
import type { ScheduledJob } from '../../jobs/scheduled';
import { ERASED_VISITOR, forgetCallers, forgetRecordings, forgetSessions } from './forget';

const DAY_MS = 86_400_000;
const BATCH = 500;

export type RetentionSettings = { sessionsDays: number | null; callersDays: number | null; recordingsDays: number | null };
export type RetentionRun = { accounts: number; sessions: number; visitors: number; callers: number; recordings: number };

/** At most BATCH rows of `table` matching `where`, as a subquery of their ids (an IN list of ids would grow with the batch). */
const some = (db: Db, table: typeof sessions | typeof calls | typeof visitors, where: SQL) =>
  inArray(table.id, db.select({ id: table.id }).from(table).where(where).limit(BATCH));

async function countOf(db: Db, table: typeof sessions | typeof calls | typeof visitors, where: SQL): Promise<number> {
  return (await db.select({ id: table.id }).from(table).where(where).limit(BATCH)).length;
}

/** Forgets what the account keeps longer than its settings allow; answers how many rows of each kind. */
export async function enforceRetention(db: Db, accountId: string, settings: RetentionSettings, now: number): Promise<Omit<RetentionRun, 'accounts'>> {
  const done = { sessions: 0, visitors: 0, callers: 0, recordings: 0 };
  const statements: Statement[] = [];
  if (settings.sessionsDays !== null) {
    const cutoff = now - settings.sessionsDays * DAY_MS;
    const oldSessions = and(eq(sessions.accountId, accountId), lt(sessions.startedAt, cutoff), ne(sessions.visitorId, ERASED_VISITOR))!;
    const oldVisitors = and(eq(visitors.accountId, accountId), lt(visitors.lastSeenAt, cutoff))!;
    done.sessions = await countOf(db, sessions, oldSessions);
    done.visitors = await countOf(db, visitors, oldVisitors);
    // Calls keep their visitor id only as long as the visitor is kept.
    statements.push(db.update(calls).set({ visitorId: null }).where(and(eq(calls.accountId, accountId), inArray(calls.visitorId, db.select({ id: visitors.id }).from(visitors).where(oldVisitors))))!);
    statements.push(...forgetSessions(db, some(db, sessions, oldSessions)), db.delete(visitors).where(some(db, visitors, oldVisitors)));
  }
  if (settings.callersDays !== null) {
    const old = and(eq(calls.accountId, accountId), lt(calls.startedAt, now - settings.callersDays * DAY_MS), or(isNotNull(calls.caller), isNotNull(calls.callerCity), isNotNull(calls.callerZip)))!;
    done.callers = await countOf(db, calls, old);
    statements.push(...forgetCallers(db, some(db, calls, old)));
  }
  if (settings.recordingsDays !== null) {
    const old = and(eq(calls.accountId, accountId), lt(calls.startedAt, now - settings.recordingsDays * DAY_MS), isNotNull(calls.recordingUrl))!;
    done.recordings = await countOf(db, calls, old);
    statements.push(forgetRecordings(db, some(db, calls, old)));
  }
  if (Object.values(done).some((n) => n > 0)) await runBatch(db, statements);
  return done;
}

export const retentionJob: ScheduledJob = {
  name: 'retention',
  run: async ({ db, now }): Promise<RetentionRun> => {
    const rows = await db
      .select({ id: accounts.id, sessionsDays: accounts.retentionSessionsDays, callersDays: accounts.retentionCallersDays, recordingsDays: accounts.retentionRecordingsDays })
      .from(accounts)
      .where(or(isNotNull(accounts.retentionSessionsDays), isNotNull(accounts.retentionCallersDays), isNotNull(accounts.retentionRecordingsDays)));
    const total: RetentionRun = { accounts: rows.length, sessions: 0, visitors: 0, callers: 0, recordings: 0 };
    for (const { id, ...settings } of rows) {
      const done = await enforceRetention(db, id, settings, now);
      total.sessions += done.sessions;
      total.visitors += done.visitors;
      total.callers += done.callers;
      total.recordings += done.recordings;
    }
    return total;
  },
};
