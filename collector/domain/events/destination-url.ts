// Where events may be sent. Pure. Receivers are reached over https; plain http only on
// this machine (a receiver under development, the tests' local receivers).
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why `url` cannot receive events, or null when it can. */
export function destinationUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password) return 'put credentials in the path or query, not before the host';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return 'must be https (http only for localhost)';
}
