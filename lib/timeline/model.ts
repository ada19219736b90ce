// The pod timeline: one lane for the pod (phase, conditions) and one per container, with the
// periods Kubernetes' own timestamps prove (startedAt/finishedAt, condition transitions), the
// transitions the server saw while watching, and the events, placed on one time axis.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { PodEvent } from '../events/normalize';
import type { Transition } from './transitions';
import { type ContainerKind, podContainers } from '../k8s/containers';
import { timeMs } from '../k8s/time';

export type SegmentKind = 'running' | 'ready' | 'waiting' | 'terminated-ok' | 'terminated-error' | 'pending' | 'not-ready';

export interface Segment {
  from: number;
  to: number;
  kind: SegmentKind;
  label: string;
  detail?: string;
}
export interface Marker {
  at: number;
  tone: 'normal' | 'warning' | 'info';
  label: string;
  detail?: string;
  source: 'event' | 'observed' | 'status';
}
export interface Lane {
  id: string;
  label: string;
  segments: Segment[];
  markers: Marker[];
}
export interface TimelineModel {
  start: number;
  end: number;
  lanes: Lane[];
}

const t = timeMs;

function containerLane(name: string, kind: ContainerKind, s: V1ContainerStatus | undefined, podStart: number, now: number): Lane {
  const lane: Lane = { id: `c:${name}`, label: `${kind === 'main' ? '' : `${kind} `}${name}`, segments: [], markers: [] };
  if (!s) return lane;
  const last = s.lastState?.terminated;
  if (last) {
    const from = t(last.startedAt) ?? podStart,
      to = t(last.finishedAt) ?? from;
    lane.segments.push({
      from,
      to,
      kind: last.exitCode === 0 ? 'terminated-ok' : 'terminated-error',
      label: `previous run: ${last.reason ?? 'exited'} (exit ${last.exitCode})`,
      detail: `ran ${Math.round((to - from) / 1000)}s`,
    });
  }
  const st = s.state;
  if (st?.running) {
    const from = t(st.running.startedAt) ?? podStart;
    lane.segments.push({ from, to: now, kind: s.ready ? 'ready' : 'running', label: s.ready ? 'running, ready' : 'running, not ready' });
  } else if (st?.terminated) {
    const from = t(st.terminated.startedAt) ?? podStart,
      to = t(st.terminated.finishedAt) ?? now;
    lane.segments.push({
      from,
      to,
      kind: st.terminated.exitCode === 0 ? 'terminated-ok' : 'terminated-error',
      label: `${st.terminated.reason ?? 'exited'} (exit ${st.terminated.exitCode})`,
      detail: st.terminated.message,
    });
  } else if (st?.waiting) {
    // the kubelet does not record when waiting began: from the last exit, or the pod's start
    const from = (last && t(last.finishedAt)) ?? podStart;
    lane.segments.push({ from, to: now, kind: 'waiting', label: `waiting: ${st.waiting.reason ?? ''}`, detail: st.waiting.message });
  }
  return lane;
}

export function buildTimeline(pod: V1Pod, events: PodEvent[], transitions: Transition[], now: number): TimelineModel {
  const created = t(pod.metadata?.creationTimestamp) ?? now;
  const podStart = t(pod.status?.startTime) ?? created;
  const podLane: Lane = { id: 'pod', label: 'pod', segments: [], markers: [] };
  const conds = pod.status?.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  const scheduled = conds.find((c) => c.type === 'PodScheduled');
  const readyAt = ready?.status === 'True' ? t(ready.lastTransitionTime) : undefined;
  const end = pod.metadata?.deletionTimestamp ? Math.max(now, t(pod.metadata.deletionTimestamp) ?? now) : now;
  podLane.segments.push({
    from: created,
    to: readyAt ?? end,
    kind: scheduled?.status === 'True' ? 'not-ready' : 'pending',
    label: scheduled?.status === 'True' ? `${pod.status?.phase ?? 'Pending'}, not ready` : 'Pending, not scheduled',
    detail: ready?.message ?? scheduled?.message,
  });
  if (readyAt) podLane.segments.push({ from: readyAt, to: end, kind: 'ready', label: 'Ready' });
  for (const c of conds) {
    const at = t(c.lastTransitionTime);
    if (at)
      podLane.markers.push({
        at,
        tone: 'info',
        label: `${c.type}=${c.status}`,
        detail: [c.reason, c.message].filter(Boolean).join(': ') || undefined,
        source: 'status',
      });
  }
  if (pod.metadata?.deletionTimestamp)
    podLane.markers.push({
      at: end,
      tone: 'warning',
      label: 'deletion deadline',
      detail: `grace period ${pod.metadata.deletionGracePeriodSeconds ?? '?'}s`,
      source: 'status',
    });

  const lanes: Lane[] = [podLane];
  for (const c of podContainers(pod)) lanes.push(containerLane(c.name, c.kind, c.status, podStart, end));
  const laneFor = (container?: string) => lanes.find((l) => l.id === `c:${container}`) ?? podLane;

  for (const e of events) {
    const container = /spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}/.exec(e.involved.fieldPath ?? '')?.[1];
    const lane = laneFor(container);
    const tone = e.type === 'Warning' ? 'warning' : 'normal';
    const last = t(e.lastSeen),
      first = t(e.firstSeen);
    const detail = `${e.message}${e.count > 1 ? ` (×${e.count})` : ''}`;
    if (last) lane.markers.push({ at: last, tone, label: e.reason, detail, source: 'event' });
    if (first && last && first !== last) lane.markers.push({ at: first, tone, label: `${e.reason} (first)`, detail, source: 'event' });
  }
  for (const tr of transitions) {
    const lane = tr.kind === 'container' ? laneFor(tr.subject) : podLane;
    const label = tr.kind === 'container' ? tr.to : tr.kind === 'condition' ? `${tr.subject}=${tr.to}` : tr.to;
    lane.markers.push({
      at: tr.at,
      tone: /error|OOM|BackOff|deleted/i.test(tr.to) ? 'warning' : 'info',
      label,
      detail: [tr.from ? `was ${tr.from}` : '', tr.detail ?? ''].filter(Boolean).join('; ') || undefined,
      source: 'observed',
    });
  }
  for (const l of lanes) l.markers.sort((a, b) => a.at - b.at);
  const allTimes = lanes.flatMap((l) => [...l.segments.map((s) => s.from), ...l.markers.map((m) => m.at)]);
  const start = Math.min(created, ...allTimes);
  return { start, end: Math.max(end, ...allTimes), lanes };
}
