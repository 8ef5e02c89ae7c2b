import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

type Edges = 'left' | 'right' | 'left right' | undefined;

/** Which sides of `e` have more content beyond them. */
function edgesOf(e: HTMLElement): Edges {
  const left = e.scrollLeft > 1;
  const right = e.scrollLeft + e.clientWidth < e.scrollWidth - 1;
  return left && right ? 'left right' : left ? 'left' : right ? 'right' : undefined;
}

/**
 * A box that scrolls sideways what is wider than the screen (a table), and says so:
 * `data-scrolls` names the sides with more beyond them, and the stylesheet fades those
 * edges, so a cut column reads as "scroll for more", not as missing.
 */
export function ScrollBox({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<Edges>(undefined);
  useEffect(() => {
    const box = ref.current!;
    const update = () => setEdges(edgesOf(box));
    update();
    box.addEventListener('scroll', update, { passive: true });
    const resized = new ResizeObserver(update);
    resized.observe(box);
    if (box.firstElementChild) resized.observe(box.firstElementChild);
    return () => {
      box.removeEventListener('scroll', update);
      resized.disconnect();
    };
  }, []);
  return (
    <div class="table-wrap" ref={ref} data-scrolls={edges}>
      {children}
    </div>
  );
}
