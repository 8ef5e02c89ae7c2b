// Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed by the
// account's auth token, over the URL Twilio requested followed by every POST parameter
// sorted by name, each as name + value. Web Crypto only, so Workers run it too.
import { hmacSha1Base64, timingSafeEqual } from '../crypto';

/** The string Twilio signs: `url` and the parameters sorted by name (then value), concatenated. */
function signedPayload(url: string, params: Iterable<[string, string]>): string {
  const sorted = [...params].sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return sorted.reduce((acc, [name, value]) => acc + name + value, url);
}

export async function twilioSignature(authToken: string, url: string, params: Iterable<[string, string]>): Promise<string> {
  return hmacSha1Base64(authToken, signedPayload(url, params));
}

/**
 * The forms of one URL Twilio may have signed: as configured, and with the scheme's
 * default port added or removed (Twilio has signed both ways over the years; its own
 * helper library accepts both).
 */
function urlVariants(url: string): string[] {
  const m = /^(https?):\/\/([^/:?#]+)(:\d+)?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, host, port, rest] = m;
  const defaultPort = scheme!.toLowerCase() === 'https' ? ':443' : ':80';
  const bare = `${scheme}://${host}${rest}`;
  const withDefault = `${scheme}://${host}${defaultPort}${rest}`;
  if (port === undefined) return [bare, withDefault];
  return port === defaultPort ? [url, bare] : [url];
}

/** True when `signature` matches one of `authTokens` (several: a primary and a secondary token). */
export async function verifyTwilioSignature(input: {
  authTokens: readonly string[];
  signature: string | undefined;
  url: string;
  params: Iterable<[string, string]>;
}): Promise<boolean> {
  if (!input.signature) return false;
  const params = [...input.params];
  let valid = false;
  // Every candidate is computed and compared, so the time taken says nothing about which one matched.
  for (const token of input.authTokens) {
    for (const url of urlVariants(input.url)) {
      if (timingSafeEqual(await twilioSignature(token, url, params), input.signature)) valid = true;
    }
  }
  return valid;
}
