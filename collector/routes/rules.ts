import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { payoutOns, siteRules } from '../db/schema';
import { requireRole } from '../http/auth';
import { jsonBody } from '../http/body';
import type { AppContext, AppEnv } from '../http/context';
import { ApiError, notFound } from '../http/errors';
import { businessHours, currencyCode, e164, region } from '../http/schemas';
import { assertCurrencyChangeAllowed } from '../services/account-currency';
import { siteRulesRow, type SiteRulesRow } from '../services/site-rules';
import { findSite } from '../services/sites';

// Every field is optional: the ones sent replace the stored ones, the others stay.
const rulesBody = z.strictObject({
  min_duration_s: z.number().int().min(0).max(86_400).optional(),
  dedupe_days: z.number().int().min(0).max(365).optional(),
  business_hours: businessHours.nullable().optional(),
  allowed_regions: z.array(region).min(1, 'use null to allow every region').max(500).nullable().optional(),
  blocked_callers: z.array(e164).max(5000).optional(),
  payout_cents: z.number().int().min(0).max(10_000_000).optional(),
  currency: currencyCode.optional(),
  payout_on: z.enum(payoutOns).optional(),
  // A share of the sale, to the hundredth of a percent (12.5 = 12.5 %).
  payout_percent: z
    .number()
    .min(0)
    .max(100)
    .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6, 'at most two decimals')
    .nullable()
    .optional(),
});

const rulesJson = (r: SiteRulesRow) => ({
  site: r.siteId,
  min_duration_s: r.minDurationS,
  dedupe_days: r.dedupeDays,
  business_hours: r.businessHours ?? null,
  allowed_regions: r.allowedRegions ?? null,
  blocked_callers: r.blockedCallers,
  payout_cents: r.payoutCents,
  currency: r.currency,
  payout_on: r.payoutOn,
  payout_percent: r.payoutPercentBp === null ? null : r.payoutPercentBp / 100,
  updated_at: new Date(r.updatedAt).toISOString(),
});

async function siteOf(c: AppContext) {
  const site = await findSite(c.get('deps').db, c.get('auth').accountId, c.req.param('id')!);
  if (!site) throw notFound('Site');
  return site;
}

export const ruleRoutes = new Hono<AppEnv>();

// Changing rules never touches calls already judged: they keep the judgement of their day.
ruleRoutes.put('/:id/rules', requireRole('admin'), async (c) => {
  const { db, now } = c.get('deps');
  const site = await siteOf(c);
  const body = await jsonBody(c, rulesBody);
  const current = await siteRulesRow(db, site.id);
  if (!current) throw notFound('Rules');
  // A share of the sale needs a sale: refused rather than stored and silently ignored.
  const payoutOn = body.payout_on ?? current.payoutOn;
  const percentBp = body.payout_percent === undefined ? current.payoutPercentBp : body.payout_percent === null ? null : Math.round(body.payout_percent * 100);
  if (payoutOn === 'qualified' && percentBp !== null) {
    throw new ApiError('invalid_request', 'payout_percent: only with payout_on "conversion" (send payout_percent: null to pay per qualified call)');
  }
  if (body.currency !== undefined) await assertCurrencyChangeAllowed(db, site.accountId, site.id, body.currency);
  const [row] = await db
    .update(siteRules)
    .set({
      ...(body.min_duration_s !== undefined ? { minDurationS: body.min_duration_s } : {}),
      ...(body.dedupe_days !== undefined ? { dedupeDays: body.dedupe_days } : {}),
      ...(body.business_hours !== undefined ? { businessHours: body.business_hours } : {}),
      ...(body.allowed_regions !== undefined ? { allowedRegions: body.allowed_regions && [...new Set(body.allowed_regions)] } : {}),
      ...(body.blocked_callers !== undefined ? { blockedCallers: [...new Set(body.blocked_callers)] } : {}),
      ...(body.payout_cents !== undefined ? { payoutCents: body.payout_cents } : {}),
      ...(body.currency !== undefined ? { currency: body.currency } : {}),
      payoutOn,
      payoutPercentBp: percentBp,
      updatedAt: now(),
    })
    .where(eq(siteRules.siteId, site.id))
    .returning();
  return c.json(rulesJson(row!));
});

// Publishers see their own calls' outcomes, not the advertiser's terms.
ruleRoutes.get('/:id/rules', requireRole('admin', 'viewer'), async (c) => {
  const site = await siteOf(c);
  const row = await siteRulesRow(c.get('deps').db, site.id);
  if (!row) throw notFound('Rules');
  return c.json(rulesJson(row));
});
