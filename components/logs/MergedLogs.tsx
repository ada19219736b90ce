'use client';
// A workload's merged logs: one chronological stream of every container of every pod, each line
// tagged with its pod (a colour of its own) and container. Pods that appear join, deleted ones
// end with a marker; a severity filter (from the line's own format, lib/logs/severity), pods
// hidden or shown by their chip, search with n / N or only matching lines, timestamps, pause,
// download. The search and severity are in the link.
import { useEffect, useMemo, useRef, useState } from 'react';
import { type Severity, SEVERITY_ORDER } from '@/lib/logs/severity';
import { type ShownLine, useMergedLogStream } from '../data/merged-log-stream';
import { downloadLines, FollowControl, highlight, LOG_PANE, LogStateLabel, LogUnavailable, MatchControls } from './highlight';
import { useLogView } from './use-log-view';

const MAX_LINES = 20_000;
/** one colour per pod, in the order pods appear (readable on the dark log background) */
const POD_COLOURS = [
  'text-sky-300',
  'text-emerald-300',
  'text-amber-300',
  'text-fuchsia-300',
  'text-lime-300',
  'text-cyan-300',
  'text-orange-300',
  'text-violet-300',
  'text-teal-300',
  'text-pink-300',
];
const CHIP_COLOURS = [
  'border-sky-500',
  'border-emerald-500',
  'border-amber-500',
  'border-fuchsia-500',
  'border-lime-500',
  'border-cyan-500',
  'border-orange-500',
  'border-violet-500',
  'border-teal-500',
  'border-pink-500',
];
export const LEVEL_FILTERS = ['all', 'warn', 'error'] as const;
export type LevelFilter = (typeof LEVEL_FILTERS)[number];
const LEVEL_TONE: Partial<Record<Severity, string>> = {
  warn: 'text-amber-200',
  error: 'text-red-300',
  fatal: 'text-red-300 font-semibold',
};

interface Props {
  context: string;
  namespace: string;
  kind: string;
  name: string;
  search?: string;
  level: LevelFilter;
  onChange: (p: { search?: string; level?: LevelFilter }) => void;
}

