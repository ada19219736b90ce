// A pod's containers, in the order the kubelet runs them: init containers (sidecars are the
// restartable ones, restartPolicy Always), then the regular ones, then ephemeral (debug)
// containers when asked; each with its spec, its status and where that status lives. The one
// place for what was spelled out in many (the diagnosis, the views, logs, snapshots, the timeline).
import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

export type ContainerKind = 'init' | 'sidecar' | 'main' | 'ephemeral';

export interface PodContainer {
  name: string;
  kind: ContainerKind;
  spec: V1Container;
  status?: V1ContainerStatus;
  /** where the status is, for evidence: "status.containerStatuses[app]" */
  statusPath: string;
}

/** A restartable init container (KEP-753): it starts before the regular ones and keeps running beside them. */
export const isSidecar = (c: { restartPolicy?: string } | undefined): boolean => c?.restartPolicy === 'Always';

/** Every container spec in run order (init, sidecar, main; ephemeral ones when asked). */
export function containerSpecs(pod: V1Pod | undefined, opts: { ephemeral?: boolean } = {}): V1Container[] {
  const s = pod?.spec;
  return [
    ...(s?.initContainers ?? []),
    ...(s?.containers ?? []),
    ...(opts.ephemeral ? ((s?.ephemeralContainers ?? []) as V1Container[]) : []),
  ];
}

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

/** Every container with its kind and status, in run order. */
export function podContainers(pod: V1Pod | undefined, opts: { ephemeral?: boolean } = {}): PodContainer[] {
  const s = pod?.spec;
  const st = pod?.status;
  const byName = (list: V1ContainerStatus[] | undefined, field: string) =>
    new Map((list ?? []).map((x) => [x.name, { x, path: `status.${field}[${x.name}]` }]));
  const init = byName(st?.initContainerStatuses, 'initContainerStatuses');
  const main = byName(st?.containerStatuses, 'containerStatuses');
  const eph = byName(st?.ephemeralContainerStatuses, 'ephemeralContainerStatuses');
  const entry = (c: V1Container, kind: ContainerKind, from: typeof init, field: string): PodContainer => ({
    name: c.name,
    kind,
    spec: c,
    status: from.get(c.name)?.x,
    statusPath: from.get(c.name)?.path ?? `status.${field}[${c.name}]`,
  });
  return [
    ...(s?.initContainers ?? []).map((c) => entry(c, isSidecar(c) ? 'sidecar' : 'init', init, 'initContainerStatuses')),
    ...(s?.containers ?? []).map((c) => entry(c, 'main', main, 'containerStatuses')),
    ...(opts.ephemeral
      ? ((s?.ephemeralContainers ?? []) as V1Container[]).map((c) => entry(c, 'ephemeral', eph, 'ephemeralContainerStatuses'))
      : []),
  ];
}

export function hasContainer(pod: V1Pod | undefined, name: string, opts: { ephemeral?: boolean } = {}): boolean {
  return containerSpecs(pod, opts).some((c) => c.name === name);
}

/** "container "app"", "init container "migrate"", "sidecar container "proxy"". */
export const containerLabel = (c: { name: string; kind: ContainerKind }): string =>
  c.kind === 'main' ? `container "${c.name}"` : `${c.kind} container "${c.name}"`;
