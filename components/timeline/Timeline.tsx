'use client';
// The pod timeline, drawn to scale: a lane for the pod and one per container, events and
// observed transitions as markers. Hover shows details; the window is zoomable and in the URL.
import type { V1Pod } from '@kubernetes/client-node';
import { useMemo, useState } from 'react';
import type { PodEvent } from '@/lib/events/normalize';
import { buildTimeline, type Marker, type Segment, type SegmentKind } from '@/lib/timeline/model';
import type { Transition } from '@/lib/timeline/transitions';

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
const PRESETS = [
  ['5m', 5 * 60_000],
  ['15m', 15 * 60_000],
  ['1h', 3600_000],
  ['6h', 6 * 3600_000],
] as const;
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
  onWindow,
}: {
  pod: V1Pod;
  events: PodEvent[];
  transitions: Transition[];
  now: number;
  from?: number;
  to?: number;
  onWindow: (from?: number, to?: number) => void;
}) {
  const model = useMemo(() => buildTimeline(pod, events, transitions, now), [pod, events, transitions, now]);
  const [hover, setHover] = useState<{ x: number; y: number; title: string; detail?: string } | null>(null);
  const start = from ?? model.start;
  const end = Math.max(to ?? model.end, start + 1000);
  const width = 1000;
  const x = (t: number) => LABEL_W + ((t - start) / (end - start)) * (width - LABEL_W - 10);
  const visible = (a: number, b: number) => b >= start && a <= end;
  const ticks = Array.from({ length: 6 }, (_, i) => start + ((end - start) * i) / 5);
  const height = AXIS_H + model.lanes.length * LANE_H + 6;

  const showSeg = (s: Segment, e: React.MouseEvent) =>
    setHover({
      x: e.clientX,
      y: e.clientY,
      title: s.label,
      detail: `${hhmmss(s.from)} → ${hhmmss(s.to)} (${Math.round((s.to - s.from) / 1000)}s)${s.detail ? ` · ${s.detail}` : ''}`,
    });
  const showMarker = (m: Marker, e: React.MouseEvent) =>
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
          className={`rounded border px-2 py-0.5 ${from === undefined ? 'border-blue-500 bg-blue-50' : 'border-slate-300'}`}
          onClick={() => onWindow(undefined, undefined)}
        >
          whole life
        </button>
        {PRESETS.map(([label, ms]) => (
          <button
            key={label}
            type="button"
            data-testid={`zoom-${label}`}
            className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
            onClick={() => onWindow(now - ms, undefined)}
          >
            last {label}
          </button>
        ))}
        <span className="ml-2 text-slate-500">
          {hhmmss(start)} – {hhmmss(end)}
        </span>
        <span className="ml-auto flex gap-3 text-slate-500">
          {(['ready', 'running', 'waiting', 'terminated-error', 'terminated-ok'] as SegmentKind[]).map((k) => (
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
        viewBox={`0 0 ${width} ${height}`}
        className="w-full rounded border border-slate-200 bg-white"
        onMouseLeave={() => setHover(null)}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={AXIS_H - 4} y2={height} stroke="#e2e8f0" />
            <text x={x(t)} y={14} fontSize={10} textAnchor="middle" fill="#64748b">
              {hhmmss(t)}
            </text>
          </g>
        ))}
        {model.lanes.map((lane, i) => {
          const y = AXIS_H + i * LANE_H;
          return (
            <g key={lane.id} data-testid="timeline-lane" data-lane={lane.label}>
              <text x={6} y={y + 20} fontSize={11} fill="#0f172a" className="mono">
                {lane.label.length > 22 ? `${lane.label.slice(0, 21)}…` : lane.label}
              </text>
              {lane.segments
                .filter((s) => visible(s.from, s.to))
                .map((s, j) => (
                  <rect
                    key={j}
                    x={x(Math.max(s.from, start))}
                    y={y + 8}
                    height={16}
                    rx={2}
                    width={Math.max(2, x(Math.min(s.to, end)) - x(Math.max(s.from, start)))}
                    fill={COLORS[s.kind]}
                    onMouseMove={(e) => showSeg(s, e)}
                    data-testid="timeline-segment"
                    data-kind={s.kind}
                  />
                ))}
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
                    data-testid="timeline-marker"
                    data-source={m.source}
                    data-label={m.label}
                  />
                ))}
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
