// What changed between two versions of a pod, in the terms a timeline shows: phase, conditions
// and each container's state. Pure: the server calls it on every watch event it receives.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

export interface Transition {
  /** ms since epoch when the change was observed */
  at: number;
  kind: 'phase' | 'condition' | 'container' | 'deleted';
  /** container name, or condition type */
  subject?: string;
  from?: string;
  to: string;
  detail?: string;
}

export function containerStateLabel(s: V1ContainerStatus | undefined): string {
  if (!s?.state) return 'unknown';
  if (s.state.running) return s.ready ? 'running (ready)' : 'running';
  if (s.state.terminated) {
    const t = s.state.terminated;
    return `terminated: ${t.reason ?? 'ExitCode'} (exit ${t.exitCode})`;
  }
  if (s.state.waiting) return `waiting: ${s.state.waiting.reason ?? ''}`.trim();
  return 'unknown';
}

function statuses(p: V1Pod | undefined): Map<string, V1ContainerStatus> {
  const m = new Map<string, V1ContainerStatus>();
  for (const s of [...(p?.status?.initContainerStatuses ?? []), ...(p?.status?.containerStatuses ?? []), ...(p?.status?.ephemeralContainerStatuses ?? [])]) m.set(s.name, s);
  return m;
}

export function diffPod(prev: V1Pod | undefined, next: V1Pod, at: number): Transition[] {
  const out: Transition[] = [];
  const ph0 = prev?.status?.phase;
  const ph1 = next.status?.phase ?? 'Pending';
  if (ph0 !== ph1) out.push({ at, kind: 'phase', from: ph0, to: ph1 });
  const c0 = new Map((prev?.status?.conditions ?? []).map((c) => [c.type, c.status]));
  for (const c of next.status?.conditions ?? []) {
    if (c0.get(c.type) !== c.status) out.push({ at, kind: 'condition', subject: c.type, from: c0.get(c.type), to: c.status, detail: [c.reason, c.message].filter(Boolean).join(': ') || undefined });
  }
  const s0 = statuses(prev);
  for (const [name, s] of statuses(next)) {
    const before = s0.get(name);
    const a = before ? containerStateLabel(before) : undefined;
    const b = containerStateLabel(s);
    const restarted = before && (s.restartCount ?? 0) > (before.restartCount ?? 0);
    if (a !== b || restarted) {
      out.push({ at, kind: 'container', subject: name, from: a, to: b, detail: s.state?.waiting?.message ?? s.state?.terminated?.message ?? (restarted ? `restart #${s.restartCount}` : undefined) });
    }
  }
  if (!prev?.metadata?.deletionTimestamp && next.metadata?.deletionTimestamp) {
    out.push({ at, kind: 'phase', subject: 'deletion', to: 'Terminating', detail: `deletion requested, grace period ${next.metadata.deletionGracePeriodSeconds ?? '?'}s` });
  }
  return out;
}
