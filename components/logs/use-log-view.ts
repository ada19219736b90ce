'use client';
// What both log views do with their lines: search (the matching lines' indexes, or only them),
// n / N between matches, virtualised rows, and following the end, paused while the reader has
// scrolled up or jumped to a match (scrolling back to the end resumes it).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';

export function useLogView<T extends { text: string }>(
  all: T[],
  o: { query: string; only: boolean; follow: boolean; paused: boolean; wrap: boolean },
) {
  const [current, setCurrent] = useState(-1);
  /** following stopped because the reader scrolled up (scrolling back to the end resumes it) */
  const [scrolledUp, setScrolledUp] = useState(false);
  const q = o.query.toLowerCase();
  // the indexes (in `all`) of the lines that match
  const hits = useMemo(() => (q ? all.flatMap((l, i) => (l.text.toLowerCase().includes(q) ? [i] : [])) : []), [all, q]);
  const lines = useMemo(() => (o.only && q ? hits.map((i) => all[i]) : all), [o.only, q, hits, all]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: lines.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 18,
    overscan: 30,
    measureElement: o.wrap ? (el) => el.getBoundingClientRect().height : undefined,
  });
  const following = o.follow && !o.paused && !scrolledUp && current < 0;
  useEffect(() => {
    if (following && lines.length) virt.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, following, virt]);
  const onScroll = () => {
    const el = parentRef.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (!atEnd && !scrolledUp) setScrolledUp(true);
    if (atEnd && scrolledUp) setScrolledUp(false);
  };
  /** n / N: the next or previous match, scrolled to and marked */
  const jump = (dir: 1 | -1) => {
    if (!hits.length) return;
    const pos = o.only ? current : hits.indexOf(current);
    const next = ((pos < 0 ? (dir === 1 ? -1 : 0) : pos) + dir + hits.length) % hits.length;
    const target = o.only ? next : hits[next];
    setCurrent(target);
    setScrolledUp(true);
    virt.scrollToIndex(target, { align: 'center' });
  };
  const onKey = (e: React.KeyboardEvent) => {
    const tag = (e.target as HTMLElement).tagName;
    if ((tag === 'INPUT' || tag === 'SELECT') && e.key !== 'Enter') return;
    if (e.key === 'n' || (e.key === 'Enter' && !e.shiftKey)) jump(1);
    else if (e.key === 'N' || (e.key === 'Enter' && e.shiftKey)) jump(-1);
    else return;
    e.preventDefault();
  };
  const resume = () => {
    setScrolledUp(false);
    setCurrent(-1);
  };
  /** "3 of 12" when a match is marked */
  const position = current >= 0 && hits.length ? (o.only ? current : hits.indexOf(current)) + 1 : 0;
  return { hits, lines, parentRef, virt, current, setCurrent, scrolledUp, following, onScroll, jump, onKey, resume, position };
}
