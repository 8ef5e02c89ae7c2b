// One delivery to an ad platform: the conversion's facts gathered (the event's call, its
// session's click ids and cookies, what this destination already took for the call),
// the platform's builder asked for a request or a refusal, the OAuth token fetched when
// the platform needs one and none is kept (access-tokens.ts), and the answer read by the platform's rules. No credential, nor
// the access token, ever reaches the delivery log: whatever is stored is scrubbed of them.
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deliveries, destinations, outboxEvents, sessions } from '../../db/schema';
import { conversionEvents, errorMessage, type AdRequest, type ConversionEvent, type ConversionFacts } from '../../domain/events/ad-conversion';
import { adPlatforms, isAdPlatform } from '../../domain/events/ad-platforms';
import { forgetToken, keepToken, keptToken } from './access-tokens';
import { send, type Outcome } from './send';

type EventRow = typeof outboxEvents.$inferSelect;
type DestinationRow = typeof destinations.$inferSelect;

type EventCall = {
  id: string;
  caller: string | null;
  started_at: string;
  conversion: { value_cents: number | null; currency: string | null; at: string | null } | null;
  attribution: { session: string | null; gclid: string | null; msclkid: string | null; fbclid: string | null };
};

const REDACTED = '[redacted]';

/** `text` with every secret in it replaced. */
export function redact(text: string | null, secrets: string[]): string | null {
  if (text === null) return null;
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join(REDACTED), text);
}

const isConversionEvent = (type: string): type is ConversionEvent => (conversionEvents as readonly string[]).includes(type);

async function conversionFacts(db: Db, event: EventRow & { type: ConversionEvent }, destinationId: string): Promise<ConversionFacts> {
  const call = event.payload.call as EventCall;
  const sessionId = call.attribution.session;
  const [session] = sessionId ? await db.select().from(sessions).where(eq(sessions.id, sessionId)).limit(1) : [];
  const earlier = await db
    .select({ type: outboxEvents.type })
    .from(deliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.id, deliveries.eventId))
    .where(and(eq(deliveries.destinationId, destinationId), eq(deliveries.callId, call.id), eq(deliveries.status, 'sent'), lt(deliveries.eventSeq, event.seq)));
  const sale =
    event.type === 'call.converted'
      ? { cents: event.payload.value_cents as number | null, currency: event.payload.currency as string | null }
      : { cents: call.conversion?.value_cents ?? null, currency: call.conversion?.currency ?? null };
  const saleAt = call.conversion?.at ? Date.parse(call.conversion.at) : event.createdAt;
  return {
    event: event.type,
    callId: call.id,
    caller: call.caller,
    startedAt: Date.parse(call.started_at),
    value: sale.cents !== null && sale.currency ? { cents: sale.cents, currency: sale.currency, at: saleAt } : null,
    sentBefore: earlier.map((e) => e.type).filter(isConversionEvent),
    click: {
      // The call's frozen ids first; the session has the rest (and the cookies).
      gclid: call.attribution.gclid ?? session?.gclid ?? null,
      gbraid: session?.gbraid ?? null,
      wbraid: session?.wbraid ?? null,
      msclkid: call.attribution.msclkid ?? session?.msclkid ?? null,
      fbclid: call.attribution.fbclid ?? session?.fbclid ?? null,
      at: session?.startedAt ?? null,
      gaClientId: session?.gaClientId ?? null,
      fbp: session?.fbp ?? null,
      fbc: session?.fbc ?? null,
    },
  };
}

/** The OAuth token endpoint's answer: its `access_token` and `expires_in`, when it gave a token. */
function tokenOf(body: string): { token: string; expiresInS: unknown } | null {
  try {
    const json = JSON.parse(body) as { access_token?: unknown; expires_in?: unknown };
    return typeof json.access_token === 'string' && json.access_token ? { token: json.access_token, expiresInS: json.expires_in } : null;
  } catch {
    return null;
  }
}

const toRequest = (r: AdRequest) => new Request(r.url, { method: r.method, headers: { 'user-agent': 'open-dni-conversions/1', ...r.headers }, body: r.body });
const refusal = (reason: string): Outcome => ({ ok: false, statusCode: null, latencyMs: 0, response: null, error: null, refused: reason });

/** One attempt to an ad platform. Whatever goes wrong on the way is logged scrubbed too. */
export async function sendToAdPlatform(db: Db, event: EventRow, destination: DestinationRow, now: number): Promise<Outcome> {
  try {
    return await attempt(db, event, destination, now);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, statusCode: null, latencyMs: 0, response: null, error: redact(message, Object.values(destination.credentials ?? {})) };
  }
}

async function attempt(db: Db, event: EventRow, destination: DestinationRow, now: number): Promise<Outcome> {
  if (!isAdPlatform(destination.kind)) throw new Error(`${destination.kind} is not an ad platform`);
  const platform = adPlatforms[destination.kind];
  if (!isConversionEvent(event.type) || !event.payload.call) return refusal(`${event.type} is not a conversion`);
  const settings = destination.settings ?? {};
  const credentials = destination.credentials ?? {};
  const secrets = Object.values(credentials);
  const facts = await conversionFacts(db, { ...event, type: event.type }, destination.id);
  const plan = await platform.plan({ baseUrl: destination.url, settings, credentials, facts, now });
  if ('refused' in plan) return refusal(plan.refused);

  let accessToken: string | null = null;
  if (platform.tokenRequest) {
    accessToken = keptToken(destination.id, credentials, now);
    if (!accessToken) {
      const answer = await send(toRequest(platform.tokenRequest(settings, credentials)));
      const exchanged = tokenOf(answer.full);
      if (!exchanged) {
        // The token endpoint's own words (invalid_grant, …), never its whole answer.
        const why = answer.error ?? `${answer.statusCode} ${errorMessage(answer.full, (j) => j?.error_description ?? j?.error) ?? 'no access_token'}`;
        return { ...answer, ok: false, response: null, error: redact(`OAuth token exchange failed: ${why}`, secrets) };
      }
      accessToken = exchanged.token;
      keepToken(destination.id, credentials, accessToken, exchanged.expiresInS, now);
    }
    secrets.push(accessToken);
  }
  const { full, ...answer } = await send(toRequest(plan.request(accessToken)));
  // A token revoked or expired early: the next attempt exchanges again.
  if (accessToken && answer.statusCode === 401) forgetToken(destination.id);
  const verdict = answer.statusCode === null ? 'retry' : platform.verdict(answer.statusCode, full);
  return {
    ...answer,
    ok: verdict === 'sent',
    response: redact(answer.response, secrets),
    error: redact(answer.error, secrets),
    ...(typeof verdict === 'object' ? { refused: redact(verdict.refused, secrets)! } : {}),
  };
}
