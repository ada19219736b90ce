'use client';
// The keys every list in Podscope answers to (pods, triage, events, a workload's pods), in one
// place so they are the same everywhere: j / ↓ and k / ↑ move the cursor, Enter opens the row,
// / focuses the search, Esc leaves a field (or clears the filters), ? shows this help.
import { type RefObject, useEffect, useState } from 'react';

export const LIST_KEYS: [string, string][] = [
  ['j  ↓', 'next row'],
  ['k  ↑', 'previous row'],
  ['Enter', 'open the row'],
  ['/', 'search'],
  ['Esc', 'leave the field; clear the search'],
  ['?', 'this help'],
];

export function useListKeys(opts: {
  count: number;
  onOpen: (index: number) => void;
  searchRef?: RefObject<HTMLInputElement | null>;
  /** scroll a row into view (a virtualised list) */
  scrollTo?: (index: number) => void;
  onEscape?: () => void;
}): { cursor: number; setCursor: (n: number) => void } {
  const [cursor, setCursor] = useState(0);
  const { count, onOpen, searchRef, scrollTo, onEscape } = opts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement;
      const tag = el?.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
        if (e.key === 'Escape' || (e.key === 'Enter' && el === searchRef?.current)) el.blur();
        return;
      }
      const move = (d: number) => {
        e.preventDefault();
        setCursor((c) => {
          const n = Math.max(0, Math.min(count - 1, c + d));
          scrollTo?.(n);
          return n;
        });
      };
      if (e.key === '/' && searchRef?.current) {
        e.preventDefault();
        searchRef.current.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'j') move(1);
      else if (e.key === 'ArrowUp' || e.key === 'k') move(-1);
      else if (e.key === 'Enter' && cursor < count) onOpen(cursor);
      else if (e.key === 'Escape') onEscape?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, cursor, onOpen, searchRef, scrollTo, onEscape]);
  return { cursor: Math.min(cursor, Math.max(0, count - 1)), setCursor };
}
