'use client';
// Pod → ReplicaSet → Deployment, Job → CronJob: each link resolved live from ownerReferences.
import type { V1Pod } from '@kubernetes/client-node';
import Link from 'next/link';
import { RESOURCES, resourceByKind } from '@/lib/k8s/resources';
import { controllerOf, type OwnerRef } from '@/lib/k8s/owners';
import { workloadHref, workloadKindFromSegment } from '@/lib/pods/workload';
import { useSubscription } from '../data/stream-hooks';

function OwnerLink({ context, namespace, owner, depth }: { context: string; namespace: string; owner: OwnerRef; depth: number }) {
  const res = resourceByKind(owner.kind);
  const sub = useSubscription<{ metadata?: { ownerReferences?: { kind: string; name: string; controller?: boolean }[] } }>(
    res ? { context, resource: res.name, namespace: res.namespaced ? namespace : undefined, name: owner.name, view: 'objects' } : null,
  );
  const obj = sub.items.values().next().value;
  const next = controllerOf(obj);
  const workload = workloadKindFromSegment(owner.kind);
  return (
    <>
      <span className="text-slate-400">→</span>
      <Link
        href={
          workload
            ? workloadHref(context, namespace, workload, owner.name, 'all')
            : `/c/${encodeURIComponent(context)}/pods?ns=${namespace}&owner=${encodeURIComponent(`${owner.kind}/${owner.name}`)}`
        }
        className="mono text-blue-700 hover:underline"
        data-testid="owner-link"
      >
        {owner.kind}/{owner.name}
      </Link>
      {sub.ready && !obj && res && <span className="text-xs text-slate-400">(gone)</span>}
      {next && depth < 4 && <OwnerLink context={context} namespace={namespace} owner={next} depth={depth + 1} />}
      {!next && sub.ready && <WorkloadLinks context={context} namespace={namespace} owner={owner} />}
    </>
  );
}

/** At the top of the chain: links that name the workload, not this pod, so they survive its replacement. */
function WorkloadLinks({ context, namespace, owner }: { context: string; namespace: string; owner: OwnerRef }) {
  const kind = workloadKindFromSegment(owner.kind);
  if (!kind) return null;
  return (
    <span className="ml-1 text-xs text-slate-500" data-testid="workload-links">
      (
      <Link
        className="text-blue-700 hover:underline"
        href={workloadHref(context, namespace, kind, owner.name, 'failing')}
        data-testid="workload-failing"
      >
        failing pods
      </Link>
      {' · '}
      <Link
        className="text-blue-700 hover:underline"
        href={workloadHref(context, namespace, kind, owner.name, 'newest')}
        data-testid="workload-newest"
      >
        newest pod
      </Link>
      )
    </span>
  );
}

export function OwnerChain({ context, pod }: { context: string; pod: V1Pod }) {
  const owner = controllerOf(pod);
  if (!owner)
    return (
      <span>
        owner <b>none</b>
      </span>
    );
  void RESOURCES;
  return (
    <span className="flex items-center gap-1" data-testid="owner-chain">
      owners <span className="mono">Pod</span>
      <OwnerLink context={context} namespace={pod.metadata?.namespace ?? ''} owner={owner} depth={0} />
    </span>
  );
}
