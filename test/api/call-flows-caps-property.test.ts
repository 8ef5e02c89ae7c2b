// 200 calls at once against targets with caps: whatever the caps, no target ever has more
// live legs than its concurrency cap or more counted calls than its daily cap, and every
// call is either dialled to a target or sent to the overflow.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestApp, siteWithPool } from '../helpers/app';
import { SimulatedCall } from '../helpers/call-simulator';
import { TWILIO_TOKEN } from '../helpers/twilio';

const CALLS = 200;
const OVERFLOW = '+18005550199';
const destinations = ['+15125550101', '+15125550102', '+15125550103'];

describe('caps under 200 concurrent calls', () => {
  it('are never exceeded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ concurrency: fc.option(fc.integer({ min: 1, max: 40 })), daily: fc.option(fc.integer({ min: 1, max: 60 })), priority: fc.integer({ min: 0, max: 2 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        // Some calls end (answered or not) while others arrive: places come back and are taken again.
        fc.array(fc.constantFrom('live', 'completed', 'no-answer'), { minLength: CALLS, maxLength: CALLS }),
        async (caps, endings) => {
          const t = await createTestApp({ twilioAuthToken: TWILIO_TOKEN });
          try {
            const numbers = Array.from({ length: 10 }, (_, i) => `+1415555${String(1000 + i)}`);
            const { pool } = await siteWithPool(t, { numbers });
            const buyer = (await t.post('/v1/buyers', { name: 'B' })).json.id;
            const targets: { id: string; concurrency: number | null; daily: number | null }[] = [];
            for (const [i, c] of caps.entries()) {
              const res = await t.post('/v1/targets', { buyer, name: `T${i}`, destination: destinations[i], concurrency_cap: c.concurrency, daily_cap: c.daily, priority: c.priority });
              targets.push({ id: res.json.id, concurrency: c.concurrency, daily: c.daily });
            }
            const flow = (await t.post('/v1/flows', { name: 'F', targets: targets.map((x) => x.id), overflow: { kind: 'number', number: OVERFLOW } })).json;
            await t.put(`/v1/pools/${pool.id}/flow`, { flow: flow.id });

            const calls = endings.map((_, i) => new SimulatedCall(t, `+1212555${String(1000 + i)}`, numbers[i % numbers.length]!));
            await Promise.all(
              calls.map(async (c, i) => {
                await c.voice();
                const ending = endings[i]!;
                if (ending !== 'live' && c.dialled() !== OVERFLOW) await c.dialEnded(ending, ending === 'completed' ? 90 : 0);
              }),
            );

            for (const c of calls) expect([...destinations, OVERFLOW]).toContain(c.dialled() ?? (c.hungUp() ? OVERFLOW : null));
            const rows = await t.db.all<{ target_id: string; live: number; counted: number }>(sql`
              select target_id, sum(ended_at is null) live, sum(outcome is null or outcome = 'completed') counted from call_attempts group by target_id`);
            for (const target of targets) {
              const row = rows.find((r) => r.target_id === target.id) ?? { live: 0, counted: 0 };
              if (target.concurrency !== null) expect(row.live).toBeLessThanOrEqual(target.concurrency);
              if (target.daily !== null) expect(row.counted).toBeLessThanOrEqual(target.daily);
            }
            // Calls are only sent to the overflow when every target was capped.
            const overflowed = calls.filter((c) => c.dialled() === OVERFLOW).length;
            const uncapped = targets.some((x) => x.concurrency === null && x.daily === null);
            if (uncapped) expect(overflowed).toBe(0);
          } finally {
            t.close();
          }
        },
      ),
      { numRuns: 2 },
    );
  }, 240_000);
});
