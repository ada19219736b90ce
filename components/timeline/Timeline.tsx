'use client';
// The pod timeline, drawn to scale: a lane for the pod and one per container, events and
// observed transitions as markers. Hover shows details; the window is zoomable and in the URL.
import type { V1Pod } from '@kubernetes/client-node';
import { useEffect, useMemo, useRef, useState } from 'react';
import { relativeWindowMs } from '@/lib/links';
import type { PodEvent } from '@/lib/events/normalize';
import { buildTimeline, type Marker, type Segment, type SegmentKind } from '@/lib/timeline/model';
import type { Transition } from '@/lib/timeline/transitions';
import { fmtMem } from '@/lib/k8s/quantity';
import { containerResources, type UsagePoint } from '@/lib/usage/usage';

const COLORS: Record<SegmentKind, string> = {
  ready: '#10b981',
  running: '#6ee7b7',
  waiting: '#fbbf24',
  'terminated-ok': '#94a3b8',
  'terminated-error': '#ef4444',
  pending: '#cbd5e1',
  'not-ready': '#fde68a',
};
const MARKER = { warning: '#dc2626', normal: '#2563eb', info: '#64748b' };
const PRESETS = ['5m', '15m', '1h', '6h'] as const;
const LANE_H = 34,
  LABEL_W = 150,
  AXIS_H = 22;

const hhmmss = (t: number) => new Date(t).toLocaleTimeString([], { hour12: false });

