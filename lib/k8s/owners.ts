// Owners: the object that controls a pod, and the chain up to the object a person edits
// (Pod → ReplicaSet → Deployment, Pod → Job → CronJob, Pod → StatefulSet). One resolution for
// every path that needs it: the diagnosis read live from the API server, the triage board read
// from watch caches, and write actions.
import type { V1CronJob, V1Deployment, V1Job, V1ReplicaSet } from '@kubernetes/client-node';

export interface OwnerRef {
  kind: string;
  name: string;
  uid?: string;
}
interface Owned {
  metadata?: { ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[] };
}

/**
 * The controlling owner (ownerReferences[].controller, as metav1.GetControllerOf reads it), or
 * the first owner when none is marked controller (objects made by tools that do not set it).
 */
export function controllerOf(o: Owned | undefined): OwnerRef | undefined {
  const refs = o?.metadata?.ownerReferences ?? [];
  const r = refs.find((x) => x.controller) ?? refs[0];
  return r ? { kind: r.kind, name: r.name, uid: r.uid } : undefined;
}

/** What the diagnosis and triage know about a pod's owners (whatever could be read). */
export interface PodOwners {
  replicaSet?: V1ReplicaSet;
  deployment?: V1Deployment;
  /** the Deployment's other ReplicaSets (older and newer revisions) */
  siblings?: V1ReplicaSet[];
  job?: V1Job;
  cronJob?: V1CronJob;
}

/** Where owners are read from: the API server, watch caches, or files. Missing objects are undefined. */
export interface OwnerLookup {
  replicaSet(namespace: string, name: string): Promise<V1ReplicaSet | undefined> | V1ReplicaSet | undefined;
  deployment(namespace: string, name: string): Promise<V1Deployment | undefined> | V1Deployment | undefined;
  /** the ReplicaSets of a namespace (to find a Deployment's revisions) */
  replicaSets(namespace: string): Promise<V1ReplicaSet[] | undefined> | V1ReplicaSet[] | undefined;
  job(namespace: string, name: string): Promise<V1Job | undefined> | V1Job | undefined;
  cronJob?(namespace: string, name: string): Promise<V1CronJob | undefined> | V1CronJob | undefined;
}

/** Follows ownerReferences from a pod through ReplicaSets and Jobs to their controllers. */
export async function resolveOwners(pod: Owned & { metadata?: { namespace?: string } }, lookup: OwnerLookup): Promise<PodOwners> {
  const ns = pod.metadata?.namespace ?? '';
  const ref = controllerOf(pod);
  const out: PodOwners = {};
  if (ref?.kind === 'ReplicaSet') {
    out.replicaSet = await lookup.replicaSet(ns, ref.name);
    const dep = out.replicaSet && controllerOf(out.replicaSet);
    if (dep?.kind === 'Deployment') {
      out.deployment = await lookup.deployment(ns, dep.name);
      const all = await lookup.replicaSets(ns);
      const depUid = dep.uid ?? out.deployment?.metadata?.uid;
      out.siblings = all?.filter(
        (rs) =>
          rs.metadata?.uid !== out.replicaSet?.metadata?.uid &&
          rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && (depUid ? o.uid === depUid : o.name === dep.name)),
      );
    }
  } else if (ref?.kind === 'Job') {
    out.job = await lookup.job(ns, ref.name);
    const cj = out.job && controllerOf(out.job);
    if (cj?.kind === 'CronJob' && lookup.cronJob) out.cronJob = await lookup.cronJob(ns, cj.name);
  }
  return out;
}

/**
 * The object a person edits to change this pod: its Deployment (named by the ReplicaSet's own
 * controller reference when the ReplicaSet is known, else from the pod-template-hash suffix the
 * Deployment controller gives ReplicaSet names), CronJob, StatefulSet, DaemonSet, Job; or the
 * pod itself when nothing controls it.
 */
export function topOwner(pod: Owned & { metadata?: { name?: string; labels?: Record<string, string> } }, owners?: PodOwners): OwnerRef {
  const ref = controllerOf(pod);
  if (!ref) return { kind: 'Pod', name: pod.metadata?.name ?? '' };
  if (ref.kind === 'ReplicaSet') {
    const dep = owners?.replicaSet ? controllerOf(owners.replicaSet) : undefined;
    if (dep?.kind === 'Deployment') return dep;
    const hash = pod.metadata?.labels?.['pod-template-hash'];
    if (!owners?.replicaSet && hash && ref.name.endsWith(`-${hash}`))
      return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1) };
  }
  if (ref.kind === 'Job') {
    const cj = owners?.job ? controllerOf(owners.job) : undefined;
    if (cj?.kind === 'CronJob') return cj;
  }
  return ref;
}
