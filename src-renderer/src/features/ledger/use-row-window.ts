import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { ScaledScroll } from './scaled-scroll';

/**
 * Browsers cap an element's height (about 33.5M px in Chromium), and 1M rows of 40 px exceed it.
 * Past this height the scrollbar is scaled: its range maps linearly onto the rows, and the rows
 * on screen are drawn where they fall in the viewport.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface RowWindow {
  /** First and last row index to render (visible plus overscan); last < first when there are none. */
  first: number;
  last: number;
  /** Where the first rendered row sits inside the scrolled spacer, px. */
  top: number;
  /** Height of the spacer that gives the scrollbar its range, px. */
  spacerHeight: number;
  /** Height of the viewport, px. */
  viewport: number;
  /** Scrolls the least needed to show a row whole (nothing when it already is). */
  scrollToIndex(index: number): void;
  /** Back to the first row (a new filter or order). */
  scrollToTop(): void;
}

/** Virtual px per physical px, chosen so the last row is reachable at the bottom of the scrollbar. */
function scaleFor(virtualHeight: number, physicalHeight: number, viewport: number): number {
  if (virtualHeight <= physicalHeight) return 1;
  return (virtualHeight - viewport) / Math.max(1, physicalHeight - viewport);
}

/**
 * The rows of a fixed-row-height list that are on screen, for any number of rows. Written here
 * rather than taken from a virtualizer library because past MAX_SCROLL_PX the scroll offset the
 * rows follow is not the element's scrollTop, which general-purpose virtualizers read directly.
 */
export function useRowWindow(
  bodyRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  // Mutated by scroll handlers only; what rendering needs is copied into `at`.
  const scrollRef = useRef<ScaledScroll | null>(null);
  const [viewport, setViewport] = useState(0);
  const [at, setAt] = useState({ virtual: 0, physical: 0 });

  const virtualHeight = count * rowHeight;
  const spacerHeight = Math.min(virtualHeight, MAX_SCROLL_PX);
  const scale = scaleFor(virtualHeight, spacerHeight, viewport);

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const observer = new ResizeObserver(() => setViewport(body.clientHeight));
    observer.observe(body);
    setViewport(body.clientHeight);
    return () => observer.disconnect();
  }, [bodyRef]);

  // A new row count or viewport changes the scale (and the browser may have clamped the scrollbar).
  useLayoutEffect(() => {
    const scroll = (scrollRef.current ??= new ScaledScroll());
    scroll.scale = scale;
    scroll.max = Math.max(0, virtualHeight - viewport);
    const body = bodyRef.current;
    if (!body) return;
    scroll.fromPhysical(body.scrollTop);
    // Known only after layout; set before paint so no frame shows rows for the old scale.
    setAt({ virtual: scroll.virtual, physical: scroll.physical });
  }, [bodyRef, scale, virtualHeight, viewport]);

  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const scroll = (scrollRef.current ??= new ScaledScroll());
    const publish = () => setAt({ virtual: scroll.virtual, physical: scroll.physical });
    const onScroll = () => {
      scroll.fromPhysical(body.scrollTop);
      publish();
    };
    // On a scaled scrollbar a wheel step would move several times farther than on a short list;
    // it moves the rows one to one instead (see ScaledScroll).
    const onWheel = (event: WheelEvent) => {
      // Ctrl+wheel zooms the page; sideways wheels have nothing to scroll here.
      if (scroll.scale === 1 || event.ctrlKey || event.deltaY === 0) return;
      event.preventDefault();
      const unit =
        event.deltaMode === WheelEvent.DOM_DELTA_LINE
          ? rowHeight
          : event.deltaMode === WheelEvent.DOM_DELTA_PAGE
            ? body.clientHeight
            : 1;
      body.scrollTop = scroll.by(event.deltaY * unit);
      scroll.physical = body.scrollTop;
      publish();
    };
    body.addEventListener('scroll', onScroll, { passive: true });
    body.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      body.removeEventListener('scroll', onScroll);
      body.removeEventListener('wheel', onWheel);
    };
  }, [bodyRef, rowHeight]);

  const goTo = useCallback(
    (target: number) => {
      const body = bodyRef.current;
      const scroll = scrollRef.current;
      if (!body || !scroll) return;
      body.scrollTop = scroll.to(target);
      scroll.physical = body.scrollTop;
      setAt({ virtual: scroll.virtual, physical: scroll.physical });
    },
    [bodyRef],
  );

  const scrollToIndex = useCallback(
    (index: number) => {
      const start = index * rowHeight;
      const virtual = scrollRef.current?.virtual ?? 0;
      if (start < virtual) goTo(start);
      else if (start + rowHeight > virtual + viewport) goTo(start + rowHeight - viewport);
    },
    [goTo, rowHeight, viewport],
  );
  const scrollToTop = useCallback(() => goTo(0), [goTo]);

  const first = Math.max(0, Math.floor(at.virtual / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.floor((at.virtual + viewport) / rowHeight) + overscan);
  // The spacer is scrolled by the physical offset; the rows are placed against the virtual one.
  const top = first * rowHeight - at.virtual + (scale === 1 ? at.virtual : at.physical);
  return { first, last, top, spacerHeight, viewport, scrollToIndex, scrollToTop };
}
