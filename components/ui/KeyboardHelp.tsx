'use client';
// "?" anywhere (outside a text field) shows the keys; Esc or "?" again hides it.
import { useEffect, useState } from 'react';
import { LIST_KEYS } from './list-keys';

const PAGE_KEYS: [string, string][] = [
  ['n  N', 'logs: next / previous match'],
  ['+  −', 'timeline: zoom in / out'],
  ['←  →', 'timeline: pan'],
  ['0', 'timeline: the whole life'],
];

export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement)?.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
      if (e.key === '?') setOpen((o) => !o);
      else if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  return (
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40"
      onClick={() => setOpen(false)}
      data-testid="keyboard-help"
    >
      <div
        role="dialog"
        aria-label="keyboard shortcuts"
        className="rounded bg-white p-4 text-sm shadow-lg dark:bg-slate-800"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 className="mb-2 font-semibold">Keys</h2>
        <p className="mb-1 text-xs text-slate-500">Every list: pods, triage, events, a workload&apos;s pods</p>
        <table>
          <tbody>
            {[...LIST_KEYS, ...PAGE_KEYS].map(([k, what]) => (
              <tr key={k + what}>
                <td className="mono pr-4 font-semibold">{k}</td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
