import { useEffect, useState } from 'preact/hooks';

export type Resource<T> = { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => void };

/**
 * Loads data when `deps` change. The last data stays on screen while new data loads (a
 * filter change does not blank the page), and an answer to an outdated request is dropped.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, loading: false }),
      (error: Error) => !ctl.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => ctl.abort();
    // `deps` is what `load` reads: the caller lists it, as with useEffect.
  }, [...deps, tick]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setTick((t) => t + 1) };
}
