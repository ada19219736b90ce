'use client';
// Container logs: picker (init containers too), follow, previous, timestamps, tail/since,
// search with highlight, wrap, pause, download. Lines live in a bounded buffer (the data layer's
// useLogStream, which resumes after drops without losing or repeating lines) and rows are
// virtualised, so a chatty container cannot exhaust the tab.
import type { V1Pod } from '@kubernetes/client-node';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '@/lib/logs/cursor';
import type { PodView } from '@/lib/links';
import { podContainers, statusesByName } from '@/lib/k8s/containers';
import { useLogStream } from '../data/log-stream';

const MAX_LINES = 50_000;

interface Props {
  context: string;
  pod: V1Pod;
  container?: string;
  previous: boolean;
  search?: string;
  onChange: (p: Partial<PodView>) => void;
}

function highlight(text: string, q: string) {
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

export function LogViewer({ context, pod, container, previous, search, onChange }: Props) {
  const containers = podContainers(pod);
  const chosen =
    container && containers.some((c) => c.name === container) ? container : (pod.spec?.containers?.[0]?.name ?? containers[0]?.name);
  const [tail, setTail] = useState('500');
  const [sinceSec, setSinceSec] = useState('');
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [paused, setPaused] = useState(false);
  const [query, setQuery] = useState(search ?? '');
  const {
    lines: buf,
    version,
    dropped,
    state,
  } = useLogStream({
    context,
    namespace: pod.metadata?.namespace ?? '',
    pod: pod.metadata?.name ?? '',
    container: chosen,
    previous,
    follow,
    tail,
    sinceSeconds: sinceSec,
    maxLines: MAX_LINES,
  });

  useEffect(() => {
    const t = setTimeout(() => {
      if ((search ?? '') !== query) onChange({ search: query || undefined });
    }, 400);
    return () => clearTimeout(t);
  }, [query, search, onChange]);

  // pausing freezes what is shown; lines keep arriving into the buffer
  const frozen = useRef<LogLine[] | null>(null);
  useEffect(() => {
    frozen.current = paused ? [...buf.current] : null;
  }, [paused, buf]);
  // (`version` moves when lines arrive in the buffer, which is a ref)
  const lines = useMemo(() => (paused && frozen.current ? frozen.current : [...buf.current]), [version, paused, buf]); // eslint-disable-line react-hooks/exhaustive-deps
  const matches = useMemo(
    () => (query ? lines.reduce((n, l) => n + (l.text.toLowerCase().includes(query.toLowerCase()) ? 1 : 0), 0) : 0),
    [lines, query],
  );

  const parentRef = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: lines.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 18,
    overscan: 30,
    measureElement: wrap ? (el) => el.getBoundingClientRect().height : undefined,
  });
  useEffect(() => {
    if (follow && !paused && lines.length) virt.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, follow, paused, virt]);

  const download = () => {
    const text = buf.current.map((l) => (timestamps ? `${l.ts} ${l.text}` : l.text)).join('\n');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
    a.download = `${pod.metadata?.name}_${chosen}${previous ? '_previous' : ''}.log`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const chosenStatus = chosen ? statusesByName(pod).get(chosen) : undefined;
  return (
    <div className="flex h-[70vh] flex-col" data-testid="logs">
      <div className="flex flex-wrap items-center gap-2 pb-2 text-xs">
        <select
          data-testid="log-container"
          value={chosen}
          onChange={(e) => onChange({ container: e.target.value })}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          {containers.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
              {c.kind !== 'main' ? ` (${c.kind})` : ''}
            </option>
          ))}
        </select>
        <label className="flex items-center gap-1">
          <input type="checkbox" data-testid="log-previous" checked={previous} onChange={(e) => onChange({ previous: e.target.checked })} />
          previous container{chosenStatus && !chosenStatus.lastState?.terminated ? ' (none)' : ''}
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={follow} disabled={previous} onChange={(e) => setFollow(e.target.checked)} />
          follow
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" data-testid="log-timestamps" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />
          timestamps
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          wrap
        </label>
        <label className="flex items-center gap-1">
          tail
          <select value={tail} onChange={(e) => setTail(e.target.value)} className="rounded border border-slate-300 bg-white px-1 py-0.5">
            {['100', '500', '2000', '10000', ''].map((v) => (
              <option key={v} value={v}>
                {v || 'all'}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          since
          <select
            value={sinceSec}
            onChange={(e) => setSinceSec(e.target.value)}
            className="rounded border border-slate-300 bg-white px-1 py-0.5"
          >
            {[
              ['', 'start'],
              ['300', '5m'],
              ['3600', '1h'],
              ['86400', '24h'],
            ].map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <input
          data-testid="log-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="search"
          className="w-48 rounded border border-slate-300 px-2 py-1"
        />
        {query && <span data-testid="log-matches">{matches} matching lines</span>}
        <button
          type="button"
          data-testid="log-pause"
          onClick={() => setPaused((p) => !p)}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          {paused ? 'resume' : 'pause'}
        </button>
        <button type="button" onClick={download} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="log-download">
          download
        </button>
        <span className="ml-auto" data-testid="log-state" data-phase={state.phase}>
          {state.phase === 'live' ? 'following' : state.phase}
          {state.message && state.phase !== 'unavailable' ? `: ${state.message}` : ''} · {lines.length} lines
          {dropped ? ` (${dropped} oldest dropped)` : ''}
        </span>
      </div>
      {state.phase === 'unavailable' ? (
        <div className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" data-testid="log-unavailable">
          {state.message}
          {state.hint ? <div className="mt-1 text-amber-800">{state.hint}</div> : null}
        </div>
      ) : (
        <div
          ref={parentRef}
          className="mono flex-1 overflow-auto rounded border border-slate-200 bg-slate-950 text-xs text-slate-100"
          data-testid="log-lines"
        >
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {virt.getVirtualItems().map((vi) => {
              const l = lines[vi.index];
              return (
                <div
                  key={vi.key}
                  data-index={vi.index}
                  ref={wrap ? virt.measureElement : undefined}
                  data-testid="log-line"
                  className={`absolute left-0 w-full px-2 ${wrap ? 'whitespace-pre-wrap break-all' : 'whitespace-pre'}`}
                  style={{ transform: `translateY(${vi.start}px)` }}
                >
                  {timestamps && <span className="text-slate-500">{l.ts} </span>}
                  {highlight(l.text, query)}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
