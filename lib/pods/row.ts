// The slim projection of a pod that the list streams: everything the columns, filters and
// sorting need, about a tenth of the bytes of the full object.
import type { V1Pod } from '@kubernetes/client-node';
import { objectKey } from '../k8s/resources';
import { podColumns } from '../k8s/pod-status';

export interface PodRow {
  key: string;
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  status: string;
  phase: string;
  ready: number;
  total: number;
  restarts: number;
  lastRestartAt?: string;
  createdAt?: string;
  ip?: string;
  node?: string;
  owner?: { kind: string; name: string };
  deleting: boolean;
}

const iso = (t: unknown) => (t === undefined || t === null ? undefined : typeof t === 'string' ? t : new Date(t as Date).toISOString());

export function podRow(pod: V1Pod): PodRow {
  const c = podColumns(pod);
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller) ?? pod.metadata?.ownerReferences?.[0];
  return {
    key: objectKey(pod),
    uid: pod.metadata?.uid ?? '',
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    labels: pod.metadata?.labels ?? {},
    status: c.status,
    phase: pod.status?.phase ?? '',
    ready: c.ready,
    total: c.total,
    restarts: c.restarts,
    lastRestartAt: c.lastRestartAt,
    createdAt: iso(pod.metadata?.creationTimestamp),
    ip: pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP,
    node: pod.spec?.nodeName,
    owner: owner ? { kind: owner.kind, name: owner.name } : undefined,
    deleting: !!pod.metadata?.deletionTimestamp,
  };
}
