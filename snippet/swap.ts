import { log } from './log';
import type { SwapNumbers } from './matcher';

/**
 * Where a number must never change: code, form fields, editors and opted-out subtrees.
 * (Inputs keep their value in no text node, and noscript's text never shows while
 * scripts run, so neither needs an entry.)
 */
const EXCLUDED = 'script,style,textarea,select,[contenteditable],[data-dni-noswap]';

/** Swaps numbers in every text node and `tel:` link under `root`, `root` included. */
export function swapTree(root: Node, swapNumbers: SwapNumbers): void {
  const swapNode = (node: Node) => {
    const isText = node.nodeType == 3;
    const before = isText ? (node as Text).data : (node as Element).getAttribute?.('href');
    if (!before || !(isText || /^tel:/i.test(before))) return;
    // A tel: href in any format is swapped like text. `unescape` (unlike
    // decodeURIComponent) never throws on a malformed href.
    const source = isText ? before : unescape(before);
    const after = swapNumbers(source);
    if (after == source) return;
    // Looked up only for the rare node that holds a number, which keeps the walk cheap.
    const element = isText ? node.parentElement : (node as Element);
    if (element?.closest(EXCLUDED)) {
      DEBUG_BUILD && log('excluded', node);
      return;
    }
    if (isText) (node as Text).data = after;
    else element!.setAttribute('href', after);
    DEBUG_BUILD && log('swap', before, after);
  };
  swapNode(root);
  // Text nodes only: the walk never touches an element, the costly part of a big page.
  const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  while (walker.nextNode()) swapNode(walker.currentNode);
  (root as ParentNode).querySelectorAll?.('[href^="tel:" i]').forEach(swapNode);
}
