'use client';
// Container logs: picker (init containers too), follow, previous, timestamps, tail/since,
// search with highlight, wrap, pause, download. Lines live in a bounded buffer (the data layer's
// useLogStream, which resumes after drops without losing or repeating lines) and rows are
// virtualised, so a chatty container cannot exhaust the tab.
import type { V1Pod } from '@kubernetes/client-node';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '@/lib/logs/cursor';
import { LOG_TAILS, type PodView } from '@/lib/links';
import { podContainers, statusesByName } from '@/lib/k8s/containers';
import { useLogStream } from '../data/log-stream';
import { downloadLines, FollowControl, highlight, LOG_PANE, LogStateLabel, LogUnavailable, MatchControls } from './highlight';
import { useLogView } from './use-log-view';

const MAX_LINES = 50_000;

interface Props {
  context: string;
  pod: V1Pod;
  /** the link's log state: container, previous, search, only, timestamps, follow, tail */
  view: PodView;
  /** the container the diagnosis points at: opened when the link names none */
  preferred?: string;
  onChange: (p: Partial<PodView>) => void;
}

export function LogViewer({ context, pod, view, preferred, onChange }: Props) {
  const containers = podContainers(pod);
  const has = (n?: string) => !!n && containers.some((c) => c.name === n);
  const chosen = has(view.container)
    ? view.container
    : has(preferred)
      ? preferred
      : (pod.spec?.containers?.[0]?.name ?? containers[0]?.name);
  const chosenStatus = chosen ? statusesByName(pod).get(chosen) : undefined;
  // previous, unless the link says: when the current container has not started and an earlier one ran
  const previous = view.previous ?? (!!chosenStatus?.state?.waiting && !!chosenStatus.lastState?.terminated);
  const tail = view.tail ?? '500';
  const follow = view.follow ?? true;
  const timestamps = !!view.timestamps;
  const only = !!view.only;
  const search = view.search;
  const [sinceSec, setSinceSec] = useState('');
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
    tail: tail === '0' ? '' : tail,
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
  const all = useMemo(() => (paused && frozen.current ? frozen.current : [...buf.current]), [version, paused, buf]); // eslint-disable-line react-hooks/exhaustive-deps
  const {
    hits,
    lines,
    parentRef,
    virt,
    current,
    setCurrent,
    scrolledUp,
    onScroll,
    jump,
    onKey,
    resume: resumeFollow,
    position,
  } = useLogView(all, { query, only, follow, paused, wrap });
  const matches = hits.length;
  const resume = () => {
    resumeFollow();
    setPaused(false);
  };

  const download = () =>
    downloadLines(
      `${pod.metadata?.name}_${chosen}${previous ? '_previous' : ''}.log`,
      buf.current.map((l) => (timestamps ? `${l.ts} ${l.text}` : l.text)),
    );

  return (
    <div className="flex h-[70vh] flex-col" data-testid="logs" onKeyDown={onKey}>
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
          <input
            type="checkbox"
            data-testid="log-follow"
            checked={follow}
            disabled={previous}
            onChange={(e) => onChange({ follow: e.target.checked ? undefined : false })}
          />
          follow
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            data-testid="log-timestamps"
            checked={timestamps}
            onChange={(e) => onChange({ timestamps: e.target.checked || undefined })}
          />
          timestamps
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          wrap
        </label>
        <label className="flex items-center gap-1">
          tail
          <select
            data-testid="log-tail"
            value={tail}
            onChange={(e) => onChange({ tail: e.target.value === '500' ? undefined : e.target.value })}
            className="rounded border border-slate-300 bg-white px-1 py-0.5"
          >
            {LOG_TAILS.map((v) => (
              <option key={v} value={v}>
                {v === '0' ? 'all' : v}
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
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(-1);
          }}
          placeholder="search"
          className="w-48 rounded border border-slate-300 px-2 py-1"
        />
        {query && (
          <>
            <MatchControls
              id="log"
              position={position}
              matches={matches}
              jump={jump}
              only={only}
              onOnly={(v) => onChange({ only: v || undefined })}
            />
          </>
        )}
        <FollowControl
          id="log"
          held={follow && !previous && (scrolledUp || current >= 0)}
          paused={paused}
          resume={resume}
          pause={() => setPaused(true)}
        />
        <button type="button" onClick={download} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="log-download">
          download
        </button>
        <LogStateLabel id="log" state={state} shown={lines.length} dropped={dropped} />
      </div>
      {state.phase === 'unavailable' ? (
        <LogUnavailable message={state.message} hint={state.hint} testId="log-unavailable" />
      ) : (
        <div ref={parentRef} className={LOG_PANE} data-testid="log-lines" onScroll={onScroll} tabIndex={0}>
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {virt.getVirtualItems().map((vi) => {
              const l = lines[vi.index];
              return (
                <div
                  key={vi.key}
                  data-index={vi.index}
                  ref={wrap ? virt.measureElement : undefined}
                  data-testid="log-line"
                  data-current={vi.index === current ? 'true' : undefined}
                  className={`absolute left-0 w-full px-2 ${wrap ? 'whitespace-pre-wrap break-all' : 'whitespace-pre'} ${vi.index === current ? 'bg-amber-900/60' : ''}`}
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
