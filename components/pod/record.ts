'use client';
// A pod that was deleted before the page opened: the flight recorder's last copy of it.
import type { V1Pod } from '@kubernetes/client-node';
import { useQuery } from '@tanstack/react-query';
import { podColumns } from '@/lib/k8s/pod-status';

export interface PodRecord {
  pod: V1Pod;
  deletedAt: number;
}

export function usePodRecord(context: string, namespace: string, name: string, enabled: boolean) {
  return useQuery<PodRecord | null>({
    queryKey: ['pod-record', context, namespace, name],
    enabled,
    queryFn: async () => {
      const res = await fetch(`/api/c/${encodeURIComponent(context)}/pods/${namespace}/${name}/history`);
      if (res.status === 404) return null;
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      return body as PodRecord;
    },
    retry: 1,
  });
}

/** What the pod was doing just before it was deleted, in kubectl's STATUS words. */
export function lastStateOf(pod: V1Pod): string {
  const c = podColumns({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: undefined } });
  return `${c.status}, ${c.ready}/${c.total} ready, ${c.restarts} restart${c.restarts === 1 ? '' : 's'}`;
}
