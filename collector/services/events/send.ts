// One HTTP request of a delivery, its outcome as the delivery log keeps it.
export const DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_EXCERPT_CHARS = 500;

/** `refused`: the destination will never take this event (an ad platform's reason); not retried. */
export type Outcome = { ok: boolean; statusCode: number | null; latencyMs: number; response: string | null; error: string | null; refused?: string };

/** Sends `req` (no redirects followed, 10 s at most); `full` is the whole answer, for a caller that reads it. */
export async function send(req: Request): Promise<Outcome & { full: string }> {
  const started = performance.now();
  try {
    const res = await fetch(req, { redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    const full = await res.text();
    const response = full.slice(0, RESPONSE_EXCERPT_CHARS);
    return { ok: res.status >= 200 && res.status < 300, statusCode: res.status, latencyMs: Math.round(performance.now() - started), response, error: null, full };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const error = timedOut ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : `could not connect: ${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)}`;
    return { ok: false, statusCode: null, latencyMs: Math.round(performance.now() - started), response: null, error, full: '' };
  }
}
