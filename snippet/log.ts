/** `?dni_debug=1` on the page's address asks for logging, for whoever debugs an install. */
export const debugAsked = (): boolean => /\bdni_debug=1/.test(location.search);

const enabled = DEBUG_BUILD && debugAsked();

/** Explains a decision on the console when debugging is on; silent otherwise. */
export function log(...details: unknown[]): void {
  if (enabled) console.debug('[dni]', ...details);
}

/**
 * Wraps a callback so that no error escapes into the host page: the snippet runs on
 * other people's sites, and a broken snippet must leave the page as it was.
 */
export function guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch (error) {
      DEBUG_BUILD && log('error', error);
    }
  };
}
