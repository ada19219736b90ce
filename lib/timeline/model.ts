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
  /** a container run's number (1 = the first start; restart #N is run N+1) */
  run?: number;
  /** drawn from the transitions Podscope saw (times as observed), not from the pod's own timestamps */
  observed?: boolean;
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

const exited = (code: number | undefined) => (code === 0 ? 'terminated-ok' : 'terminated-error');
const secs = (ms: number) => `${Math.round(ms / 1000)}s`;

/**
 * One container's runs as Podscope watched them (the flight recorder keeps them across restarts
 * of the pod's containers and of Podscope): each start it saw opens a run, each exit closes it,
 * and the back-off wait between two runs is a gap of its own. The kubelet keeps the exact times
 * of only the current and the previous run; this is how run 3 of 9 stays visible.
 */
export function observedRuns(trs: Transition[], until: number): Segment[] {
  const out: Segment[] = [];
  let open: Segment | undefined;
  let gap: Segment | undefined;
  let lastRun: number | undefined;
  const closeGap = (at: number) => {
    if (gap) gap.to = at;
    gap = undefined;
  };
  const closeRun = (at: number, end?: { code?: number; reason: string }) => {
    if (!open) return;
    open.to = at;
    open.kind = end ? exited(end.code) : 'terminated-error';
    open.label = `run ${open.run ?? '?'}: ${end ? `${end.reason}${end.code !== undefined ? ` (exit ${end.code})` : ''}` : 'ended (its exit was not observed)'}`;
    open.detail = `ran ${secs(at - open.from)} (as observed)`;
    open = undefined;
  };
  for (const tr of [...trs].sort((a, b) => a.at - b.at)) {
    const restart = Number(/restart #(\d+)/.exec(tr.detail ?? '')?.[1] ?? NaN);
    if (tr.to.startsWith('running')) {
      // a higher restart count while a run is open: that run ended unseen, this is the next one
      if (open && Number.isFinite(restart) && open.run !== undefined && restart + 1 > open.run) closeRun(tr.at);
      if (open) {
        open.kind = tr.to.includes('ready') ? 'ready' : 'running';
        continue;
      }
      closeGap(tr.at);
      const run = Number.isFinite(restart) ? restart + 1 : lastRun !== undefined ? lastRun + 1 : undefined;
      lastRun = run;
      open = {
        from: tr.at,
        to: until,
        kind: tr.to.includes('ready') ? 'ready' : 'running',
        label: `run ${run ?? '?'}: running`,
        run,
        observed: true,
      };
      out.push(open);
    } else if (tr.to.startsWith('terminated')) {
      const m = /^terminated: (.*) \(exit (-?\d+)\)$/.exec(tr.to);
      const end = { reason: m?.[1] ?? 'exited', code: m ? Number(m[2]) : undefined };
      if (open) closeRun(tr.at, end);
      else {
        // the exit of a run whose start Podscope did not see
        closeGap(tr.at);
        out.push({
          from: tr.at,
          to: tr.at,
          kind: exited(end.code),
          label: `${end.reason} (exit ${end.code ?? '?'})`,
          detail: 'start not observed',
          observed: true,
        });
      }
    } else if (tr.to.startsWith('waiting')) {
      closeRun(tr.at);
      if (gap) continue;
      gap = { from: tr.at, to: until, kind: 'waiting', label: tr.to, detail: tr.detail, observed: true };
      out.push(gap);
    }
  }
  // a run seen before any restart count was: numbered back from the next one that has a number
  const runs = out.filter((r) => r.kind !== 'waiting' && r.from !== r.to);
  for (let i = runs.length - 2; i >= 0; i--)
    if (runs[i].run === undefined && runs[i + 1].run !== undefined && runs[i + 1].run! > 1) {
      runs[i].run = runs[i + 1].run! - 1;
      runs[i].label = runs[i].label.replace(/^run \?/, `run ${runs[i].run}`);
    }
  return out;
}

function containerLane(
  name: string,
  kind: ContainerKind,
  s: V1ContainerStatus | undefined,
  podStart: number,
  now: number,
  observed: Transition[],
): Lane {
  const lane: Lane = { id: `c:${name}`, label: `${kind === 'main' ? '' : `${kind} `}${name}`, segments: [], markers: [] };
  if (!s) return lane;
  const restarts = s.restartCount ?? 0;
  const exact: Segment[] = [];
  const last = s.lastState?.terminated;
  if (last) {
    const from = t(last.startedAt) ?? podStart,
      to = t(last.finishedAt) ?? from;
    exact.push({
      from,
      to,
      kind: exited(last.exitCode),
      label: `run ${restarts || '?'} (previous): ${last.reason ?? 'exited'} (exit ${last.exitCode})`,
      detail: `ran ${secs(to - from)}`,
      run: restarts || undefined,
    });
  }
  const st = s.state;
  if (st?.running) {
    const from = t(st.running.startedAt) ?? podStart;
    exact.push({
      from,
      to: now,
      kind: s.ready ? 'ready' : 'running',
      label: `run ${restarts + 1}: ${s.ready ? 'running, ready' : 'running, not ready'}`,
      run: restarts + 1,
    });
  } else if (st?.terminated) {
    const from = t(st.terminated.startedAt) ?? podStart,
      to = t(st.terminated.finishedAt) ?? now;
    exact.push({
      from,
      to,
      kind: exited(st.terminated.exitCode),
      label: `run ${restarts + 1}: ${st.terminated.reason ?? 'exited'} (exit ${st.terminated.exitCode})`,
      detail: st.terminated.message,
      run: restarts + 1,
    });
  } else if (st?.waiting) {
    // the kubelet does not record when waiting began: from the last exit, or the pod's start
    const from = (last && t(last.finishedAt)) ?? podStart;
    exact.push({
      from,
      to: now,
      kind: 'waiting',
      label: `waiting: ${st.waiting.reason ?? ''}${restarts ? ` (before run ${restarts + 1})` : ''}`,
      detail: st.waiting.message,
    });
  }
  // the pod's own timestamps win; what was only observed fills in the runs before them
  const firstExact = Math.min(...exact.map((x) => x.from));
  // (1 s of slack: an observed time is when the watch delivered the change, a little after it)
  const earlier = observedRuns(observed, now).filter((o) => o.from < firstExact - 1000 && o.to <= firstExact + 1000);
  for (const o of earlier) o.to = Math.min(o.to, firstExact);
  lane.segments.push(...earlier, ...exact);
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
  const observedOf = (name: string) => transitions.filter((tr) => tr.kind === 'container' && tr.subject === name);
  for (const c of podContainers(pod)) lanes.push(containerLane(c.name, c.kind, c.status, podStart, end, observedOf(c.name)));
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
