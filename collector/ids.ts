const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random id such as `s_4fK9…`: 16 base62 characters (about 95 bits). */
export function newId(prefix: string, length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = `${prefix}_`;
  // 248 is the largest multiple of 62 below 256: rejecting above it keeps the draw uniform.
  for (const b of bytes) out += b < 248 ? ALPHABET[b % 62] : ALPHABET[crypto.getRandomValues(new Uint8Array(1))[0]! % 62];
  return out;
}

/** A new API key: a recognisable prefix and 32 random bytes. */
export function newApiKey(): string {
  return newId('dni', 43);
}
