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

const PHASE_KIND: Record<string, SegmentKind> = {
  Pending: 'pending',
  Running: 'running',
  Succeeded: 'terminated-ok',
  Failed: 'terminated-error',
};
/** The conditions a pod's lifecycle goes through, in the order they turn True. */
const CONDITION_ORDER = ['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'];

/**
 * A lane of states over time from change points: what the server observed (each change with its
 * time) and, last, what the status says now (its lastTransitionTime is exact). Before the first
 * point the state is the first change's "from", if known.
 */
function stateLane(
  id: string,
  label: string,
  created: number,
  end: number,
  observed: { at: number; from?: string; to: string; detail?: string }[],
  current: { at?: number; state: string; detail?: string } | undefined,
  kindOf: (state: string) => SegmentKind,
  labelOf: (state: string) => string,
): Lane {
  const points = observed.map((o) => ({ ...o })).sort((a, b) => a.at - b.at);
  if (current) {
    const last = points.at(-1);
    if (last && last.to === current.state) {
      // the same change the server saw: the status's time for it is exact
      if (current.at !== undefined && Math.abs(current.at - last.at) < 60_000) last.at = current.at;
      last.detail ??= current.detail;
    } else
      points.push({ at: Math.max(current.at ?? created, last?.at ?? created), from: last?.to, to: current.state, detail: current.detail });
  }
  const lane: Lane = { id, label, segments: [], markers: [] };
  const first = points[0];
  if (first && first.at > created && first.from)
    lane.segments.push({ from: created, to: first.at, kind: kindOf(first.from), label: labelOf(first.from) });
  points.forEach((pt, i) => {
    const to = points[i + 1]?.at ?? end;
    if (to > pt.at || i === points.length - 1)
      lane.segments.push({
        from: Math.max(pt.at, created),
        to: Math.max(to, pt.at),
        kind: kindOf(pt.to),
        label: labelOf(pt.to),
        detail: pt.detail,
      });
  });
  return lane;
}

/** Where on the time axis each occurrence of a repeated event goes (Kubernetes keeps the first and last time, and the count). */
export function occurrences(e: PodEvent): { at: number; exact: boolean; n: number }[] {
  const last = t(e.lastSeen),
    first = t(e.firstSeen);
  if (last === undefined) return [];
  if (first === undefined || first === last || e.count <= 1) return [{ at: last, exact: true, n: e.count }];
  const n = Math.min(e.count, 50);
  const step = (last - first) / (n - 1);
  return Array.from({ length: n }, (_, i) => ({ at: first + i * step, exact: i === 0 || i === n - 1, n: i === n - 1 ? e.count : i + 1 }));
}

export function buildTimeline(pod: V1Pod, events: PodEvent[], transitions: Transition[], now: number): TimelineModel {
  const created = t(pod.metadata?.creationTimestamp) ?? now;
  const podStart = t(pod.status?.startTime) ?? created;
  const end = pod.metadata?.deletionTimestamp ? Math.max(now, t(pod.metadata.deletionTimestamp) ?? now) : now;

  // the pod's phase: what was observed, then the phase now
  const phase = pod.status?.phase ?? 'Pending';
  const phaseObserved = transitions.filter((tr) => tr.kind === 'phase' && tr.subject !== 'deletion');
  const podLane = stateLane(
    'pod',
    'pod phase',
    created,
    end,
    phaseObserved.length ? phaseObserved : phase !== 'Pending' ? [{ at: created, to: 'Pending' }] : [],
    { at: phase === 'Pending' ? created : phaseObserved.length ? undefined : podStart, state: phase },
    (st) => PHASE_KIND[st] ?? 'pending',
    (st) => st,
  );
  if (pod.metadata?.deletionTimestamp)
    podLane.markers.push({
      at: end,
      tone: 'warning',
      label: 'deletion deadline',
      detail: `grace period ${pod.metadata.deletionGracePeriodSeconds ?? '?'}s`,
      source: 'status',
    });
  for (const tr of transitions.filter((x) => x.kind === 'phase' && x.subject === 'deletion'))
    podLane.markers.push({ at: tr.at, tone: 'warning', label: tr.to, detail: tr.detail, source: 'observed' });

  // one lane per condition, in lifecycle order
  const conds = pod.status?.conditions ?? [];
  const types = [
    ...new Set([...conds.map((c) => c.type), ...transitions.filter((x) => x.kind === 'condition').map((x) => x.subject ?? '')]),
  ]
    .filter(Boolean)
    .sort((a, b) => (CONDITION_ORDER.indexOf(a) + 1 || 99) - (CONDITION_ORDER.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
  const conditionLanes = types.map((type) => {
    const c = conds.find((x) => x.type === type);
    return stateLane(
      `cond:${type}`,
      type,
      created,
      end,
      transitions.filter((x) => x.kind === 'condition' && x.subject === type),
      c && { at: t(c.lastTransitionTime), state: c.status, detail: [c.reason, c.message].filter(Boolean).join(': ') || undefined },
      (st) => (st === 'True' ? 'ready' : st === 'False' ? 'not-ready' : 'pending'),
      (st) => `${type}=${st}`,
    );
  });

  const lanes: Lane[] = [podLane, ...conditionLanes];
  const observedOf = (name: string) => transitions.filter((tr) => tr.kind === 'container' && tr.subject === name);
  for (const c of podContainers(pod, { ephemeral: true }))
    lanes.push(containerLane(c.name, c.kind, c.status, podStart, end, observedOf(c.name)));
  const laneFor = (container?: string) => lanes.find((l) => l.id === `c:${container}`) ?? podLane;

  for (const e of events) {
    const container = /spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}/.exec(e.involved.fieldPath ?? '')?.[1];
    const lane = laneFor(container);
    const tone = e.type === 'Warning' ? 'warning' : 'normal';
    for (const o of occurrences(e))
      lane.markers.push({
        at: o.at,
        tone,
        label: e.reason,
        detail: `${e.message}${e.count > 1 ? ` (${o.n} of ${e.count}${o.exact ? '' : '; time approximate: Kubernetes keeps only the first and last'})` : ''}`,
        source: 'event',
      });
  }
  for (const tr of transitions) {
    if (tr.kind !== 'container') continue;
    const lane = laneFor(tr.subject);
    lane.markers.push({
      at: tr.at,
      tone: /error|OOM|BackOff|deleted/i.test(tr.to) ? 'warning' : 'info',
      label: tr.to,
      detail: [tr.from ? `was ${tr.from}` : '', tr.detail ?? ''].filter(Boolean).join('; ') || undefined,
      source: 'observed',
    });
  }
  for (const l of lanes) l.markers.sort((a, b) => a.at - b.at);
  const allTimes = lanes.flatMap((l) => [...l.segments.map((s) => s.from), ...l.markers.map((m) => m.at)]);
  const start = Math.min(created, ...allTimes);
  return { start, end: Math.max(end, ...allTimes), lanes };
}
