// A pod's container statuses: init (and sidecar) containers first, then the regular ones, and
// the ephemeral (debug) containers when asked. One place for what was spelled out in many.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

export function containerStatuses(pod: V1Pod | undefined, opts: { ephemeral?: boolean } = {}): V1ContainerStatus[] {
  const st = pod?.status;
  return [
    ...(st?.initContainerStatuses ?? []),
    ...(st?.containerStatuses ?? []),
    ...(opts.ephemeral ? (st?.ephemeralContainerStatuses ?? []) : []),
  ];
}

export function statusesByName(pod: V1Pod | undefined, opts: { ephemeral?: boolean } = {}): Map<string, V1ContainerStatus> {
  return new Map(containerStatuses(pod, opts).map((s) => [s.name, s]));
}
