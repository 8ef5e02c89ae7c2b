import * as z from 'zod';
import { dimensions, type Dimension } from './dimensions';

// The query parameters reports and exports share. Unknown parameters are refused so a
// misspelt filter (`campain=`) answers 400 instead of silently reporting everything.

/** A bound: a date in the report's time zone (`2026-06-03`) or an ISO instant with an offset. */
const bound = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'a date (2026-06-03) or an ISO 8601 time with an offset' });

export const rangeParams = {
  from: bound.optional(),
  to: bound.optional(),
  site: z.string().min(1).max(64).optional(),
};

/** One value per dimension narrows the report; an empty value means "no value". */
export const filterParams = Object.fromEntries(dimensions.map((d) => [d, z.string().max(2048).optional()])) as Record<Dimension, z.ZodOptional<z.ZodString>>;

/** Absent: the route picks the default for the key (`source`; `buyer` for a buyer key). */
export const groupByParam = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()))
  .pipe(
    z
      .array(z.enum(dimensions))
      .min(1)
      .refine((keys) => new Set(keys).size === keys.length, 'each dimension once'),
  )
  .optional();
