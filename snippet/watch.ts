import { guard } from './log';

/**
 * Calls `onChange` with nodes added under `root` and text nodes whose text changed,
 * as the browser batches them. Parser-inserted nodes are delivered before the next
 * paint, which is what lets a stored assignment show before the original number does.
 */
export function watchChanges(root: Node, onChange: (node: Node) => void): void {
  new MutationObserver(
    guard((records: MutationRecord[]) => {
      for (const record of records) {
        if (record.type == 'characterData') onChange(record.target);
        else record.addedNodes.forEach(onChange);
      }
    }),
  ).observe(root, { childList: true, subtree: true, characterData: true });
}

/** Calls `onNavigate` after every single-page-app navigation: pushState, replaceState, back and forward. */
export function watchNavigation(onNavigate: () => void): void {
  const notify = guard(onNavigate);
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = (...args: Parameters<History['pushState']>) => {
      original.apply(history, args);
      notify();
    };
  }
  addEventListener('popstate', notify);
}
