'use client';
import { useState } from 'react';

export function CopyButton({ text, label = 'copy', testId }: { text: string | (() => string); label?: string; testId?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    const value = typeof text === 'function' ? text() : text;
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // clipboard API unavailable (e.g. plain http): fall back to a selection copy
      const ta = document.createElement('textarea');
      ta.value = value;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1500);
  };
  return (
    <button
      type="button"
      data-testid={testId}
      onClick={copy}
      className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100"
    >
      {done ? 'copied ✓' : label}
    </button>
  );
}
