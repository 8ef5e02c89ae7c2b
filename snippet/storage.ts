const KEY = 'dni';
// Browsers cap cookie lifetimes near 400 days; the visitor id should live that long.
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;

// Storage may throw on any access (blocked storage, sandboxed frames): every access is guarded.

function readLocal(): string | null | undefined {
  try {
    return localStorage.getItem(KEY);
  } catch {}
}

/**
 * The page's cookie `name`, if set. Not guarded: where reading cookies throws (a
 * sandboxed frame), the page's origin is opaque and the collector refuses it anyway.
 */
export const cookie = (name: string): string | undefined => document.cookie.match(`(^|; )${name}=([^;]*)`)?.[2];

/** The stored value, if any. localStorage first; a cookie where localStorage is unavailable. */
export function load<T>(): T | undefined {
  try {
    // Without a cookie, JSON.parse is handed "undefined" and the throw lands in the catch: nothing stored.
    return JSON.parse(readLocal() || decodeURIComponent(cookie(KEY)!));
  } catch {}
}

/** Stores `value`; null removes every trace of the snippet from the browser. */
export function save(value: unknown): void {
  const raw = value ? JSON.stringify(value) : '';
  try {
    localStorage.setItem(KEY, raw);
    if (raw) return;
  } catch {}
  try {
    document.cookie = `${KEY}=${encodeURIComponent(raw)};path=/;max-age=${raw ? COOKIE_MAX_AGE_S : 0}`;
  } catch {}
}
