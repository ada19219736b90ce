// The Kubernetes resources Podscope reads, with their API paths.
export interface ResourceDef {
  /** our short name, used in subscriptions and URLs */
  name: ResourceName;
  group: string; // '' for core
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCES = {
  pods: { name: 'pods', group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  events: { name: 'events', group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  nodes: { name: 'nodes', group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false },
  replicasets: { name: 'replicasets', group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  deployments: { name: 'deployments', group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  statefulsets: { name: 'statefulsets', group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  daemonsets: { name: 'daemonsets', group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  jobs: { name: 'jobs', group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true },
  cronjobs: { name: 'cronjobs', group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true },
} as const satisfies Record<string, Omit<ResourceDef, 'name'> & { name: string }>;

export type ResourceName = keyof typeof RESOURCES;
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

export function resourceByKind(kind: string): ResourceDef | undefined {
  return Object.values(RESOURCES).find((r) => r.kind === kind) as ResourceDef | undefined;
}

/** The collection path, e.g. /apis/apps/v1/namespaces/ns/replicasets or /api/v1/pods. */
export function collectionPath(r: ResourceDef, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace ? `${base}/namespaces/${namespace}/${r.plural}` : `${base}/${r.plural}`;
}

/** Store key of an object, as client-go's MetaNamespaceKeyFunc: "ns/name" or "name". */
export function objectKey(o: { metadata?: { namespace?: string; name?: string } }): string {
  return o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata?.name ?? '');
}
