// Records a sale on a call: its value replaces any earlier one (a corrected or restated
// value), and `call.converted` is written in the same batch, so every destination hears
// of the sale and of each restatement. A call judged qualified under pay-on-conversion
// gets its payout from the sale in the same batch (with `payout.changed` when it moves).
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calls } from '../db/schema';
import { callEvents } from '../domain/events/call-events';
import { conversionPayout } from '../domain/qualification';
import { accountCurrency, assertAccountCurrency } from './account-currency';
import { buyerRevenue } from './buyer-revenue';
import { callEventWrites } from './events/outbox';

type CallRow = typeof calls.$inferSelect;

export type Conversion = { valueCents: number; currency?: string; at: number };

export async function convertCall(db: Db, call: CallRow, conversion: Conversion, now: number): Promise<CallRow> {
  const currency = conversion.currency ?? (await accountCurrency(db, call.accountId));
  await assertAccountCurrency(db, call.accountId, currency);
  const converted = { conversionValueCents: conversion.valueCents, conversionCurrency: currency, convertedAt: conversion.at, updatedAt: now };
  // A target that converts on a posted conversion earns its revenue now, and a call that
  // pays on conversion its payout, by the terms frozen when it was judged.
  const changes = {
    ...converted,
    revenueCents: await buyerRevenue(db, { ...call, ...converted }),
    ...(call.qualified && call.payoutTerms ? { payoutCents: conversionPayout(call.payoutTerms, conversion.valueCents) } : {}),
  };
  const [[updated]] = await db.batch([
    db.update(calls).set(changes).where(eq(calls.id, call.id)).returning(),
    ...(await callEventWrites(db, call, callEvents(call, { ...call, ...changes }), now)),
  ]);
  return updated!;
}

/** The caller's latest call of the account that started within `windowMs` before `at`. */
export async function callByCaller(db: Db, accountId: string, caller: string, at: number, windowMs: number): Promise<CallRow | undefined> {
  const [row] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.accountId, accountId), eq(calls.caller, caller), lte(calls.startedAt, at), gte(calls.startedAt, at - windowMs)))
    .orderBy(desc(calls.startedAt))
    .limit(1);
  return row;
}
