'use client';
// Live / reconnecting / stale since HH:MM:SS — for the tab's stream and the watches behind a view.
import type { WatchState } from '@/lib/api/stream';
import { useConnection, useNow } from '../data/stream-hooks';

const hhmmss = (t: number) => new Date(t).toLocaleTimeString([], { hour12: false });

export function ConnectionBadge({ watches = [] }: { watches?: WatchState[] }) {
  const conn = useConnection();
  const now = useNow(1000);
  const bad = watches.find((w) => w.phase === 'reconnecting' || w.phase === 'error');
  const connecting = conn.phase === 'connecting' || watches.some((w) => w.phase === 'connecting');
  let label = 'live';
  let cls = 'bg-emerald-100 text-emerald-800 border-emerald-300';
  let title = 'Receiving updates from the cluster';
  if (conn.phase === 'reconnecting' || bad) {
    const since = conn.phase === 'reconnecting' ? conn.since : bad!.since;
    const long = now - since > 5000;
    label = long ? `stale since ${hhmmss(since)}` : 'reconnecting…';
    cls = long ? 'bg-red-100 text-red-800 border-red-300' : 'bg-amber-100 text-amber-800 border-amber-300';
    title = bad?.message ? `Reconnecting: ${bad.message}` : 'The connection to Podscope dropped; reconnecting';
    if (bad?.phase === 'error') {
      label = `error: ${bad.errorKind ?? 'failed'}`;
      cls = 'bg-red-100 text-red-800 border-red-300';
    }
  } else if (connecting) {
    label = 'connecting…';
    cls = 'bg-slate-100 text-slate-700 border-slate-300';
  }
  return (
    <span
      data-testid="connection-state"
      data-phase={label.split(' ')[0].replace('…', '')}
      title={title}
      className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-xs font-medium ${cls}`}
    >
      <span
        className={`h-2 w-2 rounded-full ${label === 'live' ? 'bg-emerald-500' : label.startsWith('connecting') ? 'bg-slate-400' : 'bg-current'}`}
      />
      {label}
    </span>
  );
}