export function Timeline({
  pod,
  events,
  transitions,
  now,
  from,
  to,
  last,
  onWindow,
  usage,
}: {
  /** the Metrics API's samples per container (the usage tab's): drawn as memory lanes on the same axis */
  usage?: Record<string, UsagePoint[]>;
  pod: V1Pod;
  events: PodEvent[];
  transitions: Transition[];
  now: number;
  from?: number;
  to?: number;
  /** a relative window ("5m"): it ends now, and keeps moving */
  last?: string;
  onWindow: (from?: number, to?: number, last?: string) => void;
}) {
  const model = useMemo(() => buildTimeline(pod, events, transitions, now), [pod, events, transitions, now]);
  const [hover, setHover] = useState<{ x: number; y: number; title: string; detail?: string } | null>(null);
  const rel = relativeWindowMs(last);
  // the default fits the pod's whole life; a relative window ends now; an absolute one is fixed
  const start = rel ? now - rel : (from ?? model.start);
  const end = Math.max(rel ? now : (to ?? model.end), start + 1000);
  const drag = useRef<{ x: number; start: number; end: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  /** zoom by `factor` around the time at fraction `at` of the plot (0 = left edge) */
  const zoom = (factor: number, at = 0.5) => {
    const span = Math.max(2000, (end - start) * factor);
    const pivot = start + (end - start) * at;
    onWindow(Math.round(pivot - span * at), Math.round(pivot + span * (1 - at)));
  };
  const pan = (fraction: number) => {
    const d = (end - start) * fraction;
    onWindow(Math.round(start + d), Math.round(end + d));
  };
  const plotFraction = (clientX: number) => {
    const r = svgRef.current?.getBoundingClientRect();
    if (!r) return 0.5;
    const px = ((clientX - r.left) / r.width) * 1000;
    return Math.min(1, Math.max(0, (px - LABEL_W) / (1000 - LABEL_W - 10)));
  };
  // Ctrl/⌘ + wheel (and a trackpad's pinch) zooms around the pointer; a plain wheel scrolls the
  // page as everywhere else. (A native listener: React's wheel listener cannot stop the page zoom.)
  const wheelZoom = useRef<(e: WheelEvent) => void>(() => {});
  useEffect(() => {
    wheelZoom.current = (e: WheelEvent) => zoom(e.deltaY > 0 ? 1.25 : 0.8, plotFraction(e.clientX));
  });
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      wheelZoom.current(e);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);
  const onKey = (e: React.KeyboardEvent) => {
    const k = e.key;
    if (k === '+' || k === '=') zoom(0.5);
    else if (k === '-' || k === '_') zoom(2);
    else if (k === 'ArrowLeft') pan(-0.25);
    else if (k === 'ArrowRight') pan(0.25);
    else if (k === '0') onWindow(undefined, undefined, undefined);
    else return;
    e.preventDefault();
  };
  const width = 1000;
  const x = (t: number) => LABEL_W + ((t - start) / (end - start)) * (width - LABEL_W - 10);
  const visible = (a: number, b: number) => b >= start && a <= end;
  const ticks = Array.from({ length: 6 }, (_, i) => start + ((end - start) * i) / 5);
  // a memory lane per container with samples, under the container lanes: the climb before an OOM
  // kill lines up with the kill itself
  const limits = useMemo(() => containerResources(pod), [pod]);
  const memLanes = Object.entries(usage ?? {}).filter(([c, pts]) => pts.length > 1 && limits[c]);
  const height = AXIS_H + (model.lanes.length + memLanes.length) * LANE_H + 6;

  const showSeg = (s: Segment, e: React.MouseEvent) =>
    setHover({
      x: e.clientX,
      y: e.clientY,
      title: s.label,
      detail: `${hhmmss(s.from)} → ${hhmmss(s.to)} (${Math.round((s.to - s.from) / 1000)}s)${s.detail ? ` · ${s.detail}` : ''}`,
    });
  const showMarker = (m: Marker, e: { clientX: number; clientY: number }) =>
    setHover({
      x: e.clientX,
      y: e.clientY,
      title: `${hhmmss(m.at)} ${m.label}`,
      detail: `${m.detail ?? ''}${m.source === 'observed' ? ' (observed by Podscope)' : m.source === 'event' ? ' (event)' : ' (pod status)'}`,
    });

  return (
    <div data-testid="timeline">
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span className="text-slate-500">window</span>
        <button
          type="button"
          data-testid="zoom-whole"
          className={`rounded border px-2 py-0.5 ${from === undefined && !rel ? 'border-blue-500 bg-blue-50' : 'border-slate-300'}`}
          onClick={() => onWindow(undefined, undefined, undefined)}
        >
          whole life
        </button>
        {PRESETS.map((label) => (
          <button
            key={label}
            type="button"
            data-testid={`zoom-${label}`}
            className={`rounded border px-2 py-0.5 hover:bg-slate-100 ${last === label ? 'border-blue-500 bg-blue-50' : 'border-slate-300'}`}
            onClick={() => onWindow(undefined, undefined, label)}
          >
            last {label}
          </button>
        ))}
        <button
          type="button"
          data-testid="zoom-in"
          className="rounded border border-slate-300 px-2 py-0.5"
          onClick={() => zoom(0.5)}
          title="zoom in (+)"
        >
          +
        </button>
        <button
          type="button"
          data-testid="zoom-out"
          className="rounded border border-slate-300 px-2 py-0.5"
          onClick={() => zoom(2)}
          title="zoom out (−)"
        >
          −
        </button>
        <span className="ml-2 text-slate-500">
          {hhmmss(start)} – {hhmmss(end)}
        </span>
        <span className="ml-auto flex gap-3 text-slate-500">
          {(['pending', 'not-ready', 'ready', 'running', 'waiting', 'terminated-error', 'terminated-ok'] as SegmentKind[]).map((k) => (
            <span key={k} className="flex items-center gap-1">
              <span className="inline-block h-2 w-3" style={{ background: COLORS[k] }} />
              {k.replace('terminated-', 'exited ')}
            </span>
          ))}
          <span className="flex items-center gap-1">
            <span className="inline-block h-2 w-2 rotate-45" style={{ background: MARKER.warning }} />
            warning event
          </span>
        </span>
      </div>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${width} ${height}`}
        className="w-full cursor-grab rounded border border-slate-200 bg-white focus:outline focus:outline-2 focus:outline-blue-400"
        tabIndex={0}
        role="img"
        aria-label="pod timeline: + and − zoom, arrow keys pan, 0 shows the whole life; drag to pan, Ctrl + wheel to zoom"
        data-testid="timeline-plot"
        onKeyDown={onKey}
        onMouseDown={(e) => {
          drag.current = { x: e.clientX, start, end };
        }}
        onMouseUp={(e) => {
          const d = drag.current;
          drag.current = null;
          const r = svgRef.current?.getBoundingClientRect();
          if (!d || !r || Math.abs(e.clientX - d.x) < 4) return;
          const msPerPx = (d.end - d.start) / (((1000 - LABEL_W - 10) / 1000) * r.width);
          const shift = -(e.clientX - d.x) * msPerPx;
          onWindow(Math.round(d.start + shift), Math.round(d.end + shift));
        }}
        onMouseLeave={() => {
          drag.current = null;
          setHover(null);
        }}
      >
        {ticks.map((t, i) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={AXIS_H - 4} y2={height} stroke="#e2e8f0" />
            {/* (the first and last labels stay inside the plot) */}
            <text
              x={x(t)}
              y={14}
              fontSize={10}
              textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
              fill="#64748b"
              data-testid="timeline-tick"
            >
              {hhmmss(t)}
            </text>
          </g>
        ))}
        {model.lanes.map((lane, i) => {
          const y = AXIS_H + i * LANE_H;
          return (
            <g key={lane.id} data-testid="timeline-lane" data-lane={lane.label}>
              <text x={6} y={y + 20} fontSize={11} fill="currentColor" className="mono">
                {lane.label.length > 22 ? `${lane.label.slice(0, 21)}…` : lane.label}
              </text>
              {lane.segments
                .filter((s) => visible(s.from, s.to))
                .map((s, j) => {
                  const x0 = x(Math.max(s.from, start));
                  const w = Math.max(2, x(Math.min(s.to, end)) - x0);
                  return (
                    <g key={j} onMouseMove={(e) => showSeg(s, e)}>
                      <rect
                        x={x0}
                        y={y + 8}
                        height={16}
                        rx={2}
                        width={w}
                        fill={COLORS[s.kind]}
                        stroke={s.run !== undefined ? 'white' : undefined}
                        strokeWidth={1}
                        data-testid="timeline-segment"
                        data-kind={s.kind}
                        data-run={s.run}
                        data-observed={s.observed ? 'true' : undefined}
                      />
                      {s.run !== undefined && w > 20 && (
                        <text x={x0 + 3} y={y + 20} fontSize={9} fill="#0f172a" pointerEvents="none">
                          #{s.run}
                        </text>
                      )}
                    </g>
                  );
                })}
              {lane.markers
                .filter((m) => visible(m.at, m.at))
                .map((m, j) => (
                  <rect
                    key={`m${j}`}
                    x={x(m.at) - 4}
                    y={y + 12}
                    width={8}
                    height={8}
                    transform={`rotate(45 ${x(m.at)} ${y + 16})`}
                    fill={MARKER[m.tone]}
                    stroke="white"
                    strokeWidth={1}
                    onMouseMove={(e) => showMarker(m, e)}
                    onFocus={(e) => {
                      const r = e.currentTarget.getBoundingClientRect();
                      showMarker(m, { clientX: r.right, clientY: r.bottom });
                    }}
                    onBlur={() => setHover(null)}
                    tabIndex={0}
                    role="img"
                    aria-label={`${hhmmss(m.at)} ${m.label}${m.detail ? `: ${m.detail}` : ''}`}
                    data-testid="timeline-marker"
                    data-source={m.source}
                    data-label={m.label}
                  />
                ))}
            </g>
          );
        })}
        {memLanes.map(([c, pts], i) => {
          const y = AXIS_H + (model.lanes.length + i) * LANE_H;
          const top = Math.max(limits[c].memoryLimit, limits[c].memoryRequest, ...pts.map((p) => p.memory)) || 1;
          const yv = (v: number) => y + 28 - (v / top) * 22;
          const shown = pts.filter((p) => p.at >= start && p.at <= end);
          return (
            <g key={`mem-${c}`} data-testid="timeline-lane" data-lane={`memory ${c}`}>
              <text x={6} y={y + 20} fontSize={11} fill="currentColor" className="mono">
                {`memory ${c}`.length > 22 ? `${`memory ${c}`.slice(0, 21)}…` : `memory ${c}`}
              </text>
              {limits[c].memoryLimit > 0 && (
                <line
                  x1={LABEL_W}
                  x2={width - 10}
                  y1={yv(limits[c].memoryLimit)}
                  y2={yv(limits[c].memoryLimit)}
                  stroke="#ef4444"
                  strokeDasharray="3 2"
                >
                  <title>{`limit ${fmtMem(limits[c].memoryLimit)}`}</title>
                </line>
              )}
              {shown.length > 1 && (
                <polyline
                  points={shown.map((p) => `${x(p.at).toFixed(1)},${yv(p.memory).toFixed(1)}`).join(' ')}
                  fill="none"
                  stroke="#2563eb"
                  strokeWidth={1.5}
                  data-testid="timeline-memory"
                />
              )}
            </g>
          );
        })}
      </svg>
      {hover && (
        <div
          className="pointer-events-none fixed z-50 max-w-md rounded bg-slate-900 px-2 py-1 text-xs text-white shadow"
          style={{ left: hover.x + 12, top: hover.y + 12 }}
          data-testid="timeline-tooltip"
        >
          <div className="font-semibold">{hover.title}</div>
          {hover.detail && <div className="mono whitespace-pre-wrap">{hover.detail}</div>}
        </div>
      )}
    </div>
  );
}
