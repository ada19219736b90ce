import 'server-only';
// Transitions the server observed while watching pods, kept in memory per pod (bounded), so the
// timeline can show what happened between the timestamps Kubernetes keeps in the status.
import type { V1Pod } from '@kubernetes/client-node';
import { diffFingerprint, fingerprint, type PodFingerprint, type Transition } from '@/lib/timeline/transitions';
import type { ChangeSource } from './source';
import { recordDeletedPod, recordDeletionStart, recordTransitions, storedTransitions } from './store';

const MAX_PER_POD = 300;
const MAX_PODS = 50_000;

interface PodHistory {
  uid: string;
  lastRv?: string;
  last?: PodFingerprint;
  terminating?: boolean;
  deleted?: boolean;
  transitions: Transition[];
}
type Listener = (key: string, added: Transition[]) => void;

const g = globalThis as unknown as {
  __podscopeHistory?: { pods: Map<string, PodHistory>; listeners: Set<Listener>; attached: WeakSet<ChangeSource> };
};
const state = (g.__podscopeHistory ??= { pods: new Map(), listeners: new Set(), attached: new WeakSet() });

const histKey = (context: string, podKey: string) => `${context}|${podKey}`;

export function recordPodTransitions(reflector: ChangeSource, context: string): void {
  if (state.attached.has(reflector)) return;
  state.attached.add(reflector);
  reflector.addListener({
    state: () => {},
    deltas: (deltas) => {
      const now = Date.now();
      for (const d of deltas) {
        const pod = d.object as V1Pod;
        const k = histKey(context, d.key);
        let h = state.pods.get(k);
        const uid = pod.metadata?.uid ?? '';
        if (h && h.uid !== uid) h = undefined; // a new pod with the same name
        if (!h) {
          if (state.pods.size >= MAX_PODS) state.pods.delete(state.pods.keys().next().value!);
          h = { uid, transitions: [] };
          state.pods.set(k, h);
        }
        const rv = pod.metadata?.resourceVersion;
        if (rv !== undefined && rv === h.lastRv && d.type === 'upsert') continue; // seen via another cache
        if (d.type === 'delete') {
          if (h.deleted) continue;
          h.deleted = true;
        }
        const added =
          d.type === 'delete' ? [{ at: now, kind: 'deleted' as const, to: 'deleted' }] : h.last ? diffFingerprint(h.last, pod, now) : [];
        // for the deleted pod's page: the version as deletion began, then when it was gone
        if (d.type === 'upsert' && pod.metadata?.deletionTimestamp && !h.terminating) {
          h.terminating = true;
          recordDeletionStart(context, d.key, pod, now);
        }
        if (d.type === 'delete') recordDeletedPod(context, d.key, pod, now);
        h.lastRv = rv;
        h.last = fingerprint(pod);
        if (added.length) {
          h.transitions.push(...added);
          if (h.transitions.length > MAX_PER_POD) h.transitions.splice(0, h.transitions.length - MAX_PER_POD);
          for (const l of state.listeners) l(k, added);
          recordTransitions(context, d.key, added, uid);
        }
      }
    },
  });
}

/**
 * What was recorded for this pod: the store (across restarts) plus this process's memory. With
 * `uid`, only that pod's history: a StatefulSet's new web-0 is not the web-0 that crashed before.
 */
export async function transitionsOf(context: string, podKey: string, uid?: string): Promise<Transition[]> {
  const h = state.pods.get(histKey(context, podKey));
  const mem: Transition[] = h && (!uid || h.uid === uid) ? h.transitions : [];
  const stored = await storedTransitions(context, podKey, 2000, uid);
  const seen = new Set(stored.map((t) => `${t.at}|${t.kind}|${t.subject ?? ''}|${t.to}`));
  return [...stored, ...mem.filter((t) => !seen.has(`${t.at}|${t.kind}|${t.subject ?? ''}|${t.to}`))].sort((a, b) => a.at - b.at);
}

export function onTransitions(l: Listener): () => void {
  state.listeners.add(l);
  return () => state.listeners.delete(l);
}

export { histKey };
