// Hash routes (#/calls/c_123?keyword=x): they work behind any static host and keep
// each view and its filters in the address bar, so back, reload and links all work.
import { useEffect, useState } from 'preact/hooks';
import { withQuery } from './api';

type Route = { path: string[]; query: URLSearchParams };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function href(path: string, query: Record<string, string | undefined | null> = {}): string {
  return `#/${withQuery(path.replace(/^\//, ''), query)}`;
}

export function navigate(to: string) {
  location.hash = to.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
