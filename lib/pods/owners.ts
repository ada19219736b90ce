// The owner chain of a pod (Pod → ReplicaSet → Deployment, Job → CronJob, ...), from
// ownerReferences, one controller link at a time.
export interface OwnerRef {
  kind: string;
  name: string;
}
interface Owned {
  metadata?: { ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
}

export function controllerOf(o: Owned | undefined): OwnerRef | undefined {
  const refs = o?.metadata?.ownerReferences ?? [];
  const r = refs.find((x) => x.controller) ?? refs[0];
  return r ? { kind: r.kind, name: r.name } : undefined;
}
