// What changed between two versions of a pod, in the terms a timeline shows: phase, conditions
// and each container's state. Pure: the server calls it on every watch event it receives.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { statusesByName } from '../k8s/containers';

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

const statuses = (p: V1Pod | undefined) => statusesByName(p, { ephemeral: true });

/** The little of a pod that transitions are computed from: kept per pod instead of the whole object. */
export interface PodFingerprint {
  phase?: string;
  conditions: Record<string, string>;
  containers: Record<string, { label: string; restarts: number }>;
  deleting: boolean;
}

export function fingerprint(p: V1Pod): PodFingerprint {
  const containers: PodFingerprint['containers'] = {};
  for (const [name, s] of statuses(p)) containers[name] = { label: containerStateLabel(s), restarts: s.restartCount ?? 0 };
  return {
    phase: p.status?.phase,
    conditions: Object.fromEntries((p.status?.conditions ?? []).map((c) => [c.type, c.status])),
    containers,
    deleting: !!p.metadata?.deletionTimestamp,
  };
}

export function diffFingerprint(prev: PodFingerprint | undefined, next: V1Pod, at: number): Transition[] {
  const out: Transition[] = [];
  const ph1 = next.status?.phase ?? 'Pending';
  if (prev?.phase !== ph1) out.push({ at, kind: 'phase', from: prev?.phase, to: ph1 });
  for (const c of next.status?.conditions ?? []) {
    const before = prev?.conditions[c.type];
    if (before !== c.status)
      out.push({
        at,
        kind: 'condition',
        subject: c.type,
        from: before,
        to: c.status,
        detail: [c.reason, c.message].filter(Boolean).join(': ') || undefined,
      });
  }
  for (const [name, s] of statuses(next)) {
    const before = prev?.containers[name];
    const b = containerStateLabel(s);
    const restarted = before && (s.restartCount ?? 0) > before.restarts;
    if (before?.label !== b || restarted) {
      out.push({
        at,
        kind: 'container',
        subject: name,
        from: before?.label,
        to: b,
        detail:
          [restarted ? `restart #${s.restartCount}` : undefined, s.state?.waiting?.message ?? s.state?.terminated?.message]
            .filter(Boolean)
            .join(' — ') || undefined,
      });
    }
  }
  if (!prev?.deleting && next.metadata?.deletionTimestamp) {
    out.push({
      at,
      kind: 'phase',
      subject: 'deletion',
      to: 'Terminating',
      detail: `deletion requested, grace period ${next.metadata.deletionGracePeriodSeconds ?? '?'}s`,
    });
  }
  return out;
}

export function diffPod(prev: V1Pod | undefined, next: V1Pod, at: number): Transition[] {
  return diffFingerprint(prev && fingerprint(prev), next, at);
}
