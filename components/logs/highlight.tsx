// Shared by the log views: search matches marked in a line, a log saved as a file, and why a
// log cannot be shown.

/** Why there is no log to show (not started, no previous container, forbidden, not found). */
export function LogUnavailable({ message, hint, testId }: { message?: string; hint?: string; testId: string }) {
  return (
    <div className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" data-testid={testId}>
      {message}
      {hint ? <div className="mt-1 text-amber-800">{hint}</div> : null}
    </div>
  );
}

/** The dark, scrolling pane the lines are drawn in. */
export const LOG_PANE = 'mono flex-1 overflow-auto rounded border border-slate-200 bg-slate-950 text-xs text-slate-100';

/** The line with every case-insensitive occurrence of q in <mark>. */
export function highlight(text: string, q: string): React.ReactNode {
  if (!q) return text;
  const parts: (string | React.ReactElement)[] = [];
  const lower = text.toLowerCase(),
    ql = q.toLowerCase();
  let i = 0,
    k = 0;
  for (let j = lower.indexOf(ql); j >= 0; j = lower.indexOf(ql, i)) {
    parts.push(text.slice(i, j), <mark key={k++}>{text.slice(j, j + q.length)}</mark>);
    i = j + q.length;
  }
  parts.push(text.slice(i));
  return parts;
}

/** Saves lines as a text file (the browser's download). */
export function downloadLines(filename: string, lines: string[]): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/plain' }));
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}
