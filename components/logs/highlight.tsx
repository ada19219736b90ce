// Shared by the log views (one container's, a workload's merged): search matches marked in a
// line, a log saved as a file, the toolbar's match, follow and state controls, and why a log
// cannot be shown. `id` prefixes each control's test id (log-…, merged-…).
import type { LogStreamState } from '@/lib/api/pods';

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

/** "3 of 12 matching lines", ↑ / ↓ (N / n), and the only-matching switch. */
export function MatchControls(p: {
  id: string;
  position: number;
  matches: number;
  jump: (dir: 1 | -1) => void;
  only: boolean;
  onOnly: (only: boolean) => void;
}) {
  return (
    <>
      <span data-testid={`${p.id}-matches`}>
        {p.position ? `${p.position} of ` : ''}
        {p.matches} matching lines
      </span>
      <button
        type="button"
        data-testid={`${p.id}-prev-match`}
        onClick={() => p.jump(-1)}
        title="previous match (N)"
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5"
      >
        ↑
      </button>
      <button
        type="button"
        data-testid={`${p.id}-next-match`}
        onClick={() => p.jump(1)}
        title="next match (n)"
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5"
      >
        ↓
      </button>
      <label className="flex items-center gap-1">
        <input type="checkbox" data-testid={`${p.id}-only`} checked={p.only} onChange={(e) => p.onOnly(e.target.checked)} />
        only matching
      </label>
    </>
  );
}

/** Pause / resume; while following stopped because the reader scrolled up or jumped, the way back. */
export function FollowControl(p: { id: string; held: boolean; paused: boolean; resume: () => void; pause: () => void }) {
  return p.held && !p.paused ? (
    <button
      type="button"
      data-testid={`${p.id}-resume-follow`}
      onClick={p.resume}
      className="rounded border border-amber-400 bg-amber-50 px-2 py-1 text-amber-900"
    >
      follow paused (scrolled up) — resume
    </button>
  ) : (
    <button
      type="button"
      data-testid={`${p.id}-pause`}
      onClick={() => (p.paused ? p.resume() : p.pause())}
      className="rounded border border-slate-300 bg-white px-2 py-1"
    >
      {p.paused ? 'resume' : 'pause'}
    </button>
  );
}

/** "following · 408 lines (12 oldest dropped)", or what the stream is doing instead. */
export function LogStateLabel(p: { id: string; state: LogStreamState; shown: number; dropped: number }) {
  const { state } = p;
  return (
    <span className="ml-auto" data-testid={`${p.id}-state`} data-phase={state.phase} title={state.message}>
      {state.phase === 'live' ? 'following' : state.phase}
      {state.message && state.phase !== 'unavailable' ? `: ${state.message}` : ''} · {p.shown} lines
      {p.dropped ? ` (${p.dropped} oldest dropped)` : ''}
    </span>
  );
}
