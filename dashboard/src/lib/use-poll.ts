import { useEffect, useRef } from 'preact/hooks';

/**
 * Calls `refresh` every `ms` while the tab is visible, and at once when it becomes visible
 * again: a hidden tab asks the server nothing, and a tab brought back is never stale.
 */
export function usePoll(refresh: () => void, ms: number) {
  // The latest `refresh` without restarting the timer each render.
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      clearInterval(timer);
      timer = setInterval(() => latest.current(), ms);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        latest.current();
        start();
      } else clearInterval(timer);
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ms]);
}