export function MergedLogs({ context, namespace, kind, name, search, level, onChange }: Props) {
  const [query, setQuery] = useState(search ?? '');
  const [only, setOnly] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [paused, setPaused] = useState(false);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const {
    lines: buf,
    version,
    dropped,
    sources,
    pods,
    state,
  } = useMergedLogStream({
    context,
    namespace,
    kind,
    name,
    tail: 100,
    maxLines: MAX_LINES,
  });
  const colour = useMemo(() => new Map(pods.map((p, i) => [p, i % POD_COLOURS.length])), [pods]);
  const podOf = (l: ShownLine) => l.source.split('/')[0];

  // pausing freezes what is shown; lines keep arriving into the buffer
  const frozen = useRef<ShownLine[] | null>(null);
  useEffect(() => {
    frozen.current = paused ? [...buf.current] : null;
  }, [paused, buf]);
  const min = level === 'all' ? -1 : SEVERITY_ORDER[level];
  // (`version` moves when lines arrive in the buffer, which is a ref)
  const all = useMemo(
    () =>
      (frozen.current ?? buf.current).filter(
        (l) => !hidden.has(podOf(l)) && (min < 0 || l.marker || (l.level !== undefined && SEVERITY_ORDER[l.level] >= min)),
      ),
    [version, paused, hidden, min, buf], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const view = useLogView(all, { query, only, follow: true, paused, wrap });
  const { lines, parentRef, virt, current } = view;
  const setSearch = (q: string) => {
    setQuery(q);
    view.setCurrent(-1);
  };
  useEffect(() => {
    const t = setTimeout(() => {
      if ((search ?? '') !== query) onChange({ search: query || undefined });
    }, 400);
    return () => clearTimeout(t);
  }, [query, search, onChange]);
  const toggle = (pod: string) =>
    setHidden((h) => {
      const n = new Set(h);
      if (n.has(pod)) n.delete(pod);
      else n.add(pod);
      return n;
    });
  const running = new Map<string, string[]>();
  for (const s of sources.sources) running.set(s.pod, [...(running.get(s.pod) ?? []), s.container]);

  return (
    <div className="flex h-[70vh] flex-col" data-testid="merged-logs" onKeyDown={view.onKey}>
      <div className="flex flex-wrap items-center gap-2 pb-2 text-xs">
        <label className="flex items-center gap-1">
          severity
          <select
            data-testid="merged-level"
            value={level}
            onChange={(e) => onChange({ level: e.target.value as LevelFilter })}
            className="rounded border border-slate-300 bg-white px-1 py-0.5"
          >
            <option value="all">all lines</option>
            <option value="warn">warnings and errors</option>
            <option value="error">errors only</option>
          </select>
        </label>
        <input
          data-testid="merged-search"
          value={query}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="search"
          className="w-48 rounded border border-slate-300 px-2 py-1"
        />
        {query && (
          <>
            <MatchControls id="merged" position={view.position} matches={view.hits.length} jump={view.jump} only={only} onOnly={setOnly} />
          </>
        )}
        <label className="flex items-center gap-1">
          <input type="checkbox" data-testid="merged-timestamps" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />
          timestamps
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          wrap
        </label>
        <FollowControl
          id="merged"
          held={view.scrolledUp || current >= 0}
          paused={paused}
          resume={() => {
            view.resume();
            setPaused(false);
          }}
          pause={() => setPaused(true)}
        />
        <button
          type="button"
          data-testid="merged-download"
          onClick={() =>
            downloadLines(
              `${kind}_${namespace}_${name}.log`,
              buf.current.map((l) => `${l.ts} ${l.source}${l.marker ? ' --' : ''} ${l.text}`),
            )
          }
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          download
        </button>
        <LogStateLabel id="merged" state={state} shown={lines.length} dropped={dropped} />
      </div>
      <div className="flex flex-wrap gap-1 pb-2 text-xs" data-testid="merged-pods">
        {pods.map((p) => (
          <button
            key={p}
            type="button"
            data-testid="merged-pod"
            data-pod={p}
            data-hidden={hidden.has(p) ? 'true' : undefined}
            onClick={() => toggle(p)}
            title={`${running.has(p) ? `reading ${running.get(p)!.join(', ')}` : 'no longer read (deleted or replaced)'} — click to ${hidden.has(p) ? 'show' : 'hide'} its lines`}
            className={`mono max-w-[16rem] truncate rounded border-l-4 border-y border-r border-y-slate-200 border-r-slate-200 bg-white px-2 py-0.5 ${CHIP_COLOURS[colour.get(p) ?? 0]} ${hidden.has(p) ? 'opacity-40 line-through' : ''} ${running.has(p) ? '' : 'italic text-slate-500'}`}
          >
            {p}
          </button>
        ))}
        {sources.skipped > 0 && (
          <span className="text-amber-800" data-testid="merged-skipped">
            {sources.skipped} more containers not read (at most {sources.sources.length} at once)
          </span>
        )}
      </div>
      {state.phase === 'unavailable' ? (
        <LogUnavailable message={state.message} hint={state.hint} testId="merged-unavailable" />
      ) : (
        <div ref={parentRef} className={LOG_PANE} data-testid="merged-lines" onScroll={view.onScroll} tabIndex={0}>
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {virt.getVirtualItems().map((vi) => {
              const l = lines[vi.index];
              const [pod, container] = l.source.split('/');
              return (
                <div
                  key={l.seq}
                  data-index={vi.index}
                  ref={wrap ? virt.measureElement : undefined}
                  data-testid={l.marker ? 'merged-marker' : 'merged-line'}
                  data-source={l.source}
                  data-level={l.level}
                  data-current={vi.index === current ? 'true' : undefined}
                  className={`absolute left-0 flex w-full gap-2 px-2 ${vi.index === current ? 'bg-amber-900/60' : ''} ${l.marker ? 'italic text-slate-400' : ''}`}
                  style={{ transform: `translateY(${vi.start}px)` }}
                >
                  <span className={`w-56 shrink-0 truncate ${POD_COLOURS[colour.get(pod) ?? 0]}`} title={l.source}>
                    {pod}
                    {container ? <span className="text-slate-500">/{container}</span> : null}
                  </span>
                  {timestamps && <span className="shrink-0 text-slate-500">{l.ts}</span>}
                  <span
                    className={`min-w-0 ${wrap ? 'whitespace-pre-wrap break-all' : 'whitespace-pre'} ${l.level ? (LEVEL_TONE[l.level] ?? '') : ''}`}
                  >
                    {l.marker ? `— ${l.text} —` : highlight(l.text, query)}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
