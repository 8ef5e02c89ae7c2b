// Webhook signatures, as Stripe signs: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`.
// The timestamp is signed too, so a receiver can refuse an old request replayed later.
import { hmacSha256Hex } from '../../crypto';

export async function signatureHeader(secret: string, timestampS: number, body: string): Promise<string> {
  return `t=${timestampS},v1=${await hmacSha256Hex(secret, `${timestampS}.${body}`)}`;
}
